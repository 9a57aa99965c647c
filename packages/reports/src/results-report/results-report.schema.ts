import { isoDateSchema } from '@leap/domain'
import { z } from 'zod'
import { remediationItemSchema } from '../remediation/remediation-item.schema.js'

const count = z.number().int().min(0).max(10_000_000)

/** The data tables a section may carry after its narrative. */
export const RESULTS_REPORT_DATA = ['phoneTests', 'remediation', 'cadence', 'survey', 'waitingTime', 'petitions', 'objections'] as const
export type ResultsReportDataKind = (typeof RESULTS_REPORT_DATA)[number]

/** One narrative section of a results report: a sub-area (or criterion) under its dimension. */
export interface ResultsReportSection {
  /** Stable key the narrative is stored under, e.g. `basic.consistency`. */
  key: string
  dimension: string
  title: string
  /** Data tables printed after the narrative, in this order. */
  data: readonly ResultsReportDataKind[]
}

/**
 * The narrative sections of a 服務躍升執行成果報告 (seeds 002/003, the v2 catalogue): dimension →
 * sub-area, with the data where the seeds put it. The default structure; other catalogues give
 * theirs through `resultsReportStructureFromCatalogue`.
 */
export const RESULTS_REPORT_SECTIONS = [
  { dimension: '基礎服務', key: 'basic.consistency', title: '服務一致及正確', data: [] },
  { dimension: '基礎服務', key: 'basic.friendliness', title: '服務友善', data: ['phoneTests'] },
  { dimension: '服務遞送', key: 'delivery.convenience', title: '服務便捷', data: [] },
  { dimension: '服務遞送', key: 'delivery.accessibility', title: '服務可近性', data: [] },
  { dimension: '服務遞送', key: 'delivery.growth', title: '服務成長及優化', data: [] },
  { dimension: '服務量能', key: 'capacity.simplification', title: '內部作業簡化', data: [] },
  { dimension: '服務量能', key: 'capacity.improvement', title: '服務精進機制', data: ['remediation', 'cadence'] },
  { dimension: '服務評價', key: 'evaluation.satisfaction', title: '服務滿意情形', data: ['survey', 'waitingTime', 'petitions'] },
  { dimension: '服務評價', key: 'evaluation.response', title: '意見回應處理情形', data: ['objections'] },
] as const satisfies readonly ResultsReportSection[]

/** Key of one section of the default (v2) structure, e.g. `basic.consistency`. */
export type ResultsReportSectionKey = (typeof RESULTS_REPORT_SECTIONS)[number]['key']

/** The programme the default structure belongs to, printed in the title. */
export const RESULTS_REPORT_PROGRAMME = '服務躍升'

const sectionSchema = z.object({
  key: z.string().trim().min(1).max(100),
  dimension: z.string().trim().min(1).max(100),
  title: z.string().trim().min(1).max(200),
  data: z.array(z.enum(RESULTS_REPORT_DATA)).max(RESULTS_REPORT_DATA.length).readonly(),
})

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
    /** The programme named in the title (服務躍升, 提升服務品質…). */
    programme: z.string().trim().min(1).max(50).default(RESULTS_REPORT_PROGRAMME),
    /** The report's sections in order (default: the v2 structure of seeds 002/003). */
    sections: z.array(sectionSchema).min(1).max(100).default(() => RESULTS_REPORT_SECTIONS.map((s) => ({ ...s, data: [...s.data] }))),
    /** Text per section key; missing sections print a placeholder (the draft is for people to finish). */
    narratives: z.record(z.string().max(100), z.string().max(100_000)).default({}),
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
    /**
     * 聲明異議 (行政執行法 §9) received in the period, as @leap/domain's `objectionTimeliness` counts
     * them (shares in percent, null when nothing to share); null when none were received.
     */
    objections: z
      .object({
        total: count,
        wellFounded: count,
        unfounded: count,
        pending: count,
        corrected: count,
        correctedOnTimeShare: z.number().min(0).max(100).nullable(),
        forwarded: count,
        forwardedOnTimeShare: z.number().min(0).max(100).nullable(),
        decided: count,
        decidedOnTimeShare: z.number().min(0).max(100).nullable(),
        overdue: count,
      })
      .nullable()
      .default(null),
    /**
     * The plan's rhythm over the period (seeds 003/004), from @leap/domain's `cadenceGaps`: the
     * missed slots (`label` 115年1月, `message` 115年1月 未辦理電話禮貌測試), and what the system does
     * not keep and so did not check (e.g. 辦理執行態度考核). Null when not computed.
     */
    cadence: z
      .object({
        gaps: z.array(z.object({ label: z.string().trim().min(1).max(50), message: z.string().trim().min(1).max(200) })).max(500),
        notChecked: z.array(z.string().trim().min(1).max(100)).max(10).default([]),
      })
      .nullable()
      .default(null),
  })
  .superRefine((report, ctx) => {
    const keys = new Set<string>()
    report.sections.forEach((section, i) => {
      if (keys.has(section.key)) ctx.addIssue({ code: 'custom', path: ['sections', i, 'key'], message: `section ${section.key} given twice` })
      keys.add(section.key)
    })
    for (const key of Object.keys(report.narratives)) {
      if (!keys.has(key)) ctx.addIssue({ code: 'custom', path: ['narratives', key], message: `no section ${key} in this report` })
    }
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
