import { allowedActions, REMEDIATION_ACTIONS, type ActorRole, type RemediationAction, type RemediationStatus } from '@leap/domain'

/** What the role logic reads of the signed-in user (a subset of `auth.me`). */
export interface ActorSource {
  agencyRole: 'admin' | 'viewer' | null
  branchId: number | null
  branchRole: 'manager' | 'staff' | null
  committeeRounds: readonly { roundId: number; role: 'convener' | 'member' | 'secretary' }[]
}

/** What the role logic reads of an item. */
export interface ItemRef {
  roundId: number
  branchId: number
  status: RemediationStatus
}

/**
 * The lifecycle roles `me` holds for `item`, as the server derives them: agency role, committee
 * seat in the item's round, branch role when the item is of the user's branch. The server stays
 * the judge; this only decides which buttons to offer.
 */
export function actorRolesFor(me: ActorSource, item: Pick<ItemRef, 'roundId' | 'branchId'>): ActorRole[] {
  const roles: ActorRole[] = []
  if (me.agencyRole === 'admin') roles.push('agencyAdmin')
  for (const seat of me.committeeRounds) if (seat.roundId === item.roundId) roles.push(seat.role)
  if (me.branchId === item.branchId && me.branchRole === 'manager') roles.push('branchManager')
  if (me.branchId === item.branchId && me.branchRole === 'staff') roles.push('branchStaff')
  if (me.agencyRole === 'viewer') roles.push('viewer')
  return roles
}

/** Actions `me` may take on `item` now, from the domain's `allowedActions`, in button order. */
export function actionsFor(me: ActorSource, item: ItemRef): RemediationAction[] {
  const allowed = new Set(actorRolesFor(me, item).flatMap((role) => allowedActions(item, role)))
  return REMEDIATION_ACTIONS.filter((a) => allowed.has(a))
}

/** The committee decisions that can be taken on several items at once (server: `remediation.bulk`). */
export const BULK_ACTIONS = ['verify', 'return', 'cancel'] as const
export type BulkAction = (typeof BULK_ACTIONS)[number]

/** Bulk actions needing a reason (the domain's `requires: 'reason'`). */
export const REASON_ACTIONS: readonly RemediationAction[] = ['return', 'cancel', 'reopen']

/** Items that may and may not take `action` — the UI names the latter before sending anything. */
export function splitByAction<T extends ItemRef>(me: ActorSource, items: readonly T[], action: RemediationAction): { eligible: T[]; ineligible: T[] } {
  const eligible: T[] = []
  const ineligible: T[] = []
  for (const item of items) (actionsFor(me, item).includes(action) ? eligible : ineligible).push(item)
  return { eligible, ineligible }
}

/** True when `me` could take some bulk action on `item` (so the row gets a checkbox). */
export function canBulk(me: ActorSource, item: ItemRef): boolean {
  const actions = actionsFor(me, item)
  return BULK_ACTIONS.some((a) => actions.includes(a))
}
