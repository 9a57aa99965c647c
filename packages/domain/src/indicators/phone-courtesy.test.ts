import { describe, expect, it } from 'vitest'
import { DomainError } from '../errors.js'
import { phoneCourtesyBand, phoneCourtesySummary } from './phone-courtesy.js'

describe('phoneCourtesyBand', () => {
  it.each([
    [100, '優'],
    [90, '優'],
    [89.99, '甲'],
    [80, '甲'],
    [79.99, '乙'],
    [70, '乙'],
    [69.99, '丙'],
    [0, '丙'],
  ])('%d → %s', (average, band) => {
    expect(phoneCourtesyBand(average)).toBe(band)
  })

  it('reads bands as data', () => {
    const passFail = [
      { label: 'pass', min: 60 },
      { label: 'fail', min: 0 },
    ]
    expect(phoneCourtesyBand(60, passFail)).toBe('pass')
    expect(phoneCourtesyBand(59.99, passFail)).toBe('fail')
  })

  it.each([
    [[{ label: '甲', min: 80 }, { label: '優', min: 90 }, { label: '丙', min: 0 }], ['bands', 1, 'min']],
    [[{ label: '優', min: 90 }], ['bands', 0, 'min']],
    [[{ label: ' ', min: 0 }], ['bands', 0, 'label']],
    [[], ['bands']],
  ])('refuses malformed bands %j', (bands, path) => {
    try {
      phoneCourtesyBand(85, bands)
      expect.unreachable()
    } catch (error) {
      expect((error as DomainError).code).toBe('INVALID_INDICATOR')
      expect((error as DomainError).issues[0]!.path).toEqual(path)
    }
  })
})

describe('phoneCourtesySummary', () => {
  it('decides the band on the rounded average: 89.995 prints as 90.00 and is 優', () => {
    expect(phoneCourtesySummary([89.99, 90])).toEqual({ count: 2, average: 90, band: '優' })
  })

  it('averages 16 tests of seed 000 at 89 → 甲', () => {
    expect(phoneCourtesySummary(Array<number>(16).fill(89))).toEqual({ count: 16, average: 89, band: '甲' })
  })

  it('has no average when nobody was tested', () => {
    expect(phoneCourtesySummary([])).toEqual({ count: 0, average: null, band: null })
  })

  it.each([[[90, 101]], [[90, -1]], [[Number.NaN]]])('refuses a score outside 0–100: %j', (scores) => {
    expect(() => phoneCourtesySummary(scores)).toThrow(DomainError)
  })
})
