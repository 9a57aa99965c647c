import { describe, expect, it } from 'vitest'
import { DomainError } from '../errors.js'
import { checkPublished, checkPublishedTotal, fittingDenominators, sharesFitDenominator } from './published-check.js'

describe('checkPublished', () => {
  it.each([
    [96.3, 96.3, false, 0],
    [96.3, 96.30000000000001, false, 0],
    [94.67, 94.66, true, 0.01],
    [88.97, 88.98, true, -0.01],
    [0.28, 0.3, true, -0.02],
  ])('computed %d vs printed %d → mismatch %s (difference %d)', (computed, printed, mismatch, difference) => {
    const r = checkPublished(computed, printed)
    expect(r.mismatch).toBe(mismatch)
    expect(r.difference).toBe(difference)
  })

  it('compares at the requested decimals', () => {
    expect(checkPublished(94.67, 94.66, 1).mismatch).toBe(false)
  })

  it('refuses a non-finite printed figure', () => {
    expect(() => checkPublished(1, Number.NaN)).toThrow(DomainError)
  })
})

describe('checkPublishedTotal', () => {
  it('sums decimal parts exactly', () => {
    expect(checkPublishedTotal([0.1, 0.2], 0.3)).toEqual({ computed: 0.3, printed: 0.3, mismatch: false, difference: 0 })
  })

  it('names a bad part', () => {
    try {
      checkPublishedTotal([1, Number.POSITIVE_INFINITY], 1)
      expect.unreachable()
    } catch (error) {
      expect((error as DomainError).issues[0]!.path).toEqual(['parts[1]'])
    }
  })
})

describe('sharesFitDenominator / fittingDenominators', () => {
  it('finds the sample sizes a set of printed shares can come from', () => {
    expect(sharesFitDenominator([50, 25], 4)).toBe(true)
    expect(sharesFitDenominator([50, 25], 6)).toBe(false)
    expect(sharesFitDenominator([33.33], 3)).toBe(true)
    expect(sharesFitDenominator([100], 7)).toBe(true)
    expect(fittingDenominators([50, 25], 1, 12)).toEqual([4, 8, 12])
  })

  it('refuses a zero sample size or an inverted range', () => {
    expect(() => sharesFitDenominator([50], 0)).toThrow(DomainError)
    expect(() => fittingDenominators([50], 10, 5)).toThrow(DomainError)
  })
})
