import { describe, expect, it } from 'vitest'
import { compareByUrgency, defaultDueDate, urgencyRank } from './remediation-urgency.js'

describe('defaultDueDate', () => {
  it.each([
    ['2026-12-07', 90, '2027-03-07'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-07', 0, '2026-12-07'],
  ])('%s + %i days is %s, never before the day the item is created', (createdOn, days, due) => {
    expect(defaultDueDate(createdOn, days)).toBe(due)
    expect(defaultDueDate(createdOn, days) >= createdOn).toBe(true)
  })

  it.each([[-1], [1.5], [Number.NaN]])('refuses %s days', (days) => {
    expect(() => defaultDueDate('2026-12-07', days)).toThrow()
  })

  it('refuses a date that is not one', () => {
    expect(() => defaultDueDate('2026-02-30', 10)).toThrow()
  })
})

describe('urgency', () => {
  const today = '2026-12-07'
  it.each([
    [{ status: 'returned', dueDate: '2027-06-30' }, 0],
    [{ status: 'in_progress', dueDate: '2026-12-06' }, 1],
    [{ status: 'submitted', dueDate: '2026-11-01' }, 1],
    [{ status: 'in_progress', dueDate: '2026-12-21' }, 2],
    [{ status: 'open', dueDate: '2026-12-22' }, 3],
    [{ status: 'open', dueDate: null }, 3],
    [{ status: 'in_progress', dueDate: '2027-03-01' }, 4],
    [{ status: 'closed', dueDate: '2026-01-01' }, 5],
    [{ status: 'cancelled', dueDate: null }, 5],
  ] as const)('%o ranks %i', (item, rank) => {
    expect(urgencyRank(item, today)).toBe(rank)
  })

  it('sorts the most urgent first, then by due date, then by id', () => {
    const items = [
      { id: 1, status: 'closed', dueDate: '2024-01-01' },
      { id: 2, status: 'in_progress', dueDate: '2027-05-01' },
      { id: 3, status: 'open', dueDate: '2027-04-01' },
      { id: 4, status: 'in_progress', dueDate: '2026-11-30' },
      { id: 5, status: 'returned', dueDate: '2027-06-30' },
      { id: 6, status: 'in_progress', dueDate: '2026-12-10' },
      { id: 7, status: 'in_progress', dueDate: '2026-10-01' },
    ] as const
    const sorted = [...items].sort((a, b) => compareByUrgency(a, b, today))
    expect(sorted.map((i) => i.id)).toEqual([5, 7, 4, 6, 3, 2, 1])
  })
})
