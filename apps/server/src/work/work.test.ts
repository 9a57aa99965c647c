// work.mine / work.defaults: each role's own queue, most urgent first, and the default due date
// of an item created today.
import { describe, expect, it } from 'vitest'
import { callerFor } from '../test/fixtures.js'
import { createInspectionWorld, fullSheet } from '../test/inspection-world.js'
import { perTest } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'

const database = useTestDatabase()
const world = perTest(() => createInspectionWorld(database))

describe('work.mine', () => {
  it("lists a member's sheets still to finish with n / 22 until marked complete, and the convener's consensus with who is done", async () => {
    await world.as(world.users.convener).inspection.startScoring({ id: world.inspectionId, expectedVersion: 1 })
    const member = world.as(world.users.member)
    expect((await member.work.mine()).sheets).toEqual([expect.objectContaining({ inspectionId: world.inspectionId, scored: 0, criteria: 22 })])
    const entries = fullSheet().map((e) => ({ ...e, expectedVersion: 0 }))
    await member.inspection.score.saveMany({ inspectionId: world.inspectionId, entries: entries.slice(0, 5) })
    expect((await member.work.mine()).sheets[0]).toMatchObject({ scored: 5 })
    await member.inspection.score.saveMany({ inspectionId: world.inspectionId, entries: entries.slice(5) })
    await member.inspection.completion.set({ inspectionId: world.inspectionId, done: true })
    expect((await member.work.mine()).sheets).toEqual([])
    // Members never see the consensus queue.
    expect((await member.work.mine()).consensus).toEqual([])

    const convener = await world.as(world.users.convener).work.mine()
    expect(convener.consensus).toEqual([expect.objectContaining({ inspectionId: world.inspectionId, membersDone: 1, members: 4, status: 'scoring' })])
    // The convener scores too: their own sheet is in their queue.
    expect(convener.sheets.map((s) => s.inspectionId)).toEqual([world.inspectionId])
    const secretary = await world.as(world.users.secretary).work.mine()
    expect(secretary.consensus.map((c) => c.inspectionId)).toEqual([world.inspectionId])
    expect(secretary.sheets).toEqual([])
  })

  it('gives branch users their branch only and agency users the agency view; nobody sees committee work they have no seat for', async () => {
    const manager = await world.as(world.users.manager).work.mine()
    expect(manager.sheets).toEqual([])
    expect(manager.consensus).toEqual([])
    expect(manager.agency).toBeNull()
    expect(manager.branch).toMatchObject({ returned: 0, overdue: 0, notStarted: 0, items: [] })
    const admin = await world.as(world.users.admin).work.mine()
    expect(admin.branch).toBeNull()
    expect(admin.agency).toMatchObject({ belowThreshold: [], overdueByBranch: [] })
  })
})

describe('work.defaults', () => {
  it('dates a new item from today (Asia/Taipei), the agency setting days later', async () => {
    // 2026-12-07 20:30 UTC is already 2026-12-08 in Taipei.
    const at = new Date('2026-12-07T20:30:00Z')
    const defaults = await callerFor(database, world.users.convener, { now: () => at }).work.defaults()
    expect(defaults).toEqual({ today: '2026-12-08', remediationDueDays: 90, remediationDueOn: '2027-03-08' })
    await world.as(world.users.admin).setting.update({ key: 'remediationDueDays', value: 30, expectedVersion: 0 })
    expect((await callerFor(database, world.users.convener, { now: () => at }).work.defaults()).remediationDueOn).toBe('2027-01-07')
  })
})
