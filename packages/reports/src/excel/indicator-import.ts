import { BRANCHES, isDomainError, isIsoDate, objectionDeadlines, OBJECTION_FINDINGS, parseRocDate, type ObjectionFinding } from '@leap/domain'
import type ExcelJS from 'exceljs'
import { satisfactionRate } from '../indicators/indicator-math.js'
import { INDICATOR_NAMES } from '../indicators/indicator-names.js'
import { Workbook } from './excel-common.js'
import {
  OBJECTION_COLUMNS,
  OBJECTION_SHEET,
  OPTIONAL_OBJECTION_COLUMNS,
  OPTIONAL_PHONE_COLUMNS,
  OPTIONAL_SURVEY_COLUMNS,
  PHONE_COLUMNS,
  PHONE_SHEET,
  SURVEY_COLUMNS,
  SURVEY_ROW_INDICATORS,
  SURVEY_SHEET,
  type IndicatorData,
  type ObjectionRow,
  type PhoneTestRow,
  type SurveyTallyRow,
  PUBLIC_SURVEY_LABEL,
} from './indicator-workbook.schema.js'

/** Why a cell or row was refused. */
export type ImportRule =
  | 'UNREADABLE_FILE'
  | 'MISSING_SHEET'
  | 'MISSING_COLUMN'
  | 'NO_ROWS'
  | 'REQUIRED'
  | 'NOT_A_NUMBER'
  | 'NOT_AN_INTEGER'
  | 'NEGATIVE'
  | 'OUT_OF_RANGE'
  | 'UNKNOWN_BRANCH'
  | 'UNKNOWN_SCALE'
  | 'UNKNOWN_INDICATOR'
  | 'TOO_LONG'
  | 'UNEXPECTED_VALUE'
  | 'INVALID_DATE'
  | 'INVALID_EXCEEDS_RETURNED'
  | 'TOTAL_MISMATCH'
  | 'RATE_MISMATCH'
  | 'DUPLICATE_ROW'
  | 'UNKNOWN_ROW'
  | 'STALE_ROW'

/**
 * One problem in an imported file: the sheet, the spreadsheet row number (1 = header) and the
 * column header with its letter where they apply, the rule broken, and a message for people.
 */
export interface ImportProblem {
  sheet: string
  row: number | null
  column: string | null
  rule: ImportRule
  message: string
}

/** All or nothing: the data only when every row of every sheet is valid. */
export type IndicatorImportResult = { ok: true; data: IndicatorData } | { ok: false; problems: ImportProblem[] }

type Cell = number | string | Date | null

/** The plain value of an exceljs cell: formulas give their cached result, rich text its text. */
function plain(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'number' || typeof value === 'string' || value instanceof Date) return typeof value === 'string' && value.trim() === '' ? null : value
  if (typeof value === 'boolean') return String(value)
  if ('result' in value) return plain(value.result as ExcelJS.CellValue)
  if ('richText' in value) return value.richText.map((r) => r.text).join('') || null
  if ('text' in value) return String(value.text)
  if ('error' in value) return String(value.error)
  return null
}

const BRANCH_CODES = new Set(BRANCHES.map((b) => b.code))

/** Reads one data row cell by cell against its column map, recording every problem. */
class RowReader {
  constructor(
    private readonly sheet: string,
    private readonly row: ExcelJS.Row,
    private readonly columns: Map<string, number>,
    private readonly problems: ImportProblem[],
  ) {}

  private where(column: string): string {
    const index = this.columns.get(column)
    return index === undefined ? column : `${column}（${this.row.worksheet.getColumn(index).letter}欄）`
  }

  problem(column: string | null, rule: ImportRule, message: string): void {
    this.problems.push({ sheet: this.sheet, row: this.row.number, column: column === null ? null : this.where(column), rule, message })
  }

  raw(column: string): Cell {
    const index = this.columns.get(column)
    return index === undefined ? null : plain(this.row.getCell(index).value)
  }

  text(column: string, required: boolean): string | null {
    const v = this.raw(column)
    if (v === null) {
      if (required) this.problem(column, 'REQUIRED', `「${column}」必填 (required)`)
      return null
    }
    return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim()
  }

