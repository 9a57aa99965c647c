import { isoDateSchema } from '@leap/domain'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { notFound, visibleBranchIds } from '../access/branch-scope.js'
import { sitsOnAnyCommittee } from '../access/committee.js'
import { findBranch } from '../branch/branch.repository.js'
import type { Database } from '../db/database.js'
import { rowId } from '../db/row-id.js'
import type { SessionUser } from '../trpc/context.js'
import { refuse } from '../trpc/refusal.js'

/**
 * Readers of a branch's service indicators: agency admin and viewer, committee members (they
 * inspect every branch), branch users their own branch. Anything else is NOT_FOUND, like a branch
 * that does not exist.
 */
export async function assertMayReadIndicators(db: Kysely<Database>, user: SessionUser, branchId: number): Promise<void> {
  if (!(await findBranch(db, branchId))) throw notFound()
  const ids = visibleBranchIds(user)
  if (ids === null || ids.includes(branchId)) return
  if (!(await sitsOnAnyCommittee(db, user.id))) throw notFound()
}

/** Writers of a branch's indicators: agency admin, or the branch's own manager/staff. Other branches: NOT_FOUND. */
export async function assertMayEnterIndicators(db: Kysely<Database>, user: SessionUser, branchId: number): Promise<void> {
  await assertMayReadIndicators(db, user, branchId)
  if (user.agencyRole === 'admin') return
  if (user.branchId === branchId && user.branchRole !== null) return
  throw refuse('FORBIDDEN', 'NOT_ALLOWED', { action: 'enterIndicators' }, 'agency admin or the branch’s own staff only')
}

/** A branch and a closed date range of its indicator rows. */
export const indicatorPeriodInput = z
  .object({ branchId: rowId, from: isoDateSchema, to: isoDateSchema })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'], params: { code: 'DATE_BEFORE', after: 'from' } })

/**
 * A correction of one indicator row: any of `fields` (at least one: NOTHING_TO_CHANGE naming them
 * otherwise), with the row's id and the version it was read at.
 */
export function indicatorCorrection<F extends z.ZodRawShape>(fields: F) {
  const keys = Object.keys(fields)
  return z
    .object(fields)
    .partial()
    .extend({ id: rowId, expectedVersion: rowId })
    .refine((input) => keys.some((k) => (input as Record<string, unknown>)[k] !== undefined), {
      message: `give at least one of ${keys.join(', ')}`,
      params: { code: 'NOTHING_TO_CHANGE', fields: keys },
      path: [keys[0]!],
    })
}
