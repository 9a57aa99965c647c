// remediation.list orders by urgency by default (returned, overdue, due soon, not started, the rest,
// closed last) and searches titles, findings, units and branches as typed.
import { SERVICE_LEAP_V2 } from '@leap/domain'
import { beforeEach, describe, expect, it } from 'vitest'
import { callerFor } from '../test/fixtures.js'
import { createRemediationScenario, type RemediationScenario } from '../test/remediation-world.js'
import { useTestDatabase } from '../test/test-database.js'

const database = useTestDatabase()
let world: RemediationScenario
const now = new Date('2026-12-07T02:00:00Z')

beforeEach(async () => {
  world = await createRemediationScenario(database.db)
  // Criteria the scenario's items already use are skipped.
  const used = new Set((await database.db.selectFrom('remediationItem').select('criterionCode').where('inspectionId', '=', world.inspections.TPE).execute()).map((r) => r.criterionCode))
  codes.splice(0, codes.length, ...codes.filter((c) => !used.has(c)))
  next = 0
})

// One item per criterion of an inspection: each test item takes the next criterion.
const codes = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria.map((c) => c.code))
let next = 0

async function insert(title: string, status: string, dueDate: string, finding = ''): Promise<number> {
  const row = await database.db
    .insertInto('remediationItem')
    .values({
      inspectionId: world.inspections.TPE,
      branchId: world.users.branchIds.TPE!,
      roundId: world.roundId,
      criterionCode: codes[next++ % codes.length]!,
      unitId: world.units.TPE['秘書室']!,
      title,
      finding,
      dueDate,
      status,
      closedAt: status === 'closed' ? now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

describe('remediation.list order and search', () => {
  it('puts the most urgent first and closed items last; sort: due keeps the due-date order', async () => {
    await insert('已結案', 'closed', '2023-01-01')
    await insert('進行中遠期', 'in_progress', '2027-05-01')
    await insert('未開始', 'open', '2027-04-01')
    await insert('逾期', 'in_progress', '2026-11-30')
    await insert('退回補正', 'returned', '2027-06-30')
    await insert('即將到期', 'in_progress', '2026-12-10')
    const admin = callerFor(database, world.users.admin, { now: () => now })
    const urgent = await admin.remediation.list({ branchId: world.users.branchIds.TPE!, pageSize: 100 })
    const mine = urgent.items.filter((i) => ['已結案', '進行中遠期', '未開始', '逾期', '退回補正', '即將到期'].includes(i.title))
    expect(mine.map((i) => i.title)).toEqual(['退回補正', '逾期', '即將到期', '未開始', '進行中遠期', '已結案'])
    const byDue = await admin.remediation.list({ branchId: world.users.branchIds.TPE!, pageSize: 100, sort: 'due' })
    expect(byDue.items.filter((i) => mine.some((m) => m.id === i.id))[0]!.title).toBe('已結案')
  })

  it('searches titles, findings and units, with wildcards taken literally', async () => {
    await insert('網站無障礙', 'open', '2027-01-01', '標章過期')
    await insert('服務台', 'open', '2027-01-01', '未設置 100% 滿意度看板')
    const admin = callerFor(database, world.users.admin, { now: () => now })
    const titles = async (q: string) => (await admin.remediation.list({ q, pageSize: 100 })).items.map((i) => i.title)
    expect(await titles('無障礙')).toEqual(['網站無障礙'])
    expect(await titles('標章')).toEqual(['網站無障礙'])
    expect(await titles('100%')).toEqual(['服務台'])
    expect(await titles('%')).toEqual(['服務台'])
    expect((await titles('秘書室')).length).toBeGreaterThanOrEqual(2)
    expect(await titles('不存在的字')).toEqual([])
  })
})
