import { transitionFor, type ActorRole, type RemediationAction } from '@leap/domain'
import type { Kysely } from 'kysely'
import { notFound } from '../access/branch-scope.js'
import { committeeRolesFor } from '../access/committee.js'
import { inspectionScope, scopeCovers, type InspectionScope } from '../access/scope-filter.js'
import type { Database } from '../db/database.js'
import type { SessionUser } from '../trpc/context.js'
import { findItem, type RemediationItem } from './remediation.repository.js'

type Db = Kysely<Database>

/**
 * Which items the user may see: agency admin and viewer all; branch users their branch's; committee
 * members the items of the rounds they sit on (the same scope as inspections).
 */
export async function itemScopeFor(db: Db, user: SessionUser, now?: Date): Promise<InspectionScope> {
  return inspectionScope(db, user, now)
}

/** Refuses an item outside the user's scope with the same NOT_FOUND as a missing one. */
export async function assertItemVisible(db: Db, user: SessionUser, item: Pick<RemediationItem, 'roundId' | 'branchId'>): Promise<void> {
  if (!scopeCovers(await itemScopeFor(db, user), item.roundId, item.branchId)) throw notFound()
}

/** The item, or NOT_FOUND with the same message whether it is missing or outside the user's scope. */
export async function loadVisibleItem(db: Db, user: SessionUser, id: number): Promise<RemediationItem> {
  const item = await findItem(db, id)
  if (!item) throw notFound()
  await assertItemVisible(db, user, item)
  return item
}

/**
 * The lifecycle roles the user holds for this item: agency role, committee role in the item's
 * round, branch role when the item is of the user's branch. May be empty.
 */
export async function actorRolesFor(db: Db, user: SessionUser, item: Pick<RemediationItem, 'roundId' | 'branchId'>): Promise<ActorRole[]> {
  const roles: ActorRole[] = []
  if (user.agencyRole === 'admin') roles.push('agencyAdmin')
  for (const role of await committeeRolesFor(db, user.id, item.roundId)) roles.push(role)
  if (user.branchId === item.branchId && user.branchRole === 'manager') roles.push('branchManager')
  if (user.branchId === item.branchId && user.branchRole === 'staff') roles.push('branchStaff')
  if (user.agencyRole === 'viewer') roles.push('viewer')
  return roles
}

/**
 * The role the user acts in for `action`: the first of theirs the lifecycle allows, else their
 * first role (so the domain refuses it with ROLE_NOT_ALLOWED), else `viewer`.
 */
export function roleForAction(roles: readonly ActorRole[], action: RemediationAction): ActorRole {
  const allowed = transitionFor(action).roles
  return roles.find((r) => allowed.includes(r)) ?? roles[0] ?? 'viewer'
}
