import { isoDateSchema } from '@leap/domain'
import { z } from 'zod'

const text = (max: number) => z.string().trim().min(1).max(max)
const points = z.number().finite().min(0).max(10_000)

/** One criterion row of the sheet: 考核項目 · 評分 · 考核內容 · 配分 · 紀錄事項. */
export const scoreSheetCriterionSchema = z.object({
  /** Catalogue code, e.g. `sop-and-forms`. */
  code: text(64),
  /** 考核項目. */
  title: text(200),
  /** 考核內容: what the committee looks at and the tiers, as printed. */
  content: z.string().max(4000).default(''),
  /** 配分. */
  maxPoints: points,
  /** 評分; `null` when not applicable. */
  points: points.nullable(),
  /** 不適用: excluded from the total (the domain rescales the total to the applicable maximum). */
  notApplicable: z.boolean().default(false),
  /** 紀錄事項 (the finding behind a deduction). */
  finding: z.string().max(4000).nullable().default(null),
})

/** A dimension (構面) with its criteria. */
export const scoreSheetDimensionSchema = z.object({
  title: text(100),
  maxPoints: points,
  criteria: z.array(scoreSheetCriterionSchema).min(1).max(100),
})

/** A committee member as printed in the header and the signature block. */
export const committeeMemberSchema = z.object({
  name: text(50),
  role: z.enum(['convener', 'member', 'secretary']),
})

/**
 * Everything a score-sheet PDF shows, already resolved to text and numbers. The server maps its
 * inspection, consensus scores and the domain's `scoreSheet()` result to this shape.
 */
export const scoreSheetSchema = z
  .object({
    /** Title of the catalogue, e.g. 服務躍升考核項目評分表. */
    title: text(200),
    /** Catalogue version label, e.g. `v2`. */
    catalogueVersion: text(50),
    branch: z.object({ code: text(10), name: text(50) }),
    round: z.object({ rocYear: z.number().int().min(1).max(300), half: z.union([z.literal(1), z.literal(2)]) }),
    /** Date of the inspection, `YYYY-MM-DD`; printed as a ROC date (114年3月5日). */
    inspectedOn: isoDateSchema,
    committee: z.array(committeeMemberSchema).min(1).max(40),
    dimensions: z.array(scoreSheetDimensionSchema).min(1).max(20),
    /** The sheet total out of `totalPoints`, as the domain's `scoreSheet().total` computed it. */
    total: points,
    totalPoints: points.default(1000),
    passThreshold: points.default(750),
    /** 具體改善作法 (required by the 750 rule when the total is below the threshold). */
    improvementPlan: z.string().max(20_000).nullable().default(null),
    /** Who signed the sheet and when (an instant with offset, e.g. `2025-03-05T06:30:00Z`); null for a draft. */
    signOff: z.object({ signedBy: text(50), signedAt: z.iso.datetime({ offset: true }) }).nullable().default(null),
  })
  .superRefine((sheet, ctx) => {
    sheet.dimensions.forEach((d, di) =>
      d.criteria.forEach((c, ci) => {
        const path = ['dimensions', di, 'criteria', ci]
        if (c.notApplicable && c.points !== null) ctx.addIssue({ code: 'custom', path: [...path, 'points'], message: '不適用 items carry no points' })
        if (!c.notApplicable && c.points === null) ctx.addIssue({ code: 'custom', path: [...path, 'points'], message: 'points are required unless not applicable' })
        if (c.points !== null && c.points > c.maxPoints) ctx.addIssue({ code: 'custom', path: [...path, 'points'], message: `points above the maximum ${c.maxPoints}` })
      }),
    )
    const all = sheet.dimensions.flatMap((d) => d.criteria)
    // Without 不適用 items the total is the plain sum; a mismatch means the mapping went wrong.
    if (all.every((c) => !c.notApplicable)) {
      const sum = all.reduce((s, c) => s + (c.points ?? 0), 0)
      if (Math.abs(sum - sheet.total) > 0.005) ctx.addIssue({ code: 'custom', path: ['total'], message: `total ${sheet.total} differs from the sum of points ${Number(sum.toFixed(2))}` })
    }
    if (sheet.total > sheet.totalPoints) ctx.addIssue({ code: 'custom', path: ['total'], message: 'total above totalPoints' })
  })

/** Input of the score-sheet generator (before defaults). */
export type ScoreSheetInput = z.input<typeof scoreSheetSchema>
/** A validated score sheet with defaults applied. */
export type ScoreSheetData = z.output<typeof scoreSheetSchema>
