import { isoDateSchema } from '@leap/domain'
import { z } from 'zod'
import { remediationItemSchema } from '../remediation/remediation-item.schema.js'

const count = z.number().int().min(0).max(10_000_000)

/**
 * The narrative sections of a 服務躍升執行成果報告 (seeds 002/003): dimension → sub-area. The text
 * under each is written by people; the data tables are added by the generator where they belong.
 */
export const RESULTS_REPORT_SECTIONS = [
  { dimension: '基礎服務', key: 'basic.consistency', title: '服務一致及正確' },
  { dimension: '基礎服務', key: 'basic.friendliness', title: '服務友善' },
  { dimension: '服務遞送', key: 'delivery.convenience', title: '服務便捷' },
  { dimension: '服務遞送', key: 'delivery.accessibility', title: '服務可近性' },
  { dimension: '服務遞送', key: 'delivery.growth', title: '服務成長及優化' },
  { dimension: '服務量能', key: 'capacity.simplification', title: '內部作業簡化' },
  { dimension: '服務量能', key: 'capacity.improvement', title: '服務精進機制' },
  { dimension: '服務評價', key: 'evaluation.satisfaction', title: '服務滿意情形' },
  { dimension: '服務評價', key: 'evaluation.response', title: '意見回應處理情形' },
] as const

/** Key of one narrative section, e.g. `basic.consistency`. */
export type ResultsReportSectionKey = (typeof RESULTS_REPORT_SECTIONS)[number]['key']

const sectionKeys = RESULTS_REPORT_SECTIONS.map((s) => s.key) as [ResultsReportSectionKey, ...ResultsReportSectionKey[]]
const SCALE_SIZE = { five: 5, four: 4, three: 3 } as const


/** Input of the results-report generators (.docx and PDF). */
export const resultsReportSchema = z
  .object({
    branch: z.object({ code: z.string().trim().min(1).max(10), name: z.string().trim().min(1).max(50) }),
    rocYear: z.number().int().min(1).max(300),
    /** 第1次 covers January–June, 第2次 January–December (seed 002). */
    period: z.union([z.literal(1), z.literal(2)]),
    /** Date the statuses are read on (overdue items), `YYYY-MM-DD`. */
    asOf: isoDateSchema,
    /** Text per section; missing sections print a placeholder (the draft is for people to finish). */
    narratives: z.partialRecord(z.enum(sectionKeys), z.string().max(100_000)).default({}),
    /** 為民服務意見調查表: one scale for the whole form, one row per question. */
    survey: z
      .object({
        scale: z.enum(['five', 'four', 'three']),
        questions: z
          .array(z.object({ label: z.string().trim().min(1).max(200), counts: z.array(count), invalid: count.default(0) }))
          .min(1)
          .max(50),
      })
      .nullable()
      .default(null),
    /** 申辦案件所花費的時間: buckets ≤5, 5–15, 15–30, 30–60, ≥60 minutes. */
    waitingTime: z
      .object({
        buckets: z.array(count).length(5),
        invalid: count.default(0),
        /** Minutes the open ≥60 bucket counts for in the average; 30 reproduces the published formula. */
        openBucketMinutes: z.number().min(0).max(600).default(30),
      })
      .nullable()
      .default(null),
    /** 電話禮貌測試, one row per person tested. */
    phoneTests: z
      .array(z.object({ testedOn: isoDateSchema, unit: z.string().trim().min(1).max(50), person: z.string().max(50).default(''), score: z.number().min(0).max(100) }))
      .max(1000)
      .default([]),
    /**
     * 人民陳情 per month: counts by category and by channel (the same petitions, two breakdowns), in
     * the column order of @leap/domain's `PETITION_CATEGORIES` and `PETITION_CHANNELS` (seed 002).
     */
    petitions: z
      .object({
        months: z
          .array(z.object({ month: z.number().int().min(1).max(12), byCategory: z.array(count).length(5), byChannel: z.array(count).length(5) }))
          .max(12),
        /** Petitions closed within 6 days (day 6 counts as on time). */
        closedWithin6Days: count.nullable().default(null),
      })
      .nullable()
      .default(null),
    remediation: z.array(remediationItemSchema).max(5000).default([]),
  })
  .superRefine((report, ctx) => {
    report.survey?.questions.forEach((q, i) => {
      const size = SCALE_SIZE[report.survey!.scale]
      if (q.counts.length !== size) ctx.addIssue({ code: 'custom', path: ['survey', 'questions', i, 'counts'], message: `the ${report.survey!.scale}-level scale needs ${size} counts` })
    })
    const months = new Set<number>()
    report.petitions?.months.forEach((m, i) => {
      if (months.has(m.month)) ctx.addIssue({ code: 'custom', path: ['petitions', 'months', i, 'month'], message: `month ${m.month} given twice` })
      months.add(m.month)
      const a = m.byCategory.reduce((s, x) => s + x, 0)
      const b = m.byChannel.reduce((s, x) => s + x, 0)
      if (a !== b) ctx.addIssue({ code: 'custom', path: ['petitions', 'months', i], message: `month ${m.month}: ${a} petitions by category but ${b} by channel` })
      if (report.period === 1 && m.month > 6) ctx.addIssue({ code: 'custom', path: ['petitions', 'months', i, 'month'], message: '第1次 report covers January–June' })
    })
    if (report.petitions && report.petitions.closedWithin6Days !== null) {
      const total = report.petitions.months.reduce((s, m) => s + m.byCategory.reduce((x, y) => x + y, 0), 0)
      if (report.petitions.closedWithin6Days > total) ctx.addIssue({ code: 'custom', path: ['petitions', 'closedWithin6Days'], message: `more closed within 6 days than petitions (${total})` })
    }
  })

export type ResultsReportInput = z.input<typeof resultsReportSchema>
export type ResultsReportData = z.output<typeof resultsReportSchema>
