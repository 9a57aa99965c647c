import { describe, expect, it } from 'vitest'
import { draftProblems, groupByRound, itemsToRecord, meetingPackUrl, recordableRounds, reportRows, type RecorderSource } from './meeting-rules'

const meeting = (id: number, roundId: number, rocYear: number, half: number, heldOn: string) => ({ id, roundId, rocYear, half, heldOn })

describe('groupByRound', () => {
  it('puts the newest round first and each round’s latest meeting first', () => {
    const groups = groupByRound([
      meeting(1, 10, 113, 2, '2024-09-01'),
      meeting(2, 11, 114, 1, '2025-03-05'),
      meeting(3, 10, 113, 2, '2024-12-20'),
      meeting(4, 11, 114, 1, '2025-06-10'),
      meeting(5, 12, 113, 1, '2024-05-01'),
    ])
    expect(groups.map((g) => [g.rocYear, g.half])).toEqual([
      [114, 1],
      [113, 2],
      [113, 1],
    ])
    expect(groups[0]!.meetings.map((m) => m.id)).toEqual([4, 2])
    expect(groups[1]!.meetings.map((m) => m.id)).toEqual([3, 1])
  })

  it('gives no sections for no meetings', () => {
    expect(groupByRound([])).toEqual([])
  })
})

describe('recordableRounds (the server’s rule for meeting.create)', () => {
  const rounds = [{ id: 1 }, { id: 2 }, { id: 3 }]
  const seat = (roundId: number, role: 'convener' | 'member' | 'secretary') => ({ roundId, role })
  const user = (over: Partial<RecorderSource>): RecorderSource => ({ agencyRole: null, committeeRounds: [], ...over })

  it('lets the agency admin record in every round and a viewer in none', () => {
    expect(recordableRounds(user({ agencyRole: 'admin' }), rounds)).toEqual(rounds)
    expect(recordableRounds(user({ agencyRole: 'viewer', committeeRounds: [seat(1, 'secretary')] }), rounds)).toEqual([])
  })

  it('lets a convener or secretary record only in their own rounds, a member never', () => {
    expect(recordableRounds(user({ committeeRounds: [seat(2, 'convener'), seat(3, 'member')] }), rounds)).toEqual([{ id: 2 }])
    expect(recordableRounds(user({ committeeRounds: [seat(1, 'secretary')] }), rounds)).toEqual([{ id: 1 }])
    expect(recordableRounds(user({ committeeRounds: [seat(1, 'member')] }), rounds)).toEqual([])
  })

  it('offers nothing to a branch user or before the session is known', () => {
    expect(recordableRounds(user({}), rounds)).toEqual([])
    expect(recordableRounds(null, rounds)).toEqual([])
  })
})

describe('draftProblems', () => {
  it('names every missing field, and a title over 200 characters', () => {
    expect(draftProblems({ roundId: null, heldOn: null, title: '  ' })).toEqual({
      roundId: 'meeting.create.roundRequired',
      heldOn: 'meeting.create.heldOnRequired',
      title: 'meeting.create.titleRequired',
    })
    expect(draftProblems({ roundId: 1, heldOn: '2025-03-05', title: '會'.repeat(201) })).toEqual({ title: 'meeting.create.titleTooLong' })
    expect(draftProblems({ roundId: 1, heldOn: '2025-03-05', title: '第1次會議' })).toEqual({})
  })

  it('takes a start time from 00:00 to 23:59 or none, and a place of at most 200 characters', () => {
    const base = { roundId: 1, heldOn: '2025-03-05', title: '第1次會議' }
    for (const ok of ['', '00:00', '14:30', '23:59']) expect(draftProblems({ ...base, startTime: ok }), ok).toEqual({})
    for (const bad of ['24:00', '9:30', '14:60']) expect(draftProblems({ ...base, startTime: bad }), bad).toEqual({ startTime: 'meeting.create.startTimeInvalid' })
    expect(draftProblems({ ...base, place: '室'.repeat(201) })).toEqual({ place: 'meeting.create.placeTooLong' })
  })
})

describe('meetingPackUrl', () => {
  it('points at the meeting pack route of the report API', () => {
    expect(meetingPackUrl(42)).toBe('/api/reports/meetings/42/pack.pdf')
  })
})

describe('reporting items at a meeting', () => {
  it('lists every item of the round, those already on the record ticked with their note', () => {
    const rows = reportRows([{ id: 1 }, { id: 2 }, { id: 3 }], [{ remediationItemId: 2, note: '辦理中' }, { remediationItemId: 9, note: '解除列管' }])
    expect(rows.map((r) => [r.remediationItemId, r.reported, r.selected, r.note])).toEqual([
      [2, true, true, '辦理中'],
      [9, true, true, '解除列管'],
      [1, false, false, ''],
      [3, false, false, ''],
    ])
  })

  it('sends newly ticked items and changed notes only, trimmed', () => {
    const rows = reportRows([{ id: 1 }, { id: 2 }, { id: 3 }], [{ remediationItemId: 2, note: '辦理中' }, { remediationItemId: 3, note: '持續列管' }])
    expect(itemsToRecord(rows)).toEqual([])
    rows.find((r) => r.remediationItemId === 1)!.selected = true
    rows.find((r) => r.remediationItemId === 1)!.note = '  流程圖已更新 '
    rows.find((r) => r.remediationItemId === 2)!.note = '已完成改善'
    rows.find((r) => r.remediationItemId === 3)!.note = ' 持續列管 '
    expect(itemsToRecord(rows)).toEqual([
      { remediationItemId: 2, note: '已完成改善' },
      { remediationItemId: 1, note: '流程圖已更新' },
    ])
  })
})
