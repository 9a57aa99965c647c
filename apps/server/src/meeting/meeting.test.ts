import { beforeEach, describe, expect, it } from 'vitest'
import { createRemediationScenario, DEDUCTED, type RemediationScenario } from '../test/remediation-world.js'
import { callerFor } from '../test/fixtures.js'
import { useTestDatabase } from '../test/test-database.js'
import { refusalData } from '../trpc/refusal.js'

const database = useTestDatabase()
let s: RemediationScenario
let items: { TPE: number[]; ILA: number[] }

beforeEach(async () => {
  s = await createRemediationScenario(database.db)
  const convener = callerFor(database, s.users.convener)
  const make = async (inspectionId: number) =>
    (await convener.remediation.createFromInspection({ inspectionId, items: DEDUCTED.map((criterionCode) => ({ criterionCode, dueDate: '2025-05-31' })) })).created
  items = { TPE: await make(s.inspections.TPE), ILA: await make(s.inspections.ILA) }
})

describe('meeting', () => {
  it('records a meeting, the items reported at it with notes, and its minutes; audited', async () => {
    const secretary = callerFor(database, s.users.secretary)
    const meeting = await secretary.meeting.create({ roundId: s.roundId, heldOn: '2025-04-15', title: '114年上半年第1次會議' })
    expect(meeting).toMatchObject({ roundId: s.roundId, heldOn: '2025-04-15', minutes: '' })

    await secretary.meeting.recordItems({ id: meeting.id, items: [{ remediationItemId: items.TPE[0]!, note: '辦理中' }, { remediationItemId: items.ILA[0]!, note: '已完成' }] })
    // Re-recording an item replaces its note.
    const recorded = await secretary.meeting.recordItems({ id: meeting.id, items: [{ remediationItemId: items.TPE[0]!, note: '持續列管' }] })
    expect(recorded.items.map((i) => [i.remediationItemId, i.note])).toEqual([
      [items.TPE[0], '持續列管'],
      [items.ILA[0], '已完成'],
    ])
    const saved = await secretary.meeting.updateMinutes({ id: meeting.id, minutes: '決議：持續列管。', expectedVersion: meeting.version })
    expect(saved).toMatchObject({ minutes: '決議：持續列管。', version: meeting.version + 1 })
    // A second tab that read the minutes before that save is refused, with the minutes as they are now.
    const stale = await secretary.meeting.updateMinutes({ id: meeting.id, minutes: '另一個視窗', expectedVersion: meeting.version }).catch((e: unknown) => e)
    expect(stale).toMatchObject({ code: 'CONFLICT', cause: { code: 'VERSION_CONFLICT', params: { current: { minutes: '決議：持續列管。', version: meeting.version + 1 } } } })

    const seenByTpe = await callerFor(database, s.users.manager).meeting.byId({ id: meeting.id })
    expect(seenByTpe.minutes).toBe('決議：持續列管。')
    // A branch user sees only their own branch's items of the meeting.
    expect(seenByTpe.items.map((i) => i.remediationItemId)).toEqual([items.TPE[0]])
    expect(await callerFor(database, s.users.viewer).meeting.list({ roundId: s.roundId })).toHaveLength(1)

    const audit = await database.db.selectFrom('auditLog').select('action').where('entity', '=', 'meeting').orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['meeting.create', 'meeting.recordItems', 'meeting.recordItems', 'meeting.updateMinutes'])
  })

  it('keeps the start time (Taipei clock time HH:MM) and place, set at creation and changed with the minutes through the versioned path', async () => {
    const secretary = callerFor(database, s.users.secretary)
    const old = await secretary.meeting.create({ roundId: s.roundId, heldOn: '2025-04-15', title: '未記時間地點' })
    expect(old).toMatchObject({ startTime: null, place: null })
    const meeting = await secretary.meeting.create({ roundId: s.roundId, heldOn: '2025-04-15', title: '第1次會議', startTime: '14:30', place: ' 本署5樓第1會議室 ' })
    expect(meeting).toMatchObject({ startTime: '14:30', place: '本署5樓第1會議室' })

    // A time outside 00:00–23:59, or not HH:MM, is a 400 naming the field; nothing is stored.
    for (const bad of ['24:00', '9:30', '14:60', '下午2時', '']) {
      const error = await secretary.meeting.create({ roundId: s.roundId, heldOn: '2025-04-15', title: 'x', startTime: bad }).catch((e: unknown) => e)
      expect(error, bad).toMatchObject({ code: 'BAD_REQUEST' })
      expect(refusalData(error as never).fieldErrors?.map((f) => f.path.join('.'))).toEqual(['startTime'])
      const onSave = await secretary.meeting.updateMinutes({ id: meeting.id, minutes: '', startTime: bad, expectedVersion: meeting.version }).catch((e: unknown) => e)
      expect(refusalData(onSave as never).fieldErrors?.map((f) => f.path.join('.'))).toEqual(['startTime'])
    }
    const tooLong = await secretary.meeting.create({ roundId: s.roundId, heldOn: '2025-04-15', title: 'x', place: '室'.repeat(201) }).catch((e: unknown) => e)
    expect(refusalData(tooLong as never).fieldErrors?.map((f) => f.path.join('.'))).toEqual(['place'])
    expect(await secretary.meeting.list({ roundId: s.roundId })).toHaveLength(2)

    // Left out, they stay; given, they change with the minutes; null (or a blank place) clears them.
    const minutesOnly = await secretary.meeting.updateMinutes({ id: meeting.id, minutes: '照案通過。', expectedVersion: meeting.version })
    expect(minutesOnly).toMatchObject({ startTime: '14:30', place: '本署5樓第1會議室', version: meeting.version + 1 })
    const moved = await secretary.meeting.updateMinutes({ id: meeting.id, minutes: '照案通過。', startTime: '09:00', place: '第二會議室', expectedVersion: minutesOnly.version })
    expect(moved).toMatchObject({ startTime: '09:00', place: '第二會議室', version: meeting.version + 2 })
    // A save made from the meeting as read before that change is CONFLICT, with the current time and place.
    const stale = await secretary.meeting.updateMinutes({ id: meeting.id, minutes: '照案通過。', startTime: '15:00', expectedVersion: minutesOnly.version }).catch((e: unknown) => e)
    expect(stale).toMatchObject({ code: 'CONFLICT', cause: { code: 'VERSION_CONFLICT', params: { current: { startTime: '09:00', place: '第二會議室' } } } })
    const cleared = await secretary.meeting.updateMinutes({ id: meeting.id, minutes: '照案通過。', startTime: null, place: '  ', expectedVersion: moved.version })
    expect(cleared).toMatchObject({ startTime: null, place: null })
    expect((await secretary.meeting.byId({ id: meeting.id }))).toMatchObject({ startTime: null, place: null })

    const audit = await database.db.selectFrom('auditLog').select(['action', 'after']).where('entity', '=', 'meeting').where('entityId', '=', String(meeting.id)).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['meeting.create', 'meeting.updateMinutes', 'meeting.updateMinutes', 'meeting.updateMinutes'])
    expect(audit[2]!.after).toMatchObject({ startTime: '09:00', place: '第二會議室' })
  })

  it('is recorded by the convener, secretary or agency admin only, with items of its round', async () => {
    const input = { roundId: s.roundId, heldOn: '2025-04-15', title: 'x' }
    await expect(callerFor(database, s.users.member).meeting.create(input)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(database, s.users.manager).meeting.create(input)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(database, s.users.viewer).meeting.create(input)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const meeting = await callerFor(database, s.users.admin).meeting.create({ ...input, roundId: s.nextRoundId })
    await expect(
      callerFor(database, s.users.admin).meeting.recordItems({ id: meeting.id, items: [{ remediationItemId: items.TPE[0]!, note: '' }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('labels meetings with their round, items with their branch, and tells each reader whether they may record', async () => {
    const secretary = callerFor(database, s.users.secretary)
    const meeting = await secretary.meeting.create({ roundId: s.roundId, heldOn: '2025-04-15', title: '第1次會議' })
    await secretary.meeting.recordItems({ id: meeting.id, items: [{ remediationItemId: items.TPE[0]!, note: '辦理中' }] })

    expect(await secretary.meeting.list()).toEqual([expect.objectContaining({ id: meeting.id, rocYear: 114, half: 1, heldOn: '2025-04-15' })])
    const seen = await secretary.meeting.byId({ id: meeting.id })
    expect(seen.items).toEqual([expect.objectContaining({ remediationItemId: items.TPE[0], branchName: '臺北分署' })])

    // The same rule as updateMinutes/recordItems: agency admin, the round's convener or secretary.
    const may = async (user: 'secretary' | 'convener' | 'admin' | 'member' | 'viewer' | 'manager') => (await callerFor(database, s.users[user]).meeting.byId({ id: meeting.id })).mayRecord
    expect(await may('secretary')).toBe(true)
    expect(await may('convener')).toBe(true)
    expect(await may('admin')).toBe(true)
    expect(await may('member')).toBe(false)
    expect(await may('viewer')).toBe(false)
    expect(await may('manager')).toBe(false)
    await expect(callerFor(database, s.users.member).meeting.updateMinutes({ id: meeting.id, minutes: 'x', expectedVersion: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
