import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DomainError } from './errors.js'
import {
  addCalendarDays,
  compareRounds,
  daysBetween,
  formatRocDate,
  isIsoDate,
  isoToRoc,
  nextRound,
  parseIsoDate,
  parseRocDate,
  parseRound,
  reportPeriodLabel,
  reportPeriodRange,
  rocToIso,
  roundKey,
  roundLabel,
  roundOf,
  roundRange,
  taipeiDate,
} from './roc-calendar.js'

function invalidDateOf(fn: () => unknown): DomainError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError)
    expect((error as DomainError).code).toBe('INVALID_DATE')
    return error as DomainError
  }
  throw new Error('expected INVALID_DATE')
}

describe('ISO ↔ ROC', () => {
  it.each([
    ['2025-03-05', { rocYear: 114, month: 3, day: 5 }],
    ['1912-01-01', { rocYear: 1, month: 1, day: 1 }],
    ['2011-03-31', { rocYear: 100, month: 3, day: 31 }],
    ['2024-02-29', { rocYear: 113, month: 2, day: 29 }],
  ])('%s is %o', (iso, roc) => {
    expect(isoToRoc(iso)).toEqual(roc)
    expect(rocToIso(roc)).toBe(iso)
  })

  it.each(['2025-02-29', '2025-13-01', '2025-04-31', '25-03-05', '2025-3-5', '1911-12-31', ''])('refuses %j', (input) => {
    const error = invalidDateOf(() => parseIsoDate(input))
    expect(error.message).toContain(JSON.stringify(input))
    expect(isIsoDate(input)).toBe(false)
  })
})

describe('formatRocDate', () => {
  it.each([
    ['2025-03-05', 'long', '114年3月5日'],
    ['2025-03-05', 'slash', '114/03/05'],
    ['2025-03-05', 'compact', '1140305'],
    ['2010-12-01', 'compact', '0991201'],
    ['2017-06-30', 'long', '106年6月30日'],
  ] as const)('%s as %s is %s', (iso, style, text) => {
    expect(formatRocDate(iso, style)).toBe(text)
    expect(parseRocDate(text)).toBe(iso)
  })
})

describe('parseRocDate', () => {
  it('property: parsing what formatRocDate prints gives the date back, in every style', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 80_000 }), fc.constantFrom('long', 'slash', 'compact'), (offset, style) => {
        const iso = addCalendarDays('1912-01-01', offset)
        expect(parseRocDate(formatRocDate(iso, style))).toBe(iso)
      }),
      { numRuns: 1000 },
    )
  })

  it.each([
    ['114年3月5日', '2025-03-05'],
    ['民國114年3月5日', '2025-03-05'],
    ['114 年 3 月 5 日', '2025-03-05'],
    ['１１４年３月５日', '2025-03-05'],
    ['114/03/05', '2025-03-05'],
    ['114/3/5', '2025-03-05'],
    ['114.03.05', '2025-03-05'],
    ['114-3-5', '2025-03-05'],
    ['1140305', '2025-03-05'],
    ['0990101', '2010-01-01'],
    ['113/02/29', '2024-02-29'],
  ])('%s → %s', (input, iso) => {
    expect(parseRocDate(input)).toBe(iso)
  })

  it.each(['114/02/29', '114年13月1日', '990305', '2025/03/05', '114/03-05', 'abc', '0年1月1日', '114年3月'])('refuses %j with the input in the message', (input) => {
    expect(invalidDateOf(() => parseRocDate(input)).message).toContain(JSON.stringify(input))
  })
})

describe('calendar-day arithmetic', () => {
  it.each([
    ['2025-02-27', 2, '2025-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2025-03-05', 0, '2025-03-05'],
    ['2025-01-01', 365, '2026-01-01'],
  ])('%s + %i = %s', (iso, n, expected) => {
    expect(addCalendarDays(iso, n)).toBe(expected)
    expect(daysBetween(iso, expected)).toBe(n)
  })

  it('refuses fractional days', () => {
    invalidDateOf(() => addCalendarDays('2025-03-05', 1.5))
  })

  it('adding then subtracting is the identity, and daysBetween agrees with UTC milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5000, max: 60_000 }), fc.integer({ min: -5000, max: 5000 }), (offset, n) => {
        const start = new Date(Date.UTC(1912, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10)
        const moved = addCalendarDays(start, n)
        expect(addCalendarDays(moved, -n)).toBe(start)
        expect(daysBetween(start, moved)).toBe(n)
        expect(moved).toBe(new Date(Date.UTC(1912, 0, 1) + (offset + n) * 86_400_000).toISOString().slice(0, 10))
      }),
    )
  })
})

