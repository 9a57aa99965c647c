import { scoreSheet, type IsoDate } from '@leap/domain'
import type { Kysely } from 'kysely'
import { recordAudit, type AuditContext } from '../audit/audit.repository.js'
import { findCatalogue } from '../catalogue/catalogue.repository.js'
import type { Database } from '../db/database.js'
import { listUnitsOfBranch } from '../improvement-plan/improvement-plan.repository.js'
import { consensusEntries, type InspectionRecord } from '../inspection/inspection.repository.js'
import type { SessionUser } from '../trpc/context.js'
import { refuse } from '../trpc/refusal.js'
import { insertEvents, insertItems } from './remediation.repository.js'

/** One deduction to place under tracking, as `remediation.createFromInspection` receives it. */
export interface TrackRequest {
  criterionCode: string
  unitId?: number | undefined
  dueDate: IsoDate
  title?: string | undefined
}

/**
 * Places deductions of a signed inspection under tracking in the caller's transaction: one item per
 * requested criterion (a deduction of the consensus sheet, scored by the domain) with its unit
 * (default: the branch's unit named like the criterion's) and due date, its `create` timeline entry,
 * and one audit entry. Criteria already tracked are skipped and reported. The caller checked access.
 * @throws BAD_REQUEST NOT_A_DEDUCTION or UNKNOWN_UNIT naming `items.<i>.<field>`.
 */
export async function trackDeductions(
  trx: Kysely<Database>,
  ctx: AuditContext & { user: SessionUser },
  inspection: InspectionRecord,
  items: readonly TrackRequest[],
): Promise<{ created: number[]; skipped: string[] }> {
  const catalogue = (await findCatalogue(trx, inspection.catalogueId))!.catalogue
  const sheet = scoreSheet(catalogue, await consensusEntries(trx, inspection.id))
  const candidates = new Map(sheet.remediationCandidates.map((c) => [c.criterionCode, c]))
  const titles = new Map(catalogue.dimensions.flatMap((d) => d.criteria.map((c) => [c.code, c.title.zh] as const)))
  const units = await listUnitsOfBranch(trx, inspection.branchId)
  const rows = items.map((wanted, index) => {
    const candidate = candidates.get(wanted.criterionCode)
    if (!candidate) {
      throw refuse('BAD_REQUEST', 'NOT_A_DEDUCTION', { item: index + 1, criterionCode: wanted.criterionCode }, `criterion ${wanted.criterionCode} was not deducted`, [
        { path: ['items', index, 'criterionCode'] },
      ])
    }
    const unit = wanted.unitId !== undefined ? units.find((u) => u.id === wanted.unitId) : units.find((u) => u.name === candidate.unit)
    if (!unit) {
      const params = { item: index + 1, unit: wanted.unitId ?? candidate.unit }
      throw refuse('BAD_REQUEST', 'UNKNOWN_UNIT', params, `unknown unit for item ${index + 1}`, [{ path: ['items', index, 'unitId'] }])
    }
    return {
      inspectionId: inspection.id,
      branchId: inspection.branchId,
      roundId: inspection.roundId,
      criterionCode: candidate.criterionCode,
      unitId: unit.id,
      title: wanted.title ?? titles.get(candidate.criterionCode) ?? candidate.criterionCode,
      finding: candidate.finding,
      dueDate: wanted.dueDate,
      status: 'open' as const,
      createdBy: ctx.user.id,
    }
  })
  const created = await insertItems(trx, rows)
  const now = ctx.now()
  await insertEvents(
    trx,
    created.map((c) => ({ remediationItemId: c.id, action: 'create', fromStatus: null, toStatus: 'open' as const, actorId: ctx.user.id, note: null, at: now })),
  )
  const createdCodes = new Set(created.map((c) => c.criterionCode))
  await recordAudit(trx, ctx, {
    action: 'remediation.createFromInspection',
    entity: 'inspection',
    entityId: inspection.id,
    branchId: inspection.branchId,
    after: { created: created.map((c) => ({ id: c.id, criterionCode: c.criterionCode })) },
  })
  return {
    created: created.map((c) => c.id),
    skipped: rows.map((r) => r.criterionCode).filter((code) => !createdCodes.has(code)),
  }
}
