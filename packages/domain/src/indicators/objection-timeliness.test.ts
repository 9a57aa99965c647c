import { describe, expect, it } from 'vitest'
import { isDomainError } from '../errors.js'
import { objectionDeadlines, objectionTimeliness } from './objection-timeliness.js'

describe('objectionDeadlines (行政執行法 §9: forward within 10 days, decide within 30)', () => {
  it('counts calendar days from receipt: day 10 is on time, day 11 late', () => {
    expect(objectionDeadlines({ receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-03-11' })).toEqual({
      branchDeadline: '2025-03-11',
      branchOnTime: true,
      decisionDeadline: '2025-04-10',
      decisionOnTime: null,
      overdue: false,
    })
    expect(objectionDeadlines({ receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-03-12' }).branchOnTime).toBe(false)
  })

  it('counts the agency decision from the day forwarded: 30 days on time, 31 late', () => {
    const base = { receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-03-05' } as const
    expect(objectionDeadlines({ ...base, decidedOn: '2025-04-04' }).decisionOnTime).toBe(true)
    expect(objectionDeadlines({ ...base, decidedOn: '2025-04-05' }).decisionOnTime).toBe(false)
  })

  it('holds a well-founded objection to its correction window, and crosses month and leap-year ends', () => {
    expect(objectionDeadlines({ receivedOn: '2024-02-25', finding: 'wellFounded', correctedOn: '2024-03-06' })).toMatchObject({ branchDeadline: '2024-03-06', branchOnTime: true })
    expect(objectionDeadlines({ receivedOn: '2024-02-25', finding: 'wellFounded', correctedOn: '2024-03-01' }, { correctionDays: 3 }).branchOnTime).toBe(false)
  })

  it('is overdue on asOf only once a deadline has passed with the step not done', () => {
    const open = { receivedOn: '2025-03-01' }
    expect(objectionDeadlines(open, { asOf: '2025-03-11' }).overdue).toBe(false)
    expect(objectionDeadlines(open, { asOf: '2025-03-12' }).overdue).toBe(true)
    const waiting = { receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-03-05' } as const
    expect(objectionDeadlines(waiting, { asOf: '2025-04-05' }).overdue).toBe(true)
  })

  it.each([
    [{ receivedOn: '2025-02-30' }, 'receivedOn'],
    [{ receivedOn: '2025-03-01', finding: 'maybe' }, 'finding'],
    [{ receivedOn: '2025-03-01', finding: 'wellFounded', forwardedOn: '2025-03-02' }, 'forwardedOn'],
    [{ receivedOn: '2025-03-01', finding: 'unfounded', correctedOn: '2025-03-02' }, 'correctedOn'],
    [{ receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-02-28' }, 'forwardedOn'],
    [{ receivedOn: '2025-03-01', finding: 'unfounded', decidedOn: '2025-03-20' }, 'decidedOn'],
  ])('refuses %j naming %s', (record, field) => {
    try {
      objectionDeadlines(record as never)
      expect.unreachable()
    } catch (error) {
      expect(isDomainError(error) && error.issues[0]!.path).toContain(field)
    }
  })
})

describe('objectionTimeliness', () => {
  it('counts findings, on-time shares per step and open objections past a deadline', () => {
    const result = objectionTimeliness(
      [
        { receivedOn: '2025-03-01', finding: 'wellFounded', correctedOn: '2025-03-02' },
        { receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-03-11', decidedOn: '2025-04-10' },
        { receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-03-12', decidedOn: '2025-04-20' },
        { receivedOn: '2025-04-01', finding: 'unfounded', forwardedOn: '2025-04-02' },
        { receivedOn: '2025-04-20' },
      ],
      { asOf: '2025-05-05' },
    )
    expect(result).toEqual({
      total: 5,
      wellFounded: 1,
      unfounded: 3,
      pending: 1,
      corrected: 1,
      correctedOnTime: 1,
      correctedOnTimeShare: 100,
      forwarded: 3,
      forwardedOnTime: 2,
      forwardedOnTimeShare: 66.67,
      decided: 2,
      decidedOnTime: 1,
      decidedOnTimeShare: 50,
      overdue: 2,
    })
  })

  it('has no shares when nothing was done, and names the row of a bad record', () => {
    expect(objectionTimeliness([]).forwardedOnTimeShare).toBeNull()
    expect(() => objectionTimeliness([{ receivedOn: '2025-03-01' }, { receivedOn: 'x' }])).toThrow(/objections\.1\.receivedOn/)
  })
})
