import { DomainError, isoDateSchema } from '@leap/domain'
import { TRPCError } from '@trpc/server'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { requireCommitteeRole } from '../access/committee.js'
import { recordAudit } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import { consensusResult, loadInspection, staleWrite, type LoadedInspection } from '../inspection/inspection-sheet.js'
import { listConsensusScores } from '../inspection/inspection.repository.js'
import type { SessionUser } from '../trpc/context.js'
import { authedProcedure, router } from '../trpc/init.js'
import {
  findImprovementPlan,
  insertImprovementPlan,
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
  if (inspection.status === 'closed') throw new DomainError('SHEET_LOCKED', '考核已結案 (the inspection is closed)')
  if (inspection.status !== 'signed') throw new DomainError('ILLEGAL_TRANSITION', '評分表簽核後才能提出改善作法 (sign the sheet first)')
  if (inspection.passed !== false) {
    throw new DomainError('ILLEGAL_TRANSITION', `總分已達 ${inspection.passThreshold} 分，無須改善作法 (the total passed: no improvement plan is required)`)
  }
  const issues: { path: (string | number)[]; message: string }[] = []
  const branchUnits = new Set(await unitIdsOfBranch(db, inspection.branchId, input.measures.map((m) => m.unitId)))
  const result = consensusResult(catalogue.catalogue, await listConsensusScores(db, inspection.id))
  const deducted = new Set(result?.remediationCandidates.map((r) => r.criterionCode) ?? [])
  input.measures.forEach((m, i) => {
    if (!branchUnits.has(m.unitId)) issues.push({ path: ['measures', i, 'unitId'], message: '不是受考核分署的單位 (not a unit of the inspected branch)' })
    if (m.criterionCode !== null && !deducted.has(m.criterionCode)) {
      issues.push({ path: ['measures', i, 'criterionCode'], message: '此項目沒有扣分 (not a deducted criterion of this sheet)' })
    }
    if (m.dueDate < inspection.inspectedOn) issues.push({ path: ['measures', i, 'dueDate'], message: `不得早於考核日 ${inspection.inspectedOn} (before the inspection)` })
  })
  if (issues.length > 0) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: issues[0]!.message, cause: new z.ZodError(issues.map((i) => ({ code: 'custom' as const, ...i, input: undefined }))) })
  }
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
      ctx.db.selectFrom('unit').select(['id', 'name']).where('branchId', '=', inspection.branchId).orderBy('id').execute(),
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
      if (existing) throw staleWrite('改善作法', existing)
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
        const before = await findImprovementPlan(trx, inspection.id)
        if (!before) throw new TRPCError({ code: 'NOT_FOUND', message: '尚未提出改善作法 (no plan yet: create it)' })
        if (before.version !== input.expectedVersion || !(await updateImprovementPlan(trx, before.id, input.expectedVersion, input, ctx.user.id, ctx.now()))) {
          throw staleWrite('改善作法', before)
        }
        const plan = (await findImprovementPlan(trx, inspection.id))!
        await recordAudit(trx, ctx, { action: 'improvementPlan.update', entity: 'improvement_plan', entityId: plan.id, branchId: inspection.branchId, before, after: plan })
        return plan
      })
    }),
})
