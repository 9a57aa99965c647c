import { describe, expect, it } from 'vitest'
import type { DomainError } from '../errors.js'
import { petitionTimeliness, type PetitionRecord } from './petition-timeliness.js'

const p = (extra: Partial<PetitionRecord>): PetitionRecord => ({ category: '其他', channel: '書面', ...extra })

describe('petitionTimeliness', () => {
  it.each([
    [5, true],
    [6, true],
    [7, false],
    [0, true],
  ])('closed after %i days → on time: %s', (days, onTime) => {
    expect(petitionTimeliness([p({ days })]).onTime).toBe(onTime ? 1 : 0)
  })

  it('counts calendar days from received to closed: Mar 1 → Mar 7 is 6 (on time), → Mar 8 is 7 (late)', () => {
    const r = petitionTimeliness([p({ receivedOn: '2025-03-01', closedOn: '2025-03-07' }), p({ receivedOn: '2025-03-01', closedOn: '2025-03-08' })])
    expect(r).toMatchObject({ closed: 2, onTime: 1, late: 1, onTimeShare: 50, averageDays: 6.5 })
  })

  it('keeps open petitions out of the on-time share and the average', () => {
    const r = petitionTimeliness([p({ days: 2 }), p({ receivedOn: '2025-03-01', closedOn: null }), p({ days: null })])
    expect(r).toMatchObject({ total: 3, closed: 1, open: 2, onTimeShare: 100, averageDays: 2 })
  })

  it('takes a different deadline as an option', () => {
    expect(petitionTimeliness([p({ days: 3 }), p({ days: 4 })], { deadlineDays: 3 }).onTimeShare).toBe(50)
  })

  it('lists every category and channel, zeros included, in the seeds order', () => {
    const r = petitionTimeliness([p({ category: '行政法令查詢', channel: '電子郵件', days: 1 }), p({ days: 1 }), p({ days: 1 })])
    expect(r.byCategory).toEqual([
      { key: '行政興革建議', count: 0, share: 0 },
      { key: '行政法令查詢', count: 1, share: 33.33 },
      { key: '行政違失舉發', count: 0, share: 0 },
      { key: '行政權益維護', count: 0, share: 0 },
      { key: '其他', count: 2, share: 66.67 },
    ])
    expect(r.byChannel.map((x) => x.key)).toEqual(['口頭', '書面', '電話', '電子郵件', '其他'])
  })

  it('has null shares and averages with no petitions', () => {
    expect(petitionTimeliness([])).toMatchObject({ total: 0, onTimeShare: null, averageDays: null })
  })

  it.each<[PetitionRecord, (string | number)[]]>([
    [p({ category: '抱怨' as '其他', days: 1 }), ['petitions', 0, 'category']],
    [p({ channel: '傳真' as '其他', days: 1 }), ['petitions', 0, 'channel']],
    [p({ days: -1 }), ['petitions', 0, 'days']],
    [p({ days: 1.5 }), ['petitions', 0, 'days']],
    [p({}), ['petitions', 0, 'days']],
    [p({ receivedOn: '2025-03-08', closedOn: '2025-03-07' }), ['petitions', 0, 'closedOn']],
  ])('refuses %o naming the field', (petition, path) => {
    try {
      petitionTimeliness([petition])
      expect.unreachable()
    } catch (error) {
      expect((error as DomainError).code).toBe('INVALID_INDICATOR')
      expect((error as DomainError).issues[0]!.path).toEqual(path)
    }
  })

  it('reports a malformed date as INVALID_DATE', () => {
    expect(() => petitionTimeliness([p({ receivedOn: '2025-02-30', closedOn: '2025-03-01' })])).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }))
  })
})
