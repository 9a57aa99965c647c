import { TRPCError } from '@trpc/server'
import type { SessionUser } from '../trpc/context.js'

/**
 * The one message for "missing" and "not yours": a branch user must not learn whether another
 * branch's record exists.
 */
export const NOT_FOUND_MESSAGE = '找不到資料 (not found)'

/** A NOT_FOUND error with the shared message. */
export function notFound(): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: NOT_FOUND_MESSAGE })
}

/**
 * The branches whose data the user may see by virtue of their account: `null` means all
 * (agency admin and viewer), a branch user gets their own branch, a committee-only user gets
 * none (their rounds are added by `access/committee.ts`). Never throws.
 */
export function visibleBranchIds(user: SessionUser): readonly number[] | null {
  if (user.agencyRole === 'admin' || user.agencyRole === 'viewer') return null
  if (user.branchId !== null && user.branchRole !== null) return [user.branchId]
  return []
}

/** True when the user may see data of `branchId` (account roles only; see `visibleBranchIds`). */
export function canSeeBranch(user: SessionUser, branchId: number): boolean {
  const ids = visibleBranchIds(user)
  return ids === null || ids.includes(branchId)
}

/**
 * Throws NOT_FOUND with `NOT_FOUND_MESSAGE` when the user may not see `branchId` — the same error
 * as for a record that does not exist, never FORBIDDEN.
 * @example
 * const item = await findItem(ctx.db, input.id)
 * if (!item) throw notFound()
 * assertBranchVisible(ctx.user, item.branchId)
 */
export function assertBranchVisible(user: SessionUser, branchId: number): void {
  if (!canSeeBranch(user, branchId)) throw notFound()
}
