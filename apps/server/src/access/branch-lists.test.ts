// Branch isolation of lists and counts (the access matrix asks for another branch's single record;
// removing the branch filter from a list passed it). A branch user's lists and counts hold their
// own branch only — also when they ask for the other branch by id — while the agency sees both, so
// the lists are not trivially empty.
import { describe, expect, it } from 'vitest'
import { callerFor } from '../test/fixtures.js'
import { createRemediationScenario, DEDUCTED, type RemediationScenario } from '../test/remediation-world.js'
import { useTestDatabase } from '../test/test-database.js'

const database = useTestDatabase()

async function scenarioWithItems(): Promise<RemediationScenario> {
  const s = await createRemediationScenario(database.db)
  for (const inspectionId of [s.inspections.TPE, s.inspections.ILA]) {
    await callerFor(database, s.users.convener).remediation.createFromInspection({
      inspectionId,
      items: DEDUCTED.map((criterionCode) => ({ criterionCode, dueDate: '2025-04-30' })),
    })
  }
  return s
}

const branchesOf = (rows: { branchId: number }[]) => [...new Set(rows.map((r) => r.branchId))].sort()

/** Rows of a list answer, whether it is an array or `{ items }` / `{ rows }`. */
function rowsOf(answer: unknown): { branchId: number }[] {
  if (Array.isArray(answer)) return answer as { branchId: number }[]
  const obj = answer as { items?: unknown; rows?: unknown }
  return (obj.items ?? obj.rows) as { branchId: number }[]
}

describe('lists and counts of a branch user hold their own branch only', () => {
  it('remediation.list: TPE users see TPE items, ILA users ILA items, also when asking for the other branch; the admin sees both', async () => {
    const s = await scenarioWithItems()
    const { TPE, ILA } = { TPE: s.users.branchIds.TPE!, ILA: s.users.branchIds.ILA! }
    const all = rowsOf(await callerFor(database, s.users.admin).remediation.list({}))
    expect(branchesOf(all)).toEqual([TPE, ILA].sort())
    for (const [user, own, other] of [
      [s.users.manager, TPE, ILA],
      [s.users.staff, TPE, ILA],
      [s.users.otherManager, ILA, TPE],
      [s.users.otherStaff, ILA, TPE],
    ] as const) {
      const mine = rowsOf(await callerFor(database, user).remediation.list({}))
      expect(branchesOf(mine), user.username).toEqual([own])
      expect(mine.length).toBe(all.filter((r) => r.branchId === own).length)
      const asked = rowsOf(await callerFor(database, user).remediation.list({ branchId: other }).catch(() => []))
      expect(asked, `${user.username} asking for the other branch`).toEqual([])
    }
  })

  it('inspection.list: a branch user lists only their branch’s inspections, also when filtering by the other branch', async () => {
    const s = await scenarioWithItems()
    const { TPE, ILA } = { TPE: s.users.branchIds.TPE!, ILA: s.users.branchIds.ILA! }
    const all = rowsOf(await callerFor(database, s.users.admin).inspection.list())
    expect(branchesOf(all)).toEqual([TPE, ILA].sort())
    for (const [user, own, other] of [
      [s.users.manager, TPE, ILA],
      [s.users.otherStaff, ILA, TPE],
    ] as const) {
      expect(branchesOf(rowsOf(await callerFor(database, user).inspection.list())), user.username).toEqual([own])
      expect(rowsOf(await callerFor(database, user).inspection.list({ branchId: other })), user.username).toEqual([])
    }
  })

  it('dashboard.remediationCounts: a branch user counts only their branch; the admin counts both', async () => {
    const s = await scenarioWithItems()
    const { TPE, ILA } = { TPE: s.users.branchIds.TPE!, ILA: s.users.branchIds.ILA! }
    const all = await callerFor(database, s.users.admin).dashboard.remediationCounts({})
    expect(branchesOf(all.byBranch)).toEqual([TPE, ILA].sort())
    const tpeOpen = all.byBranch.find((b) => b.branchId === TPE)!.open
    expect(tpeOpen).toBe(DEDUCTED.length)
    for (const [user, own] of [
      [s.users.manager, TPE],
      [s.users.otherStaff, ILA],
    ] as const) {
      const counts = await callerFor(database, user).dashboard.remediationCounts({})
      expect(branchesOf(counts.byBranch), user.username).toEqual([own])
      expect(branchesOf(counts.byBranchAndRound), user.username).toEqual([own])
      expect(counts.byBranch[0]!.open).toBe(all.byBranch.find((b) => b.branchId === own)!.open)
    }
  })
})