  /** A number; integers only when `integer`; never negative; within `max` when given. */
  number(column: string, opts: { required: boolean; integer: boolean; max?: number; min?: number }): number | null {
    const v = this.raw(column)
    if (v === null) {
      if (opts.required) this.problem(column, 'REQUIRED', `「${column}」必填 (required)`)
      return null
    }
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^[-+]?\d+(\.\d+)?$/.test(v.trim().replace(/,/g, '')) ? Number(v.trim().replace(/,/g, '')) : Number.NaN
    if (!Number.isFinite(n)) {
      this.problem(column, 'NOT_A_NUMBER', `「${column}」應為數字，實為「${v instanceof Date ? v.toISOString().slice(0, 10) : String(v)}」(not a number)`)
      return null
    }
    if (n < 0) {
      this.problem(column, 'NEGATIVE', `「${column}」不得為負數：${n} (negative)`)
      return null
    }
    if (opts.integer && !Number.isInteger(n)) {
      this.problem(column, 'NOT_AN_INTEGER', `「${column}」應為整數：${n} (not an integer)`)
      return null
    }
    if ((opts.max !== undefined && n > opts.max) || (opts.min !== undefined && n < opts.min)) {
      this.problem(column, 'OUT_OF_RANGE', `「${column}」應介於 ${opts.min ?? 0}–${opts.max}：${n} (out of range)`)
      return null
    }
    return n
  }

  /** Optional text of at most `max` characters; null when blank. */
  shortText(column: string, max: number): string | null {
    const v = this.text(column, false)
    if (v !== null && v.length > max) {
      this.problem(column, 'TOO_LONG', `「${column}」至多 ${max} 字：${v.length} 字 (too long)`)
      return null
    }
    return v
  }

  branch(column: string): string | null {
    const code = this.text(column, true)
    if (code === null) return null
    if (!BRANCH_CODES.has(code.toUpperCase())) {
      this.problem(column, 'UNKNOWN_BRANCH', `未知的分署代碼「${code}」(unknown branch code)`)
      return null
    }
    return code.toUpperCase()
  }

  date(column: string, required = true): string | null {
    const v = this.raw(column)
    if (v === null) {
      if (required) this.problem(column, 'REQUIRED', `「${column}」必填 (required)`)
      return null
    }
    // Excel dates arrive as Date at UTC midnight of the calendar day typed in.
    if (v instanceof Date) return v.toISOString().slice(0, 10)
    const text = String(v).trim()
    if (isIsoDate(text)) return text
    try {
      return parseRocDate(text)
    } catch {
      this.problem(column, 'INVALID_DATE', `「${column}」不是有效日期：「${text}」(invalid date; use 2025-03-05 or 114/03/05)`)
      return null
    }
  }
}

/** Maps header text → column number; reports each missing required column. */
function readHeader(sheet: ExcelJS.Worksheet, expected: readonly string[], optional: readonly string[], problems: ImportProblem[]): Map<string, number> | null {
  const columns = new Map<string, number>()
  sheet.getRow(1).eachCell((cell, col) => {
    const v = plain(cell.value)
    if (v !== null) columns.set(String(v).trim(), col)
  })
  let complete = true
  for (const name of expected) {
    if (!columns.has(name) && !optional.includes(name)) {
      problems.push({ sheet: sheet.name, row: 1, column: name, rule: 'MISSING_COLUMN', message: `缺少欄位「${name}」(missing column)` })
      complete = false
    }
  }
  return complete ? columns : null
}

function dataRows(sheet: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = []
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map(plain)
    if (values.some((v) => v !== null)) rows.push(row)
  })
  return rows
}

const SCALES = { 5: 'five', 4: 'four', 3: 'three' } as const

/** The 指標 column takes an indicator's printed name or its key. */
const INDICATOR_BY_TEXT = new Map<string, (typeof SURVEY_ROW_INDICATORS)[number]>(SURVEY_ROW_INDICATORS.flatMap((k) => [[k, k] as const, [INDICATOR_NAMES[k], k] as const]))

