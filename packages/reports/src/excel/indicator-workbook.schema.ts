import { isoDateSchema } from '@leap/domain'
import { z } from 'zod'

const count = z.number().int().min(0).max(10_000_000)

/** Indicators a satisfaction question may feed (the survey tallies' `indicator`). */
export const SURVEY_ROW_INDICATORS = ['environmentSatisfaction', 'courtesySatisfaction', 'professionalismSatisfaction', 'overallSatisfaction'] as const

/** One row of survey tallies: a question of one branch's form for one month. */
export const surveyTallyRowSchema = z.object({
  branchCode: z.string().min(1).max(10),
  rocYear: z.number().int().min(1).max(300),
  month: z.number().int().min(1).max(12),
  scale: z.enum(['five', 'four', 'three']),
  question: z.string().trim().min(1).max(200),
  /** Answers per level, best first: 5, 4 or 3 entries according to `scale`. */
  counts: z.array(count).min(3).max(5),
  /** No answer or two boxes ticked. */
  invalid: count,
  /** Forms returned = Σ counts + invalid. */
  returned: count,
  /** Which form the question belongs to (the server's `survey_kind`); `public` when left blank. */
  surveyKind: z.string().trim().min(1).max(50).default('public'),
  /** The indicator the question feeds, or null. */
  indicator: z.enum(SURVEY_ROW_INDICATORS).nullable().default(null),
}).superRefine((row, ctx) => {
  const size = { five: 5, four: 4, three: 3 }[row.scale]
  if (row.counts.length !== size) ctx.addIssue({ code: 'custom', path: ['counts'], message: `the ${row.scale}-level scale needs ${size} counts` })
  const answered = row.counts.reduce((a, b) => a + b, 0)
  if (row.returned !== answered + row.invalid) ctx.addIssue({ code: 'custom', path: ['returned'], message: `returned ${row.returned} ≠ answers ${answered} + invalid ${row.invalid}` })
})

/** One phone courtesy test of one person. */
export const phoneTestRowSchema = z.object({
  branchCode: z.string().min(1).max(10),
  testedOn: isoDateSchema,
  /** The unit tested; '' when not recorded (tests entered on the indicator page have none). */
  unit: z.string().trim().max(1000).default(''),
  person: z.string().max(100).default(''),
  score: z.number().min(0).max(100),
  tester: z.string().max(50).default(''),
  /** The extension dialled; '' when not recorded. */
  extension: z.string().trim().max(20).default(''),
  /** The stored test this row is (an export writes it): importing the row updates that test instead of adding one. */
  id: z.number().int().positive().nullable().default(null),
  /**
   * The stored test's version when it was exported (with `id`): the import updates the test only if
   * it is still that version, so an old export can never overwrite a later correction.
   */
  version: z.number().int().positive().nullable().default(null),
})

/**
 * One objection (聲明異議, 行政執行法 §9) a branch received: how it was found and the day of each
 * step. Whether the steps fit the finding and the dates' order is the domain's `objectionDeadlines`
 * rule, checked by the import per row.
 */
export const objectionRowSchema = z.object({
  branchCode: z.string().min(1).max(10),
  receivedOn: isoDateSchema,
  /** 案由; '' when not recorded. */
  subject: z.string().trim().max(200).default(''),
  /** 有理由 / 無理由; null while the branch has not decided. */
  finding: z.enum(['wellFounded', 'unfounded']).nullable().default(null),
  correctedOn: isoDateSchema.nullable().default(null),
  forwardedOn: isoDateSchema.nullable().default(null),
  decidedOn: isoDateSchema.nullable().default(null),
  /** The stored objection this row is (an export writes it): importing the row updates it instead of adding one. */
  id: z.number().int().positive().nullable().default(null),
  /** The stored objection's version when exported (with `id`): an older export never overwrites a later correction. */
  version: z.number().int().positive().nullable().default(null),
})

/** The data of the indicator template: survey tallies, phone tests and objections. */
export const indicatorDataSchema = z.object({
  surveys: z.array(surveyTallyRowSchema).max(100_000).default([]),
  phoneTests: z.array(phoneTestRowSchema).max(100_000).default([]),
  objections: z.array(objectionRowSchema).max(100_000).default([]),
})

export type SurveyTallyRow = z.output<typeof surveyTallyRowSchema>
export type PhoneTestRow = z.output<typeof phoneTestRowSchema>
export type ObjectionRow = z.output<typeof objectionRowSchema>
export type IndicatorDataInput = z.input<typeof indicatorDataSchema>
export type IndicatorData = z.output<typeof indicatorDataSchema>

/** Sheet names and column headers of the template; the import finds columns by these headers. */
export const SURVEY_SHEET = '問卷統計'
export const PHONE_SHEET = '電話禮貌測試'
export const OBJECTION_SHEET = '聲明異議'
/** How the 問卷類別 column prints the default form `public` (read back as `public`). */
export const PUBLIC_SURVEY_LABEL = '民眾問卷'
export const SURVEY_COLUMNS = ['分署代碼', '年度', '月份', '量表級數', '題目', '第1級', '第2級', '第3級', '第4級', '第5級', '無效', '回收份數', '滿意度%', '問卷類別', '指標'] as const
export const PHONE_COLUMNS = ['分署代碼', '測試日期', '受測單位', '受測人員', '分數', '測試人', '分機', '編號', '版本'] as const
export const OBJECTION_COLUMNS = ['分署代碼', '收件日期', '案由', '審查結果', '更正日期', '移送日期', '決定日期', '編號', '版本'] as const
/**
 * Columns that may be left out of a file (files made from older templates lack the last ones): the
 * rate is only checked when present; 問卷類別 defaults to `public`, 指標 to none.
 */
export const OPTIONAL_SURVEY_COLUMNS: readonly string[] = ['滿意度%', '問卷類別', '指標']
export const OPTIONAL_PHONE_COLUMNS: readonly string[] = ['受測單位', '受測人員', '測試人', '分機', '編號', '版本']
export const OPTIONAL_OBJECTION_COLUMNS: readonly string[] = ['案由', '審查結果', '更正日期', '移送日期', '決定日期', '編號', '版本']
