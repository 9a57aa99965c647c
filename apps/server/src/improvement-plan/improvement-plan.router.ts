import { DomainError, isoDateSchema, type ErrorCode, type ErrorParams } from '@leap/domain'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { requireCommitteeRole } from '../access/committee.js'
import { recordAudit } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import { versionedUpdate } from '../db/versioned-write.js'
import { consensusResult, loadInspection, type LoadedInspection } from '../inspection/inspection-sheet.js'
import { listConsensusScores } from '../inspection/inspection.repository.js'
import type { SessionUser } from '../trpc/context.js'
import { authedProcedure, router } from '../trpc/init.js'
import { refuse, versionConflict } from '../trpc/refusal.js'
import {
  findImprovementPlan,
  insertImprovementPlan,
  listUnitsOfBranch,
  unitIdsOfBranch,
  updateImprovementPlan,
  type ImprovementPlanInput,
} from './improvement-plan.repository.js'

const id = rowId

const planFields = {
  summary: z.string().trim().min(1).max(4000),
  measures: z
    .array(
      z.object({
        unitId: id,
        criterionCode: z.string().trim().min(1).max(64).nullable().default(null),
        measure: z.string().trim().min(1).max(4000),
        dueDate: isoDateSchema,
      }),
    )
    .min(1)
    .max(200),
}

/**
 * Loads the inspection for a plan write and checks everything but the version: the round's
 * convener or secretary; the sheet signed, not closed, and below the pass threshold; every unit
 * a unit of the inspected branch; criterion codes naming deductions of the sheet; due dates not
 * before the inspection.
 */
async function loadForPlanWrite(db: Kysely<Database>, user: SessionUser, inspectionId: number, input: ImprovementPlanInput): Promise<LoadedInspection> {
  const loaded = await loadInspection(db, user, inspectionId, { forUpdate: true })
  const { inspection, catalogue } = loaded
  requireCommitteeRole(loaded.myRole, ['convener', 'secretary'])
  if (inspection.status === 'closed') throw new DomainError('SHEET_LOCKED', 'the inspection is closed', [], { status: inspection.status })
  if (inspection.status !== 'signed') throw new DomainError('ILLEGAL_TRANSITION', 'sign the sheet first', [], { reason: 'notSigned' })
  if (inspection.passed !== false) {
    throw new DomainError('ILLEGAL_TRANSITION', 'the total passed: no improvement plan is required', [], { reason: 'planNotRequired', passThreshold: inspection.passThreshold })
  }
  const issues: { path: (string | number)[]; code: ErrorCode; params?: ErrorParams }[] = []
  const branchUnits = new Set(await unitIdsOfBranch(db, inspection.branchId, input.measures.map((m) => m.unitId)))
  const result = consensusResult(catalogue.catalogue, await listConsensusScores(db, inspection.id))
  const deducted = new Set(result?.remediationCandidates.map((r) => r.criterionCode) ?? [])
  input.measures.forEach((m, i) => {
    if (!branchUnits.has(m.unitId)) issues.push({ path: ['measures', i, 'unitId'], code: 'UNKNOWN_UNIT', params: { item: i + 1 } })
    if (m.criterionCode !== null && !deducted.has(m.criterionCode)) issues.push({ path: ['measures', i, 'criterionCode'], code: 'NOT_A_DEDUCTION' })
    if (m.dueDate < inspection.inspectedOn) issues.push({ path: ['measures', i, 'dueDate'], code: 'DATE_BEFORE', params: { date: m.dueDate, after: inspection.inspectedOn } })
  })
  if (issues.length > 0) throw refuse('BAD_REQUEST', issues[0]!.code, issues[0]!.params ?? {}, `improvement plan: ${issues.map((i) => `${i.path.join('.')} ${i.code}`).join(', ')}`, issues)
  return loaded
}

export const improvementPlanRouter = router({
  /**
   * The improvement plan of an inspection (null when none), whether one is required (signed below
   * the pass threshold), the units concerned by the deductions (from the domain) and the branch's
   * units to choose from. Anyone who may see the inspection; NOT_FOUND otherwise.
   */
  byInspection: authedProcedure.input(z.object({ inspectionId: id })).query(async ({ ctx, input }) => {
    const { inspection, catalogue } = await loadInspection(ctx.db, ctx.user, input.inspectionId)
    const signed = inspection.status === 'signed' || inspection.status === 'closed'
    const [plan, units, consensus] = await Promise.all([
      findImprovementPlan(ctx.db, inspection.id),
      listUnitsOfBranch(ctx.db, inspection.branchId),
      signed ? listConsensusScores(ctx.db, inspection.id) : Promise.resolve([]),
    ])
    const result = consensusResult(catalogue.catalogue, consensus)
    return {
      plan: plan ?? null,
      required: signed && inspection.passed === false,
      unitsConcerned: result?.improvementPlanUnits ?? [],
      remediationCandidates: result?.remediationCandidates ?? [],
      units,
    }
  }),

  /**
   * Creates the plan of a signed inspection below the threshold (the round's convener or
   * secretary): a summary and measures per unit with due dates. CONFLICT when a plan exists
   * (use `update`); BAD_REQUEST with field paths for a unit of another branch, a criterion that
   * lost no points, a due date before the inspection.
   */
  create: authedProcedure.input(z.object({ inspectionId: id, ...planFields })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const { inspection } = await loadForPlanWrite(trx, ctx.user, input.inspectionId, input)
      const existing = await findImprovementPlan(trx, inspection.id)
      if (existing) throw versionConflict('improvement_plan', existing)
      const planId = await insertImprovementPlan(trx, inspection.id, input, ctx.user.id, ctx.now())
      const plan = (await findImprovementPlan(trx, inspection.id))!
      await recordAudit(trx, ctx, { action: 'improvementPlan.create', entity: 'improvement_plan', entityId: planId, branchId: inspection.branchId, after: plan })
      return plan
    })
  }),

  /**
   * Replaces the plan's summary and measures (same callers and checks as `create`). CONFLICT with
   * the current plan in `cause.current` when `expectedVersion` is stale; NOT_FOUND when no plan.
   */
  update: authedProcedure
    .input(z.object({ inspectionId: id, ...planFields, expectedVersion: rowId }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction().execute(async (trx) => {
        const { inspection } = await loadForPlanWrite(trx, ctx.user, input.inspectionId, input)
        return versionedUpdate(trx, ctx, {
          expectedVersion: input.expectedVersion,
          find: (db) => findImprovementPlan(db, inspection.id),
          write: async (db, before) =>
            (await updateImprovementPlan(db, before.id, input.expectedVersion, input, ctx.user.id, ctx.now())) ? findImprovementPlan(db, inspection.id) : undefined,
          audit: { action: 'improvementPlan.update', entity: 'improvement_plan', branchId: inspection.branchId },
        })
      })
    }),
})