describe('taipeiDate', () => {
  it.each([
    ['2025-03-04T15:59:59.999Z', '2025-03-04'],
    ['2025-03-04T16:00:00.000Z', '2025-03-05'],
    ['2025-12-31T16:00:00.000Z', '2026-01-01'],
  ])('%s is %s in Taipei', (instant, iso) => {
    expect(taipeiDate(new Date(instant))).toBe(iso)
  })

  it('refuses an invalid Date', () => {
    invalidDateOf(() => taipeiDate(new Date('nope')))
  })
})

describe('rounds and report periods', () => {
  it('labels, keys and parses rounds', () => {
    expect(roundLabel({ rocYear: 114, half: 1 })).toBe('114年上半年')
    expect(roundLabel({ rocYear: 114, half: 2 })).toBe('114年下半年')
    expect(roundKey({ rocYear: 114, half: 2 })).toBe('114-2')
    expect(parseRound('114年上半年')).toEqual({ rocYear: 114, half: 1 })
    expect(parseRound('114-2')).toEqual({ rocYear: 114, half: 2 })
    invalidDateOf(() => parseRound('114年第3季'))
    invalidDateOf(() => roundLabel({ rocYear: 114, half: 3 as 1 }))
  })

  it.each([
    ['2025-01-01', { rocYear: 114, half: 1 }],
    ['2025-06-30', { rocYear: 114, half: 1 }],
    ['2025-07-01', { rocYear: 114, half: 2 }],
    ['2025-12-31', { rocYear: 114, half: 2 }],
  ])('%s falls in %o', (iso, round) => {
    expect(roundOf(iso)).toEqual(round)
    const range = roundRange(round as { rocYear: number; half: 1 | 2 })
    expect(iso >= range.start && iso <= range.end).toBe(true)
  })

  it('orders rounds and steps to the next one across the year end', () => {
    expect(nextRound({ rocYear: 114, half: 1 })).toEqual({ rocYear: 114, half: 2 })
    expect(nextRound({ rocYear: 114, half: 2 })).toEqual({ rocYear: 115, half: 1 })
    expect(compareRounds({ rocYear: 114, half: 2 }, { rocYear: 115, half: 1 })).toBeLessThan(0)
    expect(compareRounds({ rocYear: 114, half: 2 }, { rocYear: 114, half: 1 })).toBeGreaterThan(0)
  })

  it('report 1 is Jan–Jun and report 2 is the whole year (seeds 002, 003)', () => {
    expect(reportPeriodRange({ rocYear: 106, report: 1 })).toEqual({ start: '2017-01-01', end: '2017-06-30' })
    expect(reportPeriodRange({ rocYear: 114, report: 2 })).toEqual({ start: '2025-01-01', end: '2025-12-31' })
    expect(reportPeriodLabel({ rocYear: 106, report: 1 })).toBe('106年第1次（1至6月）')
    expect(reportPeriodLabel({ rocYear: 114, report: 2 })).toBe('114年第2次（1至12月）')
  })
})

describe('元年: the first ROC year as documents write it', () => {
  it('prints 元年 and reads it back, with or without 民國 / 中華民國', () => {
    expect(formatRocDate('1912-01-01')).toBe('元年1月1日')
    expect(formatRocDate('1912-01-01', 'slash')).toBe('1/01/01')
    expect(parseRocDate('元年1月1日')).toBe('1912-01-01')
    expect(parseRocDate('民國元年3月5日')).toBe('1912-03-05')
    expect(parseRocDate('中華民國元年12月31日')).toBe('1912-12-31')
    expect(parseRocDate('中華民國114年3月5日')).toBe('2025-03-05')
  })

  it('labels rounds and report periods of year 1 the same way, and parses them', () => {
    expect(roundLabel({ rocYear: 1, half: 2 })).toBe('元年下半年')
    expect(parseRound('元年下半年')).toEqual({ rocYear: 1, half: 2 })
    expect(parseRound('民國元年上半年')).toEqual({ rocYear: 1, half: 1 })
    expect(reportPeriodLabel({ rocYear: 1, report: 1 })).toBe('元年第1次（1至6月）')
    expect(roundLabel({ rocYear: 10, half: 1 })).toBe('10年上半年')
  })

  it('still refuses a year before 元年', () => {
    expect(() => parseRocDate('0年1月1日')).toThrow(/INVALID|ROC year/)
  })
})
