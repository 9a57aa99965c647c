import { describe, expect, it } from 'vitest'
import { formatRoc, formatRocDateTime, formatRound, parseRocInput } from './use-roc-date'

describe('parseRocInput', () => {
  it.each([
    ['114/03/05', '2025-03-05'],
    ['114/3/5', '2025-03-05'],
    ['114年3月5日', '2025-03-05'],
    ['民國114年3月5日', '2025-03-05'],
    [' 114 / 03 / 05 ', '2025-03-05'],
    ['１１４/０３/０５', '2025-03-05'],
    ['1140305', '2025-03-05'],
    ['113/02/29', '2024-02-29'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseRocInput(text)).toEqual({ ok: true, iso })
  })

  it('treats empty input as "no date", not as an error', () => {
    expect(parseRocInput('   ')).toEqual({ ok: true, iso: null })
  })

  it.each(['114/02/29', '114/13/01', '2025/03/05', 'abc', '114年3月', '990305'])('refuses %s', (text) => {
    expect(parseRocInput(text)).toEqual({ ok: false, iso: null })
  })
})

describe('formatRoc', () => {
  it('prints the long ROC form by default and the slash form on request', () => {
    expect(formatRoc('2025-03-05')).toBe('114年3月5日')
    expect(formatRoc('2025-03-05', 'slash')).toBe('114/03/05')
  })

  it('says in English that the year is an ROC year instead of printing Chinese characters', () => {
    expect(formatRoc('2025-03-05', 'long', 'en')).toBe('ROC 114/03/05')
    expect(formatRoc('2025-03-05', 'slash', 'en')).toBe('114/03/05')
    expect(formatRocDateTime('2025-03-04T16:07:00.000Z', 'en')).toBe('ROC 114/03/05 00:07')
    expect(formatRoc(null, 'long', 'en')).toBe('')
  })

  it('shows a timestamp as its calendar day in Taipei', () => {
    // 16:00 UTC on 4 March is already 5 March in Taipei.
    expect(formatRoc('2025-03-04T16:00:00.000Z')).toBe('114年3月5日')
    expect(formatRocDateTime('2025-03-04T16:07:00.000Z')).toBe('114年3月5日 00:07')
  })

  it('returns an empty string for missing or broken values instead of throwing', () => {
    expect(formatRoc(null)).toBe('')
    expect(formatRoc('not a date')).toBe('')
    expect(formatRocDateTime(undefined)).toBe('')
  })
})

describe('formatRound', () => {
  it('labels rounds as ROC documents do, and in English on request', () => {
    expect(formatRound({ rocYear: 114, half: 1 })).toBe('114年上半年')
    expect(formatRound({ rocYear: 114, half: 2 })).toBe('114年下半年')
    expect(formatRound({ rocYear: 114, half: 2 }, 'en')).toBe('ROC 114, second half')
  })
})
