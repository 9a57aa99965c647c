import { beforeEach, describe, expect, it } from 'vitest'
import { callerFor, refusal } from '../test/fixtures.js'
import { createRemediationScenario, DEDUCTED, type RemediationScenario } from '../test/remediation-world.js'
import { useTestDatabase } from '../test/test-database.js'
import type { SessionUser } from '../trpc/context.js'

const database = useTestDatabase()
let s: RemediationScenario

beforeEach(async () => {
  s = await createRemediationScenario(database.db)
})

const as = (user: SessionUser) => callerFor(database, user, { now: () => new Date('2025-03-20T02:00:00Z') })

describe('a retired unit', () => {
  it('keeps its items, is no longer offered for a plan or new items, and comes back when restored', async () => {
    const convener = as(s.users.convener)
    const { created } = await convener.remediation.createFromInspection({
      inspectionId: s.inspections.TPE,
      items: DEDUCTED.map((criterionCode) => ({ criterionCode, dueDate: '2025-04-30' })),
    })
    const item = await as(s.users.staff).remediation.byId({ id: created[0]! })
    expect(item.unitName).toBe('秘書室')

    const secretariat = s.units.ILA['秘書室']!
    await as(s.users.admin).unit.retire({ id: s.units.TPE['秘書室']! })
    await as(s.users.admin).unit.retire({ id: secretariat })
    // The item keeps its unit…
    expect((await as(s.users.staff).remediation.byId({ id: created[0]! })).unitName).toBe('秘書室')
    const assigned = await database.db.selectFrom('remediationItem').select('id').where('unitId', '=', s.units.TPE['秘書室']!).execute()
    expect(assigned.length).toBeGreaterThan(0)
    expect((await as(s.users.admin).unit.list({ branchId: s.users.branchIds.TPE!, includeRetired: true })).find((u) => u.name === '秘書室')).toMatchObject({ itemCount: assigned.length })
    // …but the plan form and new items no longer offer it.
    const info = await convener.improvementPlan.byInspection({ inspectionId: s.inspections.ILA })
    expect(info.units.map((u) => u.name)).not.toContain('秘書室')
    const refused = await refusal(convener.remediation.createFromInspection({ inspectionId: s.inspections.ILA, items: [{ criterionCode: 'sop-and-forms', dueDate: '2025-04-30', unitId: secretariat }] }))
    expect(refused.cause).toMatchObject({ code: 'UNKNOWN_UNIT' })

    await as(s.users.admin).unit.restore({ id: secretariat })
    expect((await convener.improvementPlan.byInspection({ inspectionId: s.inspections.ILA })).units.map((u) => u.name)).toContain('秘書室')
  })
})
