/**
 * What a signed-in user may use in the admin, flattened from the server's roles:
 * agency `admin`/`viewer`, branch `manager`/`staff`, and `committee` for anyone sitting on a
 * round's committee (convener, member, secretary — decided per round by the server).
 */
export type AppRole = 'admin' | 'viewer' | 'manager' | 'staff' | 'committee'

/** The user fields the role logic reads (a subset of what `auth.me` returns). */
export interface RoleBearer {
  agencyRole: 'admin' | 'viewer' | null
  branchRole: 'manager' | 'staff' | null
  /** True when the user sits on at least one round's committee. */
  committee: boolean
}

/** All app roles of a user; a user may hold several (e.g. an agency admin who also sits on a committee). */
export function appRolesOf(user: RoleBearer): AppRole[] {
  const roles: AppRole[] = []
  if (user.agencyRole) roles.push(user.agencyRole)
  if (user.branchRole) roles.push(user.branchRole)
  if (user.committee) roles.push('committee')
  return roles
}

/**
 * Where a user lands after sign-in: committee work first (it is what they came for), then
 * the branch's own list, then the agency dashboard.
 */
export function landingPathFor(roles: readonly AppRole[]): string {
  if (roles.includes('committee')) return '/inspections'
  if (roles.includes('manager') || roles.includes('staff')) return '/branch'
  if (roles.includes('admin') || roles.includes('viewer')) return '/dashboard'
  return '/account/password'
}

/** True when `roles` meets a route's `meta.roles` (absent or empty = any signed-in user). */
export function rolesAllow(roles: readonly AppRole[], required: readonly AppRole[] | undefined): boolean {
  return !required || required.length === 0 || required.some((r) => roles.includes(r))
}