function readSurveys(sheet: ExcelJS.Worksheet, columns: Map<string, number>, problems: ImportProblem[]): SurveyTallyRow[] {
  const out: SurveyTallyRow[] = []
  const seen = new Map<string, number>()
  for (const row of dataRows(sheet)) {
    const r = new RowReader(sheet.name, row, columns, problems)
    const before = problems.length
    const branchCode = r.branch('分署代碼')
    const rocYear = r.number('年度', { required: true, integer: true, min: 1, max: 300 })
    const month = r.number('月份', { required: true, integer: true, min: 1, max: 12 })
    const levelCount = r.number('量表級數', { required: true, integer: true })
    const question = r.text('題目', true)
    const scale = levelCount === null ? null : (SCALES[levelCount as 3 | 4 | 5] ?? null)
    if (levelCount !== null && scale === null) r.problem('量表級數', 'UNKNOWN_SCALE', `量表級數應為 5、4 或 3：${levelCount} (unknown scale)`)
    const size = levelCount ?? 5
    const counts: number[] = []
    for (let level = 1; level <= 5; level++) {
      const column = `第${level}級`
      if (scale !== null && level > size) {
        if (r.raw(column) !== null) r.problem(column, 'UNEXPECTED_VALUE', `${size} 級量表之「${column}」應留空 (must be empty for a ${size}-level scale)`)
        continue
      }
      const n = r.number(column, { required: scale !== null, integer: true })
      if (n !== null) counts.push(n)
    }
    const invalid = r.number('無效', { required: true, integer: true })
    const returned = r.number('回收份數', { required: true, integer: true })
    const printedRate = r.number('滿意度%', { required: false, integer: false, max: 100 })
    if (invalid !== null && returned !== null && invalid > returned) {
      r.problem('無效', 'INVALID_EXCEEDS_RETURNED', `無效 ${invalid} 份多於回收 ${returned} 份 (invalid exceeds returned)`)
    } else if (problems.length === before && scale !== null && returned !== null && invalid !== null) {
      const answered = counts.reduce((a, b) => a + b, 0)
      if (answered + invalid !== returned) {
        r.problem('回收份數', 'TOTAL_MISMATCH', `回收份數 ${returned} ≠ 各級合計 ${answered} + 無效 ${invalid} (returned ≠ answers + invalid)`)
      }
      const rate = satisfactionRate(scale, counts)
      if (printedRate !== null && rate !== null && Math.abs(rate - printedRate) > 0.005) {
        r.problem('滿意度%', 'RATE_MISMATCH', `滿意度% 填 ${printedRate}，依各級計算為 ${rate.toFixed(2)} (printed rate differs from the computed one)`)
      }
    }
    const kindText = r.shortText('問卷類別', 50)
    const surveyKind = kindText === null || kindText === PUBLIC_SURVEY_LABEL ? 'public' : kindText
    const indicatorText = r.text('指標', false)
    const indicator = indicatorText === null ? null : (INDICATOR_BY_TEXT.get(indicatorText) ?? undefined)
    if (indicator === undefined) {
      r.problem('指標', 'UNKNOWN_INDICATOR', `指標應為${SURVEY_ROW_INDICATORS.map((k) => INDICATOR_NAMES[k]).join('、')}之一或留空：「${indicatorText}」(unknown indicator)`)
    }
    if (branchCode !== null && rocYear !== null && month !== null && question !== null) {
      const key = JSON.stringify([branchCode, rocYear, month, surveyKind, question])
      const first = seen.get(key)
      if (first !== undefined) r.problem('題目', 'DUPLICATE_ROW', `與第 ${first} 列重複（同分署、年度、月份、問卷類別、題目）(duplicate of row ${first})`)
      else seen.set(key, row.number)
    }
    if (problems.length === before) {
      out.push({ branchCode: branchCode!, rocYear: rocYear!, month: month!, scale: scale!, question: question!, counts, invalid: invalid!, returned: returned!, surveyKind, indicator: indicator ?? null })
    }
  }
  return out
}

/**
 * The 編號 and 版本 of a row that names a stored record (a phone test, an objection): both or
 * neither, and each 編號 once on its sheet (`seen`: 編號 → the row it first stood on).
 */
