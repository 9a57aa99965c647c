import { isoDateSchema } from '@leap/domain'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { inspectionScope } from '../access/scope-filter.js'
import { listScoreEvidence } from '../remediation/remediation.repository.js'
import { authedProcedure, router } from '../trpc/init.js'
import { loadInspection, seesScoreEvidence, sheetView } from './inspection-sheet.js'
import { listInspections } from './inspection.repository.js'
import { openInspection } from './inspection-open.js'
import { inspectionScheduleProcedures } from './inspection-schedule.js'
import { inspectionLifecycleProcedures } from './inspection-lifecycle.js'
import { inspectionScoreRouter } from './inspection-scoring.js'
import { inspectionConsensusRouter } from './inspection-consensus.js'
import { sheetCompletionRouter } from './sheet-completion.js'

const id = rowId

/**
 * The inspection's procedures. This file holds the reads and `create`; the rest live in the
 * files it composes: scheduling (inspection-schedule.ts), status changes startScoring/sign/close
 * (inspection-lifecycle.ts), members' scores (inspection-scoring.ts), the convener's consensus
 * (inspection-consensus.ts) and 完成評分 (sheet-completion.ts).
 */
export const inspectionRouter = router({
  // Scheduling: schedule, upcoming, reschedule, cancel (inspection-schedule.ts).
  ...inspectionScheduleProcedures,

  /**
   * Inspections within the caller's scope (agency: all; committee: their rounds; branch users:
   * their branch), newest round first; optional filters by round, branch and status.
   */
  list: authedProcedure
    .input(
      z
        .object({
          roundId: id.optional(),
          branchId: id.optional(),
          status: z.enum(['draft', 'scoring', 'consensus', 'signed', 'closed']).optional(),
        })
        .optional(),
    )
    .query(async ({ ctx, input }) => listInspections(ctx.db, await inspectionScope(ctx.db, ctx.user, ctx.now()), input ?? {})),

  /**
   * The score sheet: the inspection, its catalogue, the caller's role and own scores, scoring
   * progress (agency, convener, secretary), the consensus rows and their result from the domain
   * (total, pass/fail, dimension subtotals, remediation candidates) — for branch users only once
   * signed — and the improvement plan. NOT_FOUND outside the caller's scope.
   */
  byId: authedProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    const loaded = await loadInspection(ctx.db, ctx.user, input.id)
    return sheetView(ctx.db, ctx.user, loaded)
  }),

  evidence: router({
    /**
     * The evidence files of the sheet's criteria (metadata; bytes at `GET /api/evidence/:id`),
     * oldest first. NOT_FOUND outside the caller's scope; empty for the inspected branch's users
     * until the sheet is signed.
     */
    list: authedProcedure.input(z.object({ inspectionId: id })).query(async ({ ctx, input }) => {
      const loaded = await loadInspection(ctx.db, ctx.user, input.inspectionId)
      if (!seesScoreEvidence(loaded)) return []
      return listScoreEvidence(ctx.db, loaded.inspection.id)
    }),
  }),

  /**
   * Creates the draft inspection of a branch in a round (agency admin, or the round's convener).
   * `inspectedOn` must fall in the round's half year. Locks the round's catalogue: from now on it
   * can no longer change. CONFLICT when the branch already has an inspection in that round.
   */
  create: authedProcedure
    .input(z.object({ roundId: id, branchId: id, inspectedOn: isoDateSchema }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction().execute((trx) => openInspection(trx, ctx, input))
    }),

  // Status changes after creation: startScoring, sign, close (inspection-lifecycle.ts).
  ...inspectionLifecycleProcedures,

  /** A member's own scores: save, saveMany, mine (inspection-scoring.ts). */
  score: inspectionScoreRouter,

  /** A member's 完成評分 state (see sheet-completion.ts). */
  completion: sheetCompletionRouter,

  /** The convener's consensus table and its save (inspection-consensus.ts). */
  consensus: inspectionConsensusRouter,
})
