import { roundRange, type IsoDate } from '@leap/domain'
import type { Kysely } from 'kysely'
import { assertCommitteeRole } from '../access/committee.js'
import { recordAudit, type AuditContext } from '../audit/audit.repository.js'
import { findBranch } from '../branch/branch.repository.js'
import { lockCatalogue } from '../catalogue/catalogue.repository.js'
import type { Database } from '../db/database.js'
import { findRound } from '../round/round.repository.js'
import type { SessionUser } from '../trpc/context.js'
import { notFound, refuse } from '../trpc/refusal.js'
import { findInspection, findInspectionOf, insertInspection, type InspectionRecord } from './inspection.repository.js'

/**
 * Opens the draft inspection of a branch in a round, in the caller's transaction: agency admin or
 * the round's convener; the round open; `inspectedOn` within its half year (DATE_OUTSIDE_ROUND
 * naming `inspectedOn`); one inspection per branch and round (CONFLICT DUPLICATE). Locks the
 * round's catalogue (it can no longer change) and writes the audit entry.
 */
export async function openInspection(
  trx: Kysely<Database>,
  ctx: AuditContext & { user: SessionUser },
  input: { roundId: number; branchId: number; inspectedOn: IsoDate },
): Promise<InspectionRecord> {
  const round = await findRound(trx, input.roundId)
  if (!round) throw notFound()
  // Rounds are not secret; who may open an inspection in one is: admin or its convener.
  if (ctx.user.agencyRole !== 'admin') await assertCommitteeRole(trx, ctx.user, round.id, ['convener'])
  if (round.status !== 'open') throw refuse('PRECONDITION_FAILED', 'ROUND_CLOSED', { roundId: round.id }, 'the round is closed')
  if (!(await findBranch(trx, input.branchId))) throw notFound()
  const range = roundRange(round)
  if (input.inspectedOn < range.start || input.inspectedOn > range.end) {
    throw refuse('BAD_REQUEST', 'DATE_OUTSIDE_ROUND', { ...range, rocYear: round.rocYear, half: round.half }, `inspectedOn outside the round (${range.start}–${range.end})`, [{ path: ['inspectedOn'] }])
  }
  if (await findInspectionOf(trx, round.id, input.branchId)) {
    throw refuse('CONFLICT', 'DUPLICATE', { field: 'branchId' }, 'this branch already has an inspection in the round', [{ path: ['branchId'] }])
  }
  const inspectionId = await insertInspection(trx, input)
  await lockCatalogue(trx, round.catalogueId, ctx.now())
  await recordAudit(trx, ctx, { action: 'inspection.create', entity: 'inspection', entityId: inspectionId, branchId: input.branchId, after: input })
  return (await findInspection(trx, inspectionId))!
}
