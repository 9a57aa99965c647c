import { compareRounds, formatPercent, formatRocDate, INDICATOR_KEYS, indicatorKeySchema, isoDateSchema, roundKey, roundLabel, type Round } from '@leap/domain'
import { INDICATOR_NAMES } from '../indicators/indicator-names.js'
import { z } from 'zod'
import { remediationItemSchema } from '../remediation/remediation-item.schema.js'
import { addTableSheet, newWorkbook, WARN_FILL, workbookBytes } from './excel-common.js'
import { addRemediationRegisterSheet } from './remediation-register.xlsx.js'

const roundSchema = z.object({ rocYear: z.number().int().min(1).max(300), half: z.union([z.literal(1), z.literal(2)]) })
const points = z.number().finite().min(0).max(10_000)

/**
 * Input of {@link buildNationalWorkbook}: the catalogue's criteria (columns), the branches and
 * rounds (rows), one entry per signed sheet, the remediation items and measured indicators.
 */
export const nationalWorkbookSchema = z
  .object({
    criteria: z
      .array(z.object({ code: z.string().min(1).max(64), dimension: z.string().min(1).max(100), title: z.string().min(1).max(200), maxPoints: points }))
      .min(1)
      .max(300),
    branches: z.array(z.object({ code: z.string().min(1).max(10), name: z.string().min(1).max(50) })).min(1).max(100),
    rounds: z.array(roundSchema).min(1).max(60),
    sheets: z
      .array(
        z.object({
          branchCode: z.string().min(1).max(10),
          round: roundSchema,
          inspectedOn: isoDateSchema.nullable().default(null),
          /** The sheet total (domain `scoreSheet().total`, rescaled when items are not applicable). */
          total: points,
          /** Points per criterion code; `null` = not applicable; a missing code prints blank. */
          scores: z.record(z.string(), points.nullable()),
          /**
           * The total on the comparison basis (the catalogue of the newest round): `same` = scored on
           * it, `carried` = another version carried by the recorded criterion mapping, `noMapping` /
           * `notSigned` = not comparable (total null). Absent = no basis stated (printed blank).
           */
          comparable: z
            .object({ total: points.nullable(), reason: z.enum(['same', 'carried', 'noMapping', 'notSigned']) })
            .refine((c) => (c.reason === 'same' || c.reason === 'carried') === (c.total !== null), { message: 'a comparable total goes with same or carried, and only with them' })
            .optional(),
        }),
      )
      .max(10_000),
    /** The catalogue the comparable totals are on (e.g. 「服務躍升評分表（第2版）」); null when none is stated. */
    comparisonBasis: z.string().min(1).max(200).nullable().default(null),
    remediation: z.array(remediationItemSchema).max(50_000).default([]),
    /**
     * Measured indicators of a branch in a round (the domain's figures for the round's half year),
     * with an optional note printed beside the value (e.g. the phone-courtesy band, the sample).
     */
    indicators: z
      .array(
        z.object({
          branchCode: z.string().min(1).max(10),
          round: roundSchema,
          key: indicatorKeySchema,
          value: z.number().finite(),
          detail: z.string().max(200).nullable().default(null),
        }),
      )
      .max(100_000)
      .default([]),
    /**
     * The plan's cadence kept or missed (domain `cadenceGaps`): one row per missed month, quarter or
     * half year of a branch, with the sentence the documents print (`114年10月 未辦理電話禮貌測試`).
     */
    cadenceGaps: z.array(z.object({ branchCode: z.string().min(1).max(10), message: z.string().min(1).max(100) })).max(100_000).default([]),
    /** Kinds of the rhythm the system keeps no data for, named on the 辦理頻率 sheet (e.g. 辦理執行態度考核). */
    cadenceNotChecked: z.array(z.string().min(1).max(50)).max(10).default([]),
    /** 聲明異議 of a branch in a round's half year (domain `objectionTimeliness`); shares in percent or null. */
    objections: z
      .array(
        z.object({
          branchCode: z.string().min(1).max(10),
          round: roundSchema,
          total: z.number().int().min(0),
          corrected: z.number().int().min(0),
          correctedOnTimeShare: z.number().finite().nullable(),
          forwarded: z.number().int().min(0),
          forwardedOnTimeShare: z.number().finite().nullable(),
          decided: z.number().int().min(0),
          decidedOnTimeShare: z.number().finite().nullable(),
          overdue: z.number().int().min(0),
        }),
      )
      .max(10_000)
      .default([]),
    passThreshold: points.default(750),
    /** The day overdue is judged on in the register sheet. */
    asOf: isoDateSchema,
  })
  .superRefine((data, ctx) => {
    const branches = new Set(data.branches.map((b) => b.code))
    const criteria = new Map(data.criteria.map((c) => [c.code, c]))
    const rounds = new Set(data.rounds.map(roundKey))
    const seen = new Set<string>()
    data.sheets.forEach((s, i) => {
      if (!branches.has(s.branchCode)) ctx.addIssue({ code: 'custom', path: ['sheets', i, 'branchCode'], message: `unknown branch ${s.branchCode}` })
      if (!rounds.has(roundKey(s.round))) ctx.addIssue({ code: 'custom', path: ['sheets', i, 'round'], message: `round ${roundKey(s.round)} is not in rounds` })
      const key = `${s.branchCode}/${roundKey(s.round)}`
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['sheets', i], message: `two sheets for ${key}` })
      seen.add(key)
      for (const [code, value] of Object.entries(s.scores)) {
        const c = criteria.get(code)
        if (!c) ctx.addIssue({ code: 'custom', path: ['sheets', i, 'scores', code], message: `unknown criterion ${code}` })
        else if (value !== null && value > c.maxPoints) ctx.addIssue({ code: 'custom', path: ['sheets', i, 'scores', code], message: `above the maximum ${c.maxPoints}` })
      }
    })
    data.indicators.forEach((x, i) => {
      if (!branches.has(x.branchCode)) ctx.addIssue({ code: 'custom', path: ['indicators', i, 'branchCode'], message: `unknown branch ${x.branchCode}` })
      if (!rounds.has(roundKey(x.round))) ctx.addIssue({ code: 'custom', path: ['indicators', i, 'round'], message: `round ${roundKey(x.round)} is not in rounds` })
    })
    data.cadenceGaps.forEach((g, i) => {
      if (!branches.has(g.branchCode)) ctx.addIssue({ code: 'custom', path: ['cadenceGaps', i, 'branchCode'], message: `unknown branch ${g.branchCode}` })
    })
    data.objections.forEach((o, i) => {
      if (!branches.has(o.branchCode)) ctx.addIssue({ code: 'custom', path: ['objections', i, 'branchCode'], message: `unknown branch ${o.branchCode}` })
      if (!rounds.has(roundKey(o.round))) ctx.addIssue({ code: 'custom', path: ['objections', i, 'round'], message: `round ${roundKey(o.round)} is not in rounds` })
    })
  })

