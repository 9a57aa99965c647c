import { describe, expect, it } from 'vitest'
import { actionsFor, actorRolesFor, canBulk, splitByAction, type ActorSource } from './remediation-roles'

const secretary: ActorSource = { agencyRole: null, branchId: null, branchRole: null, committeeRounds: [{ roundId: 1, role: 'secretary' }] }
const member: ActorSource = { agencyRole: null, branchId: null, branchRole: null, committeeRounds: [{ roundId: 1, role: 'member' }] }
const tpeManager: ActorSource = { agencyRole: null, branchId: 1, branchRole: 'manager', committeeRounds: [] }
const tpeStaff: ActorSource = { ...tpeManager, branchRole: 'staff' }
const viewer: ActorSource = { agencyRole: 'viewer', branchId: null, branchRole: null, committeeRounds: [] }
const admin: ActorSource = { agencyRole: 'admin', branchId: null, branchRole: null, committeeRounds: [] }

const item = (status: 'open' | 'in_progress' | 'submitted' | 'closed', over: Partial<{ roundId: number; branchId: number }> = {}) => ({
  roundId: 1,
  branchId: 1,
  status,
  ...over,
})

describe('actions offered per role (from the domain lifecycle)', () => {
  it('lets the secretary of the round verify, return or cancel a submission', () => {
    expect(actionsFor(secretary, item('submitted'))).toEqual(['verify', 'return', 'cancel'])
  })

  it('gives a committee seat no power in another round', () => {
    expect(actorRolesFor(secretary, item('submitted', { roundId: 2 }))).toEqual([])
    expect(actionsFor(secretary, item('submitted', { roundId: 2 }))).toEqual([])
  })

  it('offers members and viewers nothing', () => {
    expect(actionsFor(member, item('submitted'))).toEqual([])
    expect(actionsFor(viewer, item('open'))).toEqual([])
  })

  it('lets only the branch manager submit, and only for the own branch', () => {
    expect(actionsFor(tpeManager, item('in_progress'))).toEqual(['postProgress', 'submit'])
    expect(actionsFor(tpeStaff, item('in_progress'))).toEqual(['postProgress'])
    expect(actionsFor(tpeManager, item('in_progress', { branchId: 2 }))).toEqual([])
  })

  it('lets the agency admin reopen a closed item but never act for the branch', () => {
    expect(actionsFor(admin, item('closed'))).toEqual(['reopen'])
    expect(actionsFor(admin, item('in_progress'))).toEqual(['cancel'])
  })
})

describe('bulk selection', () => {
  it('splits a selection into items that can and cannot take the action', () => {
    const items = [{ id: 1, ...item('submitted') }, { id: 2, ...item('open') }, { id: 3, ...item('submitted', { roundId: 9 }) }]
    const { eligible, ineligible } = splitByAction(secretary, items, 'verify')
    expect(eligible.map((i) => i.id)).toEqual([1])
    expect(ineligible.map((i) => i.id)).toEqual([2, 3])
  })

  it('gives a checkbox only where some committee decision applies', () => {
    expect(canBulk(secretary, item('open'))).toBe(true) // cancel
    expect(canBulk(secretary, item('closed'))).toBe(false) // reopen is one item at a time
    expect(canBulk(tpeManager, item('in_progress'))).toBe(false)
  })
})
