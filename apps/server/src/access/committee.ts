import { DomainError, type IsoDate } from '@leap/domain'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { CommitteeRole, SessionUser } from '../trpc/context.js'
import { notFound } from './branch-scope.js'
import { inspectionScope, scopeCovers } from './scope-filter.js'

type Db = Kysely<Database>

/**
 * The user's roles on a round's committee roster (round_member). Empty when they do not sit on it.
 * A user holds at most one role per round (primary key), so the array has 0 or 1 entries.
 */
export async function committeeRolesFor(db: Db, userId: number, roundId: number): Promise<CommitteeRole[]> {
  const rows = await db
    .selectFrom('roundMember')
    .select('role')
    .where('roundId', '=', roundId)
    .where('userId', '=', userId)
    .execute()
  return rows.map((r) => r.role)
}

/** True when the user sits on any round's committee (committee members read every branch's indicators). */
export async function sitsOnAnyCommittee(db: Db, userId: number): Promise<boolean> {
  return (await db.selectFrom('roundMember').select('roundId').where('userId', '=', userId).executeTakeFirst()) !== undefined
}

/**
 * Requires the user to hold one of `roles` on the round's roster.
 * @returns the role held.
 * @throws DomainError `ROLE_NOT_ALLOWED` (→ FORBIDDEN) otherwise. Call it after the visibility
 *   check, so a user who may not see the round gets NOT_FOUND first.
 */
export async function assertCommitteeRole(
  db: Db,
  user: SessionUser,
  roundId: number,
  roles: readonly CommitteeRole[],
): Promise<CommitteeRole> {
  return requireCommitteeRole(await committeeRolesFor(db, user.id, roundId), roles)
}

/**
 * `assertCommitteeRole` for a role already read (e.g. with the inspection, by `loadInspection`).
 * @throws DomainError `ROLE_NOT_ALLOWED` when none of `held` is one of `roles`.
 */
export function requireCommitteeRole(held: CommitteeRole | null | readonly CommitteeRole[], roles: readonly CommitteeRole[]): CommitteeRole {
  const candidates = held === null ? [] : typeof held === 'string' ? [held] : held
  const match = candidates.find((r) => roles.includes(r))
  if (!match) {
    throw new DomainError('ROLE_NOT_ALLOWED', `only the round's ${roles.join(' or ')}`, [], { roles: [...roles] })
  }
  return match
}

/** True when the user declared a conflict of interest for this branch in this round. */
export async function isRecused(db: Db, userId: number, roundId: number, branchId: number): Promise<boolean> {
  const row = await db
    .selectFrom('conflictOfInterest')
    .select('id')
    .where('roundId', '=', roundId)
    .where('userId', '=', userId)
    .where('branchId', '=', branchId)
    .executeTakeFirst()
  return row !== undefined
}

/** @throws DomainError `MEMBER_RECUSED` (→ FORBIDDEN) when the user is recused from this branch in this round. */
export async function assertNotRecused(db: Db, userId: number, roundId: number, branchId: number): Promise<void> {
  requireNotRecused(await isRecused(db, userId, roundId, branchId))
}

/** `assertNotRecused` for a recusal already read. @throws DomainError `MEMBER_RECUSED`. */
export function requireNotRecused(recused: boolean): void {
  if (recused) {
    throw new DomainError('MEMBER_RECUSED', 'you declared a conflict of interest for this branch')
  }
}

// The visibility rule (scope, scopeCovers, the SQL condition) lives in scope-filter.ts; re-exported
// here for the callers that import it with the committee checks.
export { inspectionAnnounced, inspectionScope, inspectionScopeCondition, scopeCovers, type InspectionScope } from './scope-filter.js'

/**
 * Refuses an inspection outside the user's scope with the same NOT_FOUND as a missing record,
 * so another branch's inspection — or their own before its day — is indistinguishable from one
 * that does not exist.
 */
export async function assertInspectionVisible(
  db: Db,
  user: SessionUser,
  inspection: { roundId: number; branchId: number; inspectedOn?: IsoDate } | undefined,
  now: Date = new Date(),
): Promise<void> {
  if (!inspection) throw notFound()
  const scope = await inspectionScope(db, user, now)
  if (!scopeCovers(scope, inspection.roundId, inspection.branchId, inspection.inspectedOn)) {
    throw notFound()
  }
}