export type NationalWorkbookInput = z.input<typeof nationalWorkbookSchema>

/** Column headers of the 指標 sheet, in order. */
export const NATIONAL_INDICATOR_COLUMNS = ['分署代碼', '分署', '輪次', '指標名稱', '數值', '說明'] as const

/** How the 評分明細 sheet words the basis of a comparable total, or why a round is not comparable. */
export const COMPARISON_BASIS_TEXT = {
  same: '同一評分表',
  carried: '依項目對照換算',
  noMapping: '無項目對照，不予比較',
  notSigned: '尚未簽核',
} as const

/** Sheet names of the national workbook, in order. */
export const NATIONAL_WORKBOOK_SHEETS = ['總表', '評分明細', '列管表', '指標', '辦理頻率', '聲明異議'] as const

/**
 * The agency's national workbook (.xlsx) with four sheets:
 * - 總表: branches × rounds, each cell the sheet total, totals below the pass threshold shaded;
 * - 評分明細: one row per branch and round, one column per criterion (`title (配分)`), then the total
 *   and, when `comparisonBasis` is given, the comparable total on that basis and its basis or the
 *   reason it is not comparable (a round of another catalogue is never mixed in unmarked);
 * - 列管表: the remediation register (overdue judged on `asOf`);
 * - 指標: measured indicators, one row per branch, round and indicator (printed name, value, note),
 *   in branch, round and indicator order;
 * - 辦理頻率: each branch's missed months, quarters and halves of the plan's rhythm, and the kinds not checked;
 * - 聲明異議: objections per branch and round with the on-time shares (calendar days, day received = day 0).
 * Dates are ROC (112/02/17) in every sheet.
 * @throws ZodError naming the field when the input is invalid (unknown branch, criterion or round,
 *   points above a maximum, two sheets for one branch and round).
 */
