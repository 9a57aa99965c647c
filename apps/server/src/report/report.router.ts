import { RESULTS_REPORT_SECTIONS, type ResultsReportSectionKey } from '@leap/reports'
import { z } from 'zod'
import { recordAudit } from '../audit/audit.repository.js'
import { authedProcedure, router } from '../trpc/init.js'
import { assertNarrativeWriter, assertReportVisible } from './report-access.js'
import { listNarratives, saveNarratives } from './report-narrative.repository.js'

const sectionKeys = RESULTS_REPORT_SECTIONS.map((s) => s.key) as [ResultsReportSectionKey, ...ResultsReportSectionKey[]]

const reportKey = z.object({
  branchId: z.number().int().positive(),
  // Rounds of any ROC year may hold narratives (the documents themselves print years up to 300).
  rocYear: z.number().int().min(1).max(999),
  /** 1 = 第1次 (1–6月), 2 = 第2次 (1–12月). */
  report: z.union([z.literal(1), z.literal(2)]),
})

export const reportRouter = router({
  narrative: router({
    /**
     * The narrative sections of a branch's results report: `sections` in the report's order, each
     * with its stored text ('' when never written). NOT_FOUND outside the caller's scope.
     */
    get: authedProcedure.input(reportKey).query(async ({ ctx, input }) => {
      await assertReportVisible(ctx.db, ctx.user, input.branchId, input.rocYear)
      const stored = await listNarratives(ctx.db, input)
      return {
        ...input,
        sections: RESULTS_REPORT_SECTIONS.map((s) => ({ key: s.key, dimension: s.dimension, title: s.title, text: stored[s.key] ?? '' })),
      }
    }),

    /**
     * Saves some or all narrative sections (others unchanged) in one transaction, audited.
     * Branch manager/staff of the branch and agency admin; committee members FORBIDDEN.
     */
    save: authedProcedure
      .input(reportKey.extend({ sections: z.partialRecord(z.enum(sectionKeys), z.string().max(100_000)) }))
      .mutation(async ({ ctx, input }) => {
        await assertNarrativeWriter(ctx.db, ctx.user, input.branchId, input.rocYear)
        const { sections, ...key } = input
        const changes = Object.fromEntries(Object.entries(sections).filter((e): e is [string, string] => typeof e[1] === 'string'))
        await ctx.db.transaction().execute(async (trx) => {
          const before = await listNarratives(trx, key)
          await saveNarratives(trx, key, changes, ctx.user.id, ctx.now())
          await recordAudit(trx, ctx, {
            action: 'report.narrative.save',
            entity: 'report_narrative',
            entityId: `${key.branchId}/${key.rocYear}/${key.report}`,
            branchId: key.branchId,
            before: Object.fromEntries(Object.keys(changes).map((k) => [k, before[k] ?? null])),
            after: changes,
          })
        })
        return { saved: Object.keys(changes) }
      }),
  }),
})
