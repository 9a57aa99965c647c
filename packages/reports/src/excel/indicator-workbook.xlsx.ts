import { formatRocDate, OBJECTION_FINDINGS } from '@leap/domain'
import { satisfactionRate } from '../indicators/indicator-math.js'
import { INDICATOR_NAMES } from '../indicators/indicator-names.js'
import { addTableSheet, newWorkbook, workbookBytes } from './excel-common.js'
import {
  indicatorDataSchema,
  OBJECTION_COLUMNS,
  OBJECTION_SHEET,
  PUBLIC_SURVEY_LABEL,
  PHONE_COLUMNS,
  PHONE_SHEET,
  SURVEY_COLUMNS,
  SURVEY_SHEET,
  type IndicatorDataInput,
} from './indicator-workbook.schema.js'

const LEVELS = { five: 5, four: 4, three: 3 } as const

const INSTRUCTIONS = [
  ['指標資料範本說明'],
  [''],
  ['問卷統計：每列為一分署一個月份之一個題目。量表級數填 5、4 或 3；第1級為最滿意（5級：非常滿意、滿意、無意見、不滿意、非常不滿意；4級：很滿意、滿意、尚滿意、不滿意；3級：滿意以上、普通、其他），級數以外之欄位留空。'],
  ['無效 = 未作答或勾選二個以上；回收份數 = 各級合計 + 無效。滿意度% 可留空；填寫時須等於（前兩級，3級量表為第1級）÷ 有效樣本 × 100，四捨五入至小數第2位。'],
  ['問卷類別可留空（視為民眾問卷）；指標可留空，或填該題所計入之指標：洽公環境滿意度、服務禮貌滿意度、專業度及流程滿意度、整體滿意度（或其英文代碼）。同分署、年度、月份、問卷類別及題目之資料，匯入時取代既有資料。'],
  ['電話禮貌測試：每列為一人次。測試日期請填民國日期，如 114/03/05 或 114年3月5日；分數 0–100；受測單位、受測人員、測試人、分機可留空。編號與版本為系統匯出之測試編號及版本：有編號之列更新該筆測試（請保留版本；若該筆已於匯出後被修改，整份檔案不匯入，請重新匯出），無編號之列新增測試紀錄（新增資料時兩欄皆留空）。'],
  ['聲明異議（行政執行法第9條）：每列為一件。收件日期必填（民國日期）；審查結果填「有理由」或「無理由」，尚未認定者留空。有理由者填更正日期（撤銷或更正執行之日）；無理由者填移送日期（加具意見送行政執行署之日）及署之決定日期；不適用之日期留空，且日期不得早於前一步驟。編號與版本之用法同電話禮貌測試。'],
  ['匯入時任何一列有誤即全部不匯入，並列出每一錯誤之工作表、列、欄及規則。'],
]

/**
 * The indicator template (.xlsx) filled with `data`: sheet 問卷統計 (survey tallies, with the
 * satisfaction rate computed), sheet 電話禮貌測試 (phone tests), sheet 聲明異議 (objections), and a 說明 sheet (`notes` appended
 * to it, e.g. what an export left out). With empty data it is the blank template branches fill in;
 * filled, it is the export of stored data. {@link parseIndicatorWorkbook} reads either back.
 * @throws ZodError naming the field when `data` is invalid.
 */
export async function buildIndicatorWorkbook(data: IndicatorDataInput = {}, options: { createdAt?: Date; notes?: readonly string[] } = {}): Promise<Uint8Array> {
  const parsed = indicatorDataSchema.parse(data)
  const workbook = newWorkbook(options.createdAt)
  const surveys = addTableSheet(workbook, SURVEY_SHEET, SURVEY_COLUMNS, [10, 8, 8, 10, 36, 8, 8, 8, 8, 8, 8, 10, 10, 12, 20])
  for (const s of parsed.surveys) {
    const levels = Array.from({ length: 5 }, (_, i) => (i < LEVELS[s.scale] ? (s.counts[i] ?? 0) : null))
    surveys.addRow([
      s.branchCode, s.rocYear, s.month, LEVELS[s.scale], s.question, ...levels, s.invalid, s.returned, satisfactionRate(s.scale, s.counts),
      s.surveyKind === 'public' ? PUBLIC_SURVEY_LABEL : s.surveyKind, s.indicator === null ? null : INDICATOR_NAMES[s.indicator],
    ])
  }
  const phones = addTableSheet(workbook, PHONE_SHEET, PHONE_COLUMNS, [10, 14, 14, 14, 8, 14, 10, 10, 8])
  // Text cells: the ROC date (114/03/05, read back by the import) stays as printed, and an extension keeps its leading zeros.
  for (const p of parsed.phoneTests) phones.addRow([p.branchCode, formatRocDate(p.testedOn, 'slash'), p.unit || null, p.person || null, p.score, p.tester || null, p.extension || null, p.id, p.version])
  const objections = addTableSheet(workbook, OBJECTION_SHEET, OBJECTION_COLUMNS, [10, 14, 36, 10, 14, 14, 14, 10, 8])
  const day = (iso: string | null) => (iso === null ? null : formatRocDate(iso, 'slash'))
  for (const o of parsed.objections) {
    objections.addRow([o.branchCode, day(o.receivedOn), o.subject || null, o.finding === null ? null : OBJECTION_FINDINGS[o.finding], day(o.correctedOn), day(o.forwardedOn), day(o.decidedOn), o.id, o.version])
  }
  const help = workbook.addWorksheet('說明')
  help.getColumn(1).width = 120
  ;[...INSTRUCTIONS, ...(options.notes ?? []).map((n) => [n])].forEach((line) => {
    help.addRow(line).alignment = { wrapText: true }
  })
  return workbookBytes(workbook)
}
