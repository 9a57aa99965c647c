import { addCalendarDays, roundOf, roundRange, taipeiDate } from '@leap/domain'
import type { TRPCError } from '@trpc/server'
import { beforeEach, describe, expect, it } from 'vitest'
import { createTestUser, refusal } from '../test/fixtures.js'
import { createInspectionWorld, type InspectionWorld } from '../test/inspection-world.js'
import { useTestDatabase } from '../test/test-database.js'
import { refusalData } from '../trpc/refusal.js'

const database = useTestDatabase()
let world: InspectionWorld

beforeEach(async () => {
  world = await createInspectionWorld(database)
})

function fieldsOf(error: TRPCError): string[] {
  return (refusalData(error).fieldErrors ?? []).map((f) => f.path.join('.'))
}

describe('inspection schedule', () => {
  it("lists every branch with its inspection and which still lack one, to agency and committee but not to branch accounts", async () => {
    const schedule = await world.as(world.users.viewer).inspection.schedule({ roundId: world.roundId })
    expect(schedule.lines).toHaveLength(13)
    expect(schedule.unscheduled).toBe(11)
    expect(schedule.range).toEqual({ start: '2025-01-01', end: '2025-06-30' })
    expect(schedule.lines.filter((l) => l.inspection).map((l) => [l.branchCode, l.inspection!.inspectedOn, l.inspection!.status])).toEqual([
      ['TPE', '2025-03-12', 'draft'],
      ['ILA', '2025-04-02', 'draft'],
    ])
    expect((await world.as(world.users.member).inspection.schedule({ roundId: world.roundId })).lines).toHaveLength(13)
    expect((await refusal(world.as(world.users.manager).inspection.schedule({ roundId: world.roundId }))).code).toBe('FORBIDDEN')
    const outsider = await createTestUser(database.db, { role: 'member' })
    expect((await refusal(world.as(outsider).inspection.schedule({ roundId: world.roundId }))).code).toBe('FORBIDDEN')
  })

  it('moves a draft within the half year (admin or convener), refusing a day outside it naming inspectedOn, a stale version, and a started inspection; audited', async () => {
    const convener = world.as(world.users.convener)
    const outside = await refusal(convener.inspection.reschedule({ id: world.inspectionId, expectedVersion: 1, inspectedOn: '2025-07-01' }))
    expect(outside.code).toBe('BAD_REQUEST')
    expect(fieldsOf(outside)).toEqual(['inspectedOn'])
    expect((await refusal(world.as(world.users.member).inspection.reschedule({ id: world.inspectionId, expectedVersion: 1, inspectedOn: '2025-03-13' }))).code).toBe('FORBIDDEN')
    expect((await refusal(world.as(world.users.manager).inspection.reschedule({ id: world.inspectionId, expectedVersion: 1, inspectedOn: '2025-03-13' }))).code).toBe('FORBIDDEN')
    expect((await refusal(world.as(world.users.viewer).inspection.reschedule({ id: world.inspectionId, expectedVersion: 1, inspectedOn: '2025-03-13' }))).code).toBe('FORBIDDEN')

    const moved = await convener.inspection.reschedule({ id: world.inspectionId, expectedVersion: 1, inspectedOn: '2025-06-30' })
    expect(moved).toMatchObject({ inspectedOn: '2025-06-30', version: 2, status: 'draft' })
    const stale = await refusal(world.as(world.users.admin).inspection.reschedule({ id: world.inspectionId, expectedVersion: 1, inspectedOn: '2025-05-05' }))
    expect(stale.code).toBe('CONFLICT')
    const audit = await database.db.selectFrom('auditLog').select(['actorId', 'before', 'after', 'branchId']).where('action', '=', 'inspection.reschedule').execute()
    expect(audit).toEqual([{ actorId: world.users.convener.id, before: { inspectedOn: '2025-03-12' }, after: { inspectedOn: '2025-06-30' }, branchId: world.users.branchIds.TPE }])

    await world.as(world.users.admin).inspection.startScoring({ id: world.inspectionId, expectedVersion: 2 })
    const started = await refusal(convener.inspection.reschedule({ id: world.inspectionId, expectedVersion: 3, inspectedOn: '2025-05-05' }))
    expect(started.code).toBe('PRECONDITION_FAILED')
    expect((await refusal(convener.inspection.cancel({ id: world.inspectionId, expectedVersion: 3 }))).code).toBe('PRECONDITION_FAILED')
  })

  it('cancels a draft: the branch lacks an inspection again and may be scheduled anew; a second one in the round stays refused', async () => {
    const admin = world.as(world.users.admin)
    expect((await refusal(admin.inspection.create({ roundId: world.roundId, branchId: world.users.branchIds.ILA!, inspectedOn: '2025-05-01' }))).code).toBe('CONFLICT')
    await admin.inspection.cancel({ id: world.otherInspectionId, expectedVersion: 1 })
    const schedule = await admin.inspection.schedule({ roundId: world.roundId })
    expect(schedule.lines.find((l) => l.branchCode === 'ILA')?.inspection).toBeNull()
    expect(schedule.unscheduled).toBe(12)
    const audit = await database.db.selectFrom('auditLog').select(['before', 'after']).where('action', '=', 'inspection.cancel').execute()
    expect(audit).toEqual([{ before: { roundId: world.roundId, branchId: world.users.branchIds.ILA, inspectedOn: '2025-04-02', status: 'draft' }, after: null }])
    const again = await admin.inspection.create({ roundId: world.roundId, branchId: world.users.branchIds.ILA!, inspectedOn: '2025-05-01' })
    expect(again).toMatchObject({ branchCode: 'ILA', inspectedOn: '2025-05-01' })
  })

  it("gives the committee today's and upcoming inspections of its rounds, soonest first; branch accounts are refused", async () => {
    const today = taipeiDate(new Date())
    const admin = world.as(world.users.admin)
    const half = roundOf(addCalendarDays(today, 1))
    const range = roundRange(half)
    const round = await admin.round.create({
      ...half,
      catalogueId: world.catalogueId,
      roster: [
        { userId: world.users.convener.id, role: 'convener' },
        { userId: world.member2.id, role: 'member' },
      ],
    })
    const later = addCalendarDays(today, 1) > range.end ? range.end : addCalendarDays(today, 1)
    const khh = await admin.inspection.create({ roundId: round.id, branchId: world.users.branchIds.KHH!, inspectedOn: later })
    if (later > today) {
      // Scoring is the visit: it cannot start before the day.
      const early = await refusal(world.as(world.users.convener).inspection.startScoring({ id: khh.id, expectedVersion: khh.version }))
      expect(refusalData(early)).toMatchObject({ errorCode: 'ILLEGAL_TRANSITION', params: { reason: 'beforeInspectionDay', inspectedOn: later } })
    }
    // Today may fall in the previous half year (on 12-31 or 06-30): schedule it where it belongs.
    const todayRound = roundOf(today).half === half.half ? round : await admin.round.create({ ...roundOf(today), catalogueId: world.catalogueId, roster: [{ userId: world.users.convener.id, role: 'convener' }, { userId: world.member2.id, role: 'member' }] })
    await admin.inspection.create({ roundId: todayRound.id, branchId: world.users.branchIds.HUN!, inspectedOn: today })

    const upcoming = await world.as(world.users.convener).inspection.upcoming()
    expect(upcoming.today).toBe(today)
    expect(upcoming.items.map((i) => [i.branchCode, i.inspectedOn, i.isToday, i.myRole])).toEqual([
      ['HUN', today, true, 'convener'],
      ['KHH', later, later === today, 'convener'],
    ])
    // member (114 上半年 only) sees none of these; the 114 inspections are past.
    expect((await world.as(world.users.member).inspection.upcoming()).items).toEqual([])
    expect((await world.as(world.users.admin).inspection.upcoming()).items.map((i) => i.branchCode)).toEqual(['HUN', 'KHH'])
    expect((await refusal(world.as(world.users.manager).inspection.upcoming())).code).toBe('FORBIDDEN')
  })
})