function storedRowKey(r: RowReader, seen: Map<number, number>, rowNumber: number): { id: number | null; version: number | null } {
  const id = r.number('編號', { required: false, integer: true, min: 1, max: 2_147_483_647 })
  const version = r.number('版本', { required: false, integer: true, min: 1, max: 2_147_483_647 })
  if (id !== null && version === null) r.problem('版本', 'REQUIRED', '有編號之列須保留匯出時的版本 (keep the exported 版本 on a row with 編號)')
  if (id === null && version !== null) r.problem('版本', 'UNEXPECTED_VALUE', '版本僅用於有編號之列；新增資料時請留空 (版本 belongs to a row with 編號)')
  if (id !== null) {
    const first = seen.get(id)
    if (first !== undefined) r.problem('編號', 'DUPLICATE_ROW', `編號 ${id} 與第 ${first} 列重複 (duplicate of row ${first})`)
    else seen.set(id, rowNumber)
  }
  return { id, version }
}

/**
 * Reads a sheet whose rows may name a stored record by 編號 and 版本 (phone tests, objections).
 * `read` reads one row's columns through its reader, calling `storedKey` for the 編號 and 版本 in
 * their turn, and answers the row; `clean` says whether the row has no problem so far (to run a
 * rule over values that parsed). A row with any problem is left out.
 */
function readStoredRows<T>(
  sheet: ExcelJS.Worksheet,
  columns: Map<string, number>,
  problems: ImportProblem[],
  read: (r: RowReader, storedKey: () => { id: number | null; version: number | null }, clean: () => boolean) => T,
): T[] {
  const out: T[] = []
  const seen = new Map<number, number>()
  for (const row of dataRows(sheet)) {
    const r = new RowReader(sheet.name, row, columns, problems)
    const before = problems.length
    const value = read(r, () => storedRowKey(r, seen, row.number), () => problems.length === before)
    if (problems.length === before) out.push(value)
  }
  return out
}

function readPhoneTests(sheet: ExcelJS.Worksheet, columns: Map<string, number>, problems: ImportProblem[]): PhoneTestRow[] {
  return readStoredRows(sheet, columns, problems, (r, storedKey) => {
    const branchCode = r.branch('分署代碼')
    const testedOn = r.date('測試日期')
    const unit = r.shortText('受測單位', 1000) ?? ''
    const person = r.shortText('受測人員', 100) ?? ''
    const score = r.number('分數', { required: true, integer: false, max: 100 })
    const tester = r.shortText('測試人', 50) ?? ''
    const extension = r.shortText('分機', 20) ?? ''
    const { id, version } = storedKey()
    return { branchCode: branchCode!, testedOn: testedOn!, unit, person, score: score!, tester, extension, id, version }
  })
}

/** 審查結果 as printed (有理由 / 無理由) or its key → the finding. */
const FINDING_BY_TEXT = new Map<string, ObjectionFinding>(
  (Object.entries(OBJECTION_FINDINGS) as [ObjectionFinding, string][]).flatMap(([key, label]) => [[key, key] as const, [label, key] as const]),
)
/** The domain record's fields → the columns that hold them. */
const OBJECTION_FIELD_COLUMNS: Record<string, string> = { receivedOn: '收件日期', finding: '審查結果', correctedOn: '更正日期', forwardedOn: '移送日期', decidedOn: '決定日期' }

function readObjections(sheet: ExcelJS.Worksheet, columns: Map<string, number>, problems: ImportProblem[]): ObjectionRow[] {
  return readStoredRows(sheet, columns, problems, (r, storedKey, clean) => {
    const branchCode = r.branch('分署代碼')
    const receivedOn = r.date('收件日期')
    const subject = r.shortText('案由', 200) ?? ''
    const findingText = r.text('審查結果', false)
    const finding = findingText === null ? null : (FINDING_BY_TEXT.get(findingText) ?? undefined)
    if (finding === undefined) r.problem('審查結果', 'UNEXPECTED_VALUE', `審查結果應為「有理由」、「無理由」或留空：「${findingText}」(finding must be 有理由, 無理由 or blank)`)
    const correctedOn = r.date('更正日期', false)
    const forwardedOn = r.date('移送日期', false)
    const decidedOn = r.date('決定日期', false)
    const { id, version } = storedKey()
    const record = { receivedOn: receivedOn!, finding: finding ?? null, correctedOn, forwardedOn, decidedOn }
    if (clean()) objectionRule(r, record)
    return { branchCode: branchCode!, ...record, subject, id, version }
  })
}

