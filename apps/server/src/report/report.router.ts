import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { authedProcedure, router } from '../trpc/init.js'
import { refuse } from '../trpc/refusal.js'
import { assertBranchDataVisible, assertNarrativeWriter, assertReportVisible } from './report-access.js'
import { resultsReportStructureFor } from './report-data.js'
import { listNarrativeSections, saveNarratives } from './report-narrative.repository.js'
import { listReportPeriods } from './report.repository.js'

const reportKey = z.object({
  branchId: rowId,
  // Rounds of any ROC year may hold narratives (the documents themselves print years up to 300).
  rocYear: z.number().int().min(1).max(999),
  /** 1 = 第1次 (1–6月), 2 = 第2次 (1–12月). */
  report: z.union([z.literal(1), z.literal(2)]),
})

export const reportRouter = router({
  /**
   * The results-report periods the branch has data for, latest first (`[]` when none): the admin
   * opens the report panel on the latest instead of an empty period. NOT_FOUND outside the caller's scope.
   */
  periods: authedProcedure.input(z.object({ branchId: rowId })).query(async ({ ctx, input }) => {
    await assertBranchDataVisible(ctx.db, ctx.user, input.branchId, { fromRocYear: 1, toRocYear: 999 })
    return { periods: await listReportPeriods(ctx.db, input.branchId) }
  }),

  narrative: router({
    /**
     * The narrative sections of a branch's results report: `sections` in the report's order — the
     * structure of the catalogue in force that ROC year (v1's dimensions for 100年) — each with its
     * stored text ('' when never written) and version (0 when never written). NOT_FOUND outside the
     * caller's scope.
     */
    get: authedProcedure.input(reportKey).query(async ({ ctx, input }) => {
      await assertReportVisible(ctx.db, ctx.user, input.branchId, input.rocYear)
      const [stored, structure] = await Promise.all([listNarrativeSections(ctx.db, input), resultsReportStructureFor(ctx.db, input.rocYear)])
      return {
        ...input,
        sections: structure.sections.map((s) => ({ key: s.key, dimension: s.dimension, title: s.title, text: stored[s.key]?.text ?? '', version: stored[s.key]?.version ?? 0 })),
      }
    }),

    /**
     * Saves some or all narrative sections (others unchanged) in one audited transaction, each with
     * the version it was read at (0: never written): a section someone saved since refuses the save
     * with CONFLICT carrying the current sections, so nobody's text is overwritten unseen. Branch
     * manager/staff of the branch and agency admin; committee members FORBIDDEN; BAD_REQUEST for a
     * key that is not a section of that year's report.
     */
    save: authedProcedure
      .input(reportKey.extend({ sections: z.record(z.string().min(1).max(100), z.object({ text: z.string().max(100_000), expectedVersion: z.number().int().min(0).max(2_147_483_647) })) }))
      .mutation(async ({ ctx, input }) => {
        await assertNarrativeWriter(ctx.db, ctx.user, input.branchId, input.rocYear)
        const { sections, ...key } = input
        const known = new Set((await resultsReportStructureFor(ctx.db, key.rocYear)).sections.map((s) => s.key))
        const unknown = Object.keys(sections).filter((k) => !known.has(k))
        if (unknown.length > 0) {
          throw refuse('BAD_REQUEST', 'UNKNOWN_SECTIONS', { sections: unknown }, `the ${key.rocYear} results report has no such sections: ${unknown.join(', ')}`, [{ path: ['sections'] }])
        }
        const saved = await ctx.db.transaction().execute((trx) => saveNarratives(trx, ctx, key, sections, ctx.user.id, ctx.now()))
        return { saved: saved.map((s) => s.sectionKey), sections: saved }
      }),
  }),
})
