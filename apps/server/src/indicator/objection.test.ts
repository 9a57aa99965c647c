import { objectionTimeliness } from '@leap/domain'
import { beforeEach, describe, expect, it } from 'vitest'
import { callerFor, createFixtureUsers, refusal, type FixtureUsers } from '../test/fixtures.js'
import { useTestDatabase } from '../test/test-database.js'

const database = useTestDatabase()
let users: FixtureUsers
const H1_114 = { from: '2025-01-01', to: '2025-06-30' }
// 2025-04-01 in Taipei: an objection received 2025-03-01 and not forwarded is past its 10 days.
const now = () => new Date('2025-04-01T02:00:00Z')

beforeEach(async () => {
  users = await createFixtureUsers(database.db)
})

describe('objection (聲明異議, 行政執行法 §9)', () => {
  it('records a branch’s objections and lists them with their deadlines and the period’s figures, as the domain counts them', async () => {
    const tpe = users.branchIds.TPE!
    const staff = callerFor(database, users.staff, { now })
    const objections = [
      { receivedOn: '2025-02-03', finding: 'wellFounded' as const, correctedOn: '2025-02-04' },
      { receivedOn: '2025-02-10', finding: 'unfounded' as const, forwardedOn: '2025-02-20', decidedOn: '2025-03-10' },
      { receivedOn: '2025-02-10', finding: 'unfounded' as const, forwardedOn: '2025-02-21' },
      { receivedOn: '2025-03-01', subject: '對扣薪命令聲明異議' },
    ]
    const { ids } = await staff.objection.enter({ branchId: tpe, objections })
    expect(ids).toHaveLength(4)

    const listed = await callerFor(database, users.viewer, { now }).objection.list({ branchId: tpe, ...H1_114 })
    expect(listed.rows.map((r) => [r.receivedOn, r.finding, r.branchDeadline, r.branchOnTime, r.overdue])).toEqual([
      ['2025-02-03', 'wellFounded', '2025-02-13', true, false],
      ['2025-02-10', 'unfounded', '2025-02-20', true, false],
      // Forwarded late, and the agency's 30 days (to 2025-03-23) have passed without a decision.
      ['2025-02-10', 'unfounded', '2025-02-20', false, true],
      ['2025-03-01', null, '2025-03-11', null, true],
    ])
    expect(listed.rows[3]!.subject).toBe('對扣薪命令聲明異議')
    expect(listed.figures).toEqual(objectionTimeliness(objections, { asOf: '2025-04-01' }))
    expect(listed.figures).toMatchObject({ total: 4, forwarded: 2, forwardedOnTime: 1, forwardedOnTimeShare: 50, decidedOnTime: 1, overdue: 2 })
  })

  it('corrects with the version read, refuses a stale correction with the current row, and keeps the rules of the record', async () => {
    const tpe = users.branchIds.TPE!
    const manager = callerFor(database, users.manager, { now })
    const { ids } = await manager.objection.enter({ branchId: tpe, objections: [{ receivedOn: '2025-03-01' }] })
    const id = ids[0]!
    const corrected = await manager.objection.correct({ id, expectedVersion: 1, finding: 'unfounded', forwardedOn: '2025-03-09' })
    expect(corrected).toMatchObject({ version: 2, finding: 'unfounded', forwardedOn: '2025-03-09', branchOnTime: true, decisionDeadline: '2025-04-08' })

    const stale = await refusal(manager.objection.correct({ id, expectedVersion: 1, forwardedOn: '2025-03-10' }))
    expect(stale.code).toBe('CONFLICT')
    expect((stale.cause as { params?: { current?: unknown } } | undefined)?.params?.current).toMatchObject({ id, version: 2, forwardedOn: '2025-03-09' })

    const contradictory = await refusal(manager.objection.correct({ id, expectedVersion: 2, correctedOn: '2025-03-02' }))
    expect(contradictory.code).toBe('BAD_REQUEST')
    const before = await refusal(manager.objection.correct({ id, expectedVersion: 2, decidedOn: '2025-03-01' }))
    expect(before.code).toBe('BAD_REQUEST')
    const rows = (await manager.objection.list({ branchId: tpe, ...H1_114 })).rows
    expect(rows).toMatchObject([{ id, version: 2, forwardedOn: '2025-03-09', decidedOn: null, correctedOn: null }])
  })

  it('keeps other branches out (NOT_FOUND), lets no viewer write, and deletes with the version read', async () => {
    const tpe = users.branchIds.TPE!
    const { ids } = await callerFor(database, users.admin, { now }).objection.enter({ branchId: tpe, objections: [{ receivedOn: '2025-03-01' }] })
    const other = callerFor(database, users.otherManager, { now })
    expect((await refusal(other.objection.list({ branchId: tpe, ...H1_114 }))).code).toBe('NOT_FOUND')
    expect((await refusal(other.objection.correct({ id: ids[0]!, expectedVersion: 1, subject: 'x' }))).code).toBe('NOT_FOUND')
    expect((await refusal(other.objection.delete({ id: ids[0]!, expectedVersion: 1 }))).code).toBe('NOT_FOUND')
    expect((await refusal(callerFor(database, users.viewer, { now }).objection.enter({ branchId: tpe, objections: [{ receivedOn: '2025-03-01' }] }))).code).toBe('FORBIDDEN')

    const staff = callerFor(database, users.staff, { now })
    expect((await refusal(staff.objection.delete({ id: ids[0]!, expectedVersion: 2 }))).code).toBe('CONFLICT')
    await staff.objection.delete({ id: ids[0]!, expectedVersion: 1 })
    expect((await staff.objection.list({ branchId: tpe, ...H1_114 })).rows).toEqual([])
    const audit = await database.db.selectFrom('auditLog').select(['action', 'entity']).where('entity', '=', 'objection').orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['objection.enter', 'objection.delete'])
  })

  it('refuses an entry whose steps contradict its finding, naming the row and field, and saves none of the batch', async () => {
    const tpe = users.branchIds.TPE!
    const admin = callerFor(database, users.admin, { now })
    const error = await refusal(
      admin.objection.enter({ branchId: tpe, objections: [{ receivedOn: '2025-03-01' }, { receivedOn: '2025-03-01', finding: 'wellFounded', forwardedOn: '2025-03-02' }] }),
    )
    expect(error.code).toBe('BAD_REQUEST')
    expect(JSON.stringify((error.cause as { issues?: unknown })?.issues)).toContain('"objections",1,"forwardedOn"')
    expect((await admin.objection.list({ branchId: tpe, ...H1_114 })).rows).toEqual([])
  })
})