/** The domain's rule (行政執行法 §9) on an objection row that parsed: steps that fit the finding, each not before the one it follows; a problem on the column concerned otherwise. */
function objectionRule(r: RowReader, record: Parameters<typeof objectionDeadlines>[0]): void {
  try {
    objectionDeadlines(record)
  } catch (error) {
    if (!isDomainError(error)) throw error
    const field = String(error.issues[0]?.path.at(-1) ?? 'receivedOn')
    const column = OBJECTION_FIELD_COLUMNS[field] ?? '收件日期'
    if (/ is before /.test(error.issues[0]?.message ?? '')) {
      r.problem(column, 'INVALID_DATE', `「${column}」早於前一步驟之日期 (${error.issues[0]?.message})`)
    } else {
      r.problem(column, 'UNEXPECTED_VALUE', `「${column}」與審查結果不符：有理由者填更正日期；無理由者填移送日期，決定日期須有移送日期 (${error.issues[0]?.message})`)
    }
  }
}

/**
 * Reads survey tallies, phone tests and objections from a filled indicator template (see
 * `buildIndicatorWorkbook`). All or nothing: every problem of every sheet is listed — sheet, row,
 * column (header and letter), rule, message — and no data is returned unless there is none.
 * Columns are found by their header text, in any order; blank rows are skipped.
 * Never throws: an unreadable file is an `UNREADABLE_FILE` problem.
 * @example const r = await parseIndicatorWorkbook(bytes); if (!r.ok) show(r.problems)
 */
export async function parseIndicatorWorkbook(bytes: Uint8Array): Promise<IndicatorImportResult> {
  const workbook = new Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer)
  } catch (error) {
    return { ok: false, problems: [{ sheet: '', row: null, column: null, rule: 'UNREADABLE_FILE', message: `無法讀取 Excel 檔 (not a readable .xlsx file): ${(error as Error).message}` }] }
  }
  const problems: ImportProblem[] = []
  let surveys: SurveyTallyRow[] = []
  let phoneTests: PhoneTestRow[] = []
  let objections: ObjectionRow[] = []
  const survey = workbook.getWorksheet(SURVEY_SHEET)
  const phone = workbook.getWorksheet(PHONE_SHEET)
  // Files made from templates older than the objection sheet have none: not a problem.
  const objection = workbook.getWorksheet(OBJECTION_SHEET)
  if (!survey && !phone && !objection) {
    for (const name of [SURVEY_SHEET, PHONE_SHEET]) problems.push({ sheet: name, row: null, column: null, rule: 'MISSING_SHEET', message: `缺少工作表「${name}」(missing sheet)` })
  }
  if (survey) {
    const columns = readHeader(survey, SURVEY_COLUMNS, OPTIONAL_SURVEY_COLUMNS, problems)
    if (columns) surveys = readSurveys(survey, columns, problems)
  }
  if (phone) {
    const columns = readHeader(phone, PHONE_COLUMNS, OPTIONAL_PHONE_COLUMNS, problems)
    if (columns) phoneTests = readPhoneTests(phone, columns, problems)
  }
  if (objection) {
    const columns = readHeader(objection, OBJECTION_COLUMNS, OPTIONAL_OBJECTION_COLUMNS, problems)
    if (columns) objections = readObjections(objection, columns, problems)
  }
  if (problems.length === 0 && surveys.length === 0 && phoneTests.length === 0 && objections.length === 0) {
    problems.push({ sheet: SURVEY_SHEET, row: null, column: null, rule: 'NO_ROWS', message: '檔案沒有任何資料列 (no data rows)' })
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, data: { surveys, phoneTests, objections } }
}