export async function buildNationalWorkbook(input: NationalWorkbookInput, options: { createdAt?: Date } = {}): Promise<Uint8Array> {
  const data = nationalWorkbookSchema.parse(input)
  const workbook = newWorkbook(options.createdAt)
  const rounds = [...data.rounds].sort((a, b) => a.rocYear - b.rocYear || a.half - b.half)
  const sheetsByKey = new Map(data.sheets.map((s) => [`${s.branchCode}/${roundKey(s.round)}`, s]))

  const summary = addTableSheet(workbook, '總表', ['分署代碼', '分署', ...rounds.map((r: Round) => roundLabel(r)), '平均'], [10, 12, ...rounds.map(() => 14), 10])
  for (const branch of data.branches) {
    const totals = rounds.map((r) => sheetsByKey.get(`${branch.code}/${roundKey(r)}`)?.total ?? null)
    // With a basis stated, the mean runs over the comparable totals only: two catalogues never mix in it.
    const comparable = data.comparisonBasis ? rounds.map((r) => sheetsByKey.get(`${branch.code}/${roundKey(r)}`)?.comparable?.total ?? null) : totals
    const present = comparable.filter((t): t is number => t !== null)
    const mean = present.length > 0 ? Math.round((present.reduce((a, b) => a + b, 0) / present.length) * 100) / 100 : null
    const row = summary.addRow([branch.code, branch.name, ...totals, mean])
    totals.forEach((t, i) => {
      if (t !== null && t < data.passThreshold) row.getCell(3 + i).fill = WARN_FILL
    })
  }
  if (data.comparisonBasis) {
    summary.addRow([])
    summary.addRow(['', `各輪次為該輪評分表之總分；平均以${data.comparisonBasis}為基準之比較總分計算（依項目對照換算），無項目對照之輪次不列入（見評分明細「比較基準」欄）。`])
  }

  const detail = addTableSheet(
    workbook,
    '評分明細',
    [
      '分署代碼',
      '分署',
      '輪次',
      '考核日期',
      ...data.criteria.map((c) => `${c.dimension}｜${c.title}（${c.maxPoints}）`),
      '總分',
      ...(data.comparisonBasis ? [`比較總分（以${data.comparisonBasis}為基準）`, '比較基準'] : []),
    ],
    [10, 12, 14, 12, ...data.criteria.map(() => 16), 10, ...(data.comparisonBasis ? [16, 20] : [])],
  )
  detail.getRow(1).height = 60
  for (const branch of data.branches) {
    for (const round of rounds) {
      const sheet = sheetsByKey.get(`${branch.code}/${roundKey(round)}`)
      if (!sheet) continue
      const row = detail.addRow([
        branch.code,
        branch.name,
        roundLabel(round),
        sheet.inspectedOn ? formatRocDate(sheet.inspectedOn, 'slash') : '',
        ...data.criteria.map((c) => {
          const v = sheet.scores[c.code]
          return v === undefined ? null : v === null ? '不適用' : v
        }),
        sheet.total,
        ...(data.comparisonBasis ? [sheet.comparable?.total ?? null, sheet.comparable ? COMPARISON_BASIS_TEXT[sheet.comparable.reason] : ''] : []),
      ])
      if (sheet.total < data.passThreshold) row.getCell(5 + data.criteria.length).fill = WARN_FILL
      const carried = sheet.comparable?.total
      if (data.comparisonBasis && carried != null && carried < data.passThreshold) row.getCell(6 + data.criteria.length).fill = WARN_FILL
    }
  }

  addRemediationRegisterSheet(workbook, data.remediation, data.asOf)

  const names = new Map(data.branches.map((b) => [b.code, b.name]))
  const branchOrder = new Map(data.branches.map((b, i) => [b.code, i]))
  const keyOrder = new Map(INDICATOR_KEYS.map((k, i) => [k, i]))
  const measured = [...data.indicators].sort(
    (a, b) => branchOrder.get(a.branchCode)! - branchOrder.get(b.branchCode)! || compareRounds(a.round, b.round) || keyOrder.get(a.key)! - keyOrder.get(b.key)!,
  )
  // People read the indicator's name; its key is an identifier of the code, not of the agency.
  const indicators = addTableSheet(workbook, '指標', NATIONAL_INDICATOR_COLUMNS, [10, 12, 14, 30, 10, 30])
  for (const i of measured) indicators.addRow([i.branchCode, names.get(i.branchCode) ?? '', roundLabel(i.round), INDICATOR_NAMES[i.key], i.value, i.detail])

  const cadence = addTableSheet(workbook, '辦理頻率', ['分署代碼', '分署', '未辦理事項'], [10, 12, 40])
  const gaps = [...data.cadenceGaps].sort((a, b) => branchOrder.get(a.branchCode)! - branchOrder.get(b.branchCode)!)
  for (const g of gaps) cadence.addRow([g.branchCode, names.get(g.branchCode) ?? '', g.message])
  if (gaps.length === 0) cadence.addRow(['', '', '各分署均已依規定頻率辦理'])
  if (data.cadenceNotChecked.length > 0) cadence.addRow(['', '', `${data.cadenceNotChecked.join('、')}：系統未保存此項資料，未列入檢查`])

  const pct = (n: number | null) => (n === null ? '—' : `${formatPercent(n)}%`)
  const objections = addTableSheet(
    workbook,
    '聲明異議',
    ['分署代碼', '分署', '輪次', '件數', '有理由已更正', '期限內更正比率', '無理由已送署', '10日內送署比率', '署已決定', '30日內決定比率', '逾期未辦'],
    [10, 12, 14, 8, 12, 14, 12, 14, 10, 14, 10],
  )
  const objectionRows = [...data.objections].sort((a, b) => branchOrder.get(a.branchCode)! - branchOrder.get(b.branchCode)! || compareRounds(a.round, b.round))
  for (const o of objectionRows) {
    objections.addRow([o.branchCode, names.get(o.branchCode) ?? '', roundLabel(o.round), o.total, o.corrected, pct(o.correctedOnTimeShare), o.forwarded, pct(o.forwardedOnTimeShare), o.decided, pct(o.decidedOnTimeShare), o.overdue])
  }
  objections.addRow([])
  objections.addRow(['', '', '期限依行政執行法第9條：有理由者應即更正（以收件後10日內計），無理由者10日內送署，署30日內決定；日曆天，收件日為第0日。'])

  return workbookBytes(workbook)
}
