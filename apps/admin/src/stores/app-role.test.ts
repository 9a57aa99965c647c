import { describe, expect, it } from 'vitest'
import { appRolesOf, landingPathFor, rolesAllow } from './app-role'

describe('app roles and landing pages', () => {
  it.each([
    [{ agencyRole: null, branchRole: null, committee: true }, ['committee'], '/inspections'],
    [{ agencyRole: null, branchRole: 'manager', committee: false }, ['manager'], '/branch'],
    [{ agencyRole: null, branchRole: 'staff', committee: false }, ['staff'], '/branch'],
    [{ agencyRole: 'admin', branchRole: null, committee: false }, ['admin'], '/dashboard'],
    [{ agencyRole: 'viewer', branchRole: null, committee: false }, ['viewer'], '/dashboard'],
  ] as const)('%o → %o lands on %s', (user, roles, path) => {
    expect(appRolesOf(user)).toEqual(roles)
    expect(landingPathFor(appRolesOf(user))).toBe(path)
  })

  it('allows a route without roles to any signed-in user and a role route only to its roles', () => {
    expect(rolesAllow(['staff'], undefined)).toBe(true)
    expect(rolesAllow(['staff'], ['manager', 'staff'])).toBe(true)
    expect(rolesAllow(['staff'], ['admin'])).toBe(false)
    expect(rolesAllow([], ['committee'])).toBe(false)
  })
})
