import { assertSheetComplete, DomainError, scoreSheet, taipeiDate } from '@leap/domain'
import { z } from 'zod'
import { requireCommitteeRole, requireNotRecused } from '../access/committee.js'
import { rowId } from '../db/row-id.js'
import { findImprovementPlan } from '../improvement-plan/improvement-plan.repository.js'
import { notifyInspectionSigned } from '../notification/notification-events.js'
import type { SessionUser } from '../trpc/context.js'
import { authedProcedure } from '../trpc/init.js'
import { versionConflict } from '../trpc/refusal.js'
import { assertNotLocked, changeStatus, loadInspection, sheetView, type LoadedInspection } from './inspection-sheet.js'
import { expectedVersion, illegal } from './inspection-scoring.js'
import { listConsensusScores, toScoreEntry } from './inspection.repository.js'

function assertConvenerOrAdmin(loaded: LoadedInspection, user: SessionUser): void {
  if (user.agencyRole === 'admin') return
  requireCommitteeRole(loaded.myRole, ['convener'])
}

/** An inspection's status changes after it is created: `startScoring`, `sign`, `close`. */
export const inspectionLifecycleProcedures = {
  /** Opens a draft inspection for scoring (the round's convener, or agency admin). CONFLICT when `expectedVersion` is stale. */
  startScoring: authedProcedure.input(z.object({ id: rowId, expectedVersion })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const loaded = await loadInspection(trx, ctx.user, input.id, { forUpdate: true })
      assertConvenerOrAdmin(loaded, ctx.user)
      const audit = { action: 'inspection.startScoring', before: { status: loaded.inspection.status }, after: { status: 'scoring' } }
      return changeStatus(trx, ctx, loaded, input.expectedVersion, { status: 'scoring' }, audit, (inspection) => {
        if (inspection.status !== 'draft') throw illegal('notDraft', { status: inspection.status })
        // Scoring is what happens on the visit: never before the inspection day (Asia/Taipei), so no
        // scored or signed sheet exists while the branch may not yet learn of the inspection.
        if (inspection.inspectedOn > taipeiDate(ctx.now())) throw illegal('beforeInspectionDay', { inspectedOn: inspection.inspectedOn })
      })
    })
  }),

  /**
   * Signs the consensus sheet (the round's convener): refuses an incomplete sheet
   * (PRECONDITION_FAILED SHEET_INCOMPLETE, one issue per missing criterion), stores the domain's
   * result (total, pass/fail, dimension subtotals) and locks the sheet: nothing on it changes
   * afterwards. CONFLICT when `expectedVersion` is stale.
   */
  sign: authedProcedure.input(z.object({ id: rowId, expectedVersion })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const loaded = await loadInspection(trx, ctx.user, input.id, { forUpdate: true })
      const { inspection, catalogue } = loaded
      requireCommitteeRole(loaded.myRole, ['convener'])
      requireNotRecused(loaded.recused)
      if (inspection.version !== input.expectedVersion) throw versionConflict(`inspection ${inspection.id}`, inspection)
      assertNotLocked(inspection)
      if (inspection.status === 'draft') throw illegal('scoringNotStarted')
      const consensus = await listConsensusScores(trx, inspection.id)
      const result = scoreSheet(catalogue.catalogue, consensus.map(toScoreEntry))
      assertSheetComplete(result)
      const now = ctx.now()
      const change = {
        status: 'signed' as const,
        totalPoints: result.total,
        passThreshold: result.passThreshold,
        passed: result.passed,
        dimensionTotals: result.dimensions,
        signedAt: now,
        signedBy: ctx.user.id,
      }
      const audit = { action: 'inspection.sign', before: { status: inspection.status }, after: { status: 'signed', total: result.total, passed: result.passed } }
      const signed = await changeStatus(trx, ctx, loaded, input.expectedVersion, change, audit)
      await notifyInspectionSigned(trx, inspection.id, now)
      return sheetView(trx, ctx.user, { ...loaded, inspection: signed })
    })
  }),

  /**
   * Closes a signed inspection (the round's convener, or agency admin). Below the pass threshold
   * it needs an improvement plan with at least one measure first: PRECONDITION_FAILED
   * IMPROVEMENT_PLAN_REQUIRED otherwise. CONFLICT when `expectedVersion` is stale.
   */
  close: authedProcedure.input(z.object({ id: rowId, expectedVersion })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const loaded = await loadInspection(trx, ctx.user, input.id, { forUpdate: true })
      assertConvenerOrAdmin(loaded, ctx.user)
      const audit = { action: 'inspection.close', before: { status: loaded.inspection.status }, after: { status: 'closed' } }
      return changeStatus(trx, ctx, loaded, input.expectedVersion, { status: 'closed', closedAt: ctx.now(), closedBy: ctx.user.id }, audit, async (inspection) => {
        if (inspection.status === 'closed') throw illegal('alreadyClosed')
        if (inspection.status !== 'signed') throw illegal('notSigned')
        if (inspection.passed === false) {
          const plan = await findImprovementPlan(trx, inspection.id)
          if (!plan || plan.measures.length === 0) {
            const params = { total: inspection.totalPoints, passThreshold: inspection.passThreshold }
            throw new DomainError('IMPROVEMENT_PLAN_REQUIRED', 'below the pass threshold: an improvement plan is required', [], params)
          }
        }
      })
    })
  }),
}
