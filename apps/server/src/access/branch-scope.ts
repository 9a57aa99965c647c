import type { SessionUser } from '../trpc/context.js'
import { notFound } from '../trpc/refusal.js'

/**
 * The log text of "missing" and "not yours" on plain HTTP routes (their body carries the code
 * `NOT_FOUND`, see `refusalBody`): a branch user must not learn whether another branch's record exists.
 */
export const NOT_FOUND_MESSAGE = 'not found'

// The one NOT_FOUND refusal lives with the other refusals; re-exported for the access checks' callers.
export { notFound }

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
 * Throws NOT_FOUND (`notFound()`) when the user may not see `branchId` — the same error
 * as for a record that does not exist, never FORBIDDEN.
 * @example
 * const item = await findItem(ctx.db, input.id)
 * if (!item) throw notFound()
 * assertBranchVisible(ctx.user, item.branchId)
 */
export function assertBranchVisible(user: SessionUser, branchId: number): void {
  if (!canSeeBranch(user, branchId)) throw notFound()
}
