import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DomainError } from './errors.js'
import { meanHalfUp, ratioPercent, roundHalfUp, roundRatio } from './rounding.js'

// Reference implementations on decimal text, the way a person rounds on paper — independent of
// the module's (2·n·s + d) / 2d formula.
function referenceRoundText(digits: bigint, scale: number, decimals: number): string {
  const negative = digits < 0n
  let text = (negative ? -digits : digits).toString().padStart(scale + 1, '0')
  let intPart = text.slice(0, text.length - scale)
  let frac = text.slice(text.length - scale).padEnd(decimals + 1, '0')
  const roundUp = Number(frac[decimals]) >= 5
  let kept = BigInt(intPart + frac.slice(0, decimals))
  if (roundUp) kept += 1n
  text = kept.toString().padStart(decimals + 1, '0')
  intPart = text.slice(0, text.length - decimals)
  frac = text.slice(text.length - decimals)
  return `${negative && kept !== 0n ? '-' : ''}${intPart}${decimals > 0 ? `.${frac}` : ''}`
}

function referencePercent(numerator: bigint, denominator: bigint, decimals: number): number {
  // Long division: quotient and remainder of n·100·10^d / den; round up when 2·remainder ≥ den.
  const scaled = numerator * 100n * 10n ** BigInt(decimals)
  let q = scaled / denominator
  if (2n * (scaled % denominator) >= denominator) q += 1n
  return Number(referenceRoundText(q, decimals, decimals))
}

describe('roundHalfUp', () => {
  it.each([
    [1.005, 2, 1.01],
    [1.015, 2, 1.02],
    [94.665, 2, 94.67],
    [2.675, 2, 2.68],
    [1.255, 2, 1.26],
    [8.345, 2, 8.35],
    [0.285, 2, 0.29],
    [7.904411764705882, 2, 7.9],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [-1.005, 2, -1.01],
    [-0.001, 2, 0],
    [1e-7, 2, 0],
    [123456789.125, 2, 123456789.13],
    [1e21, 2, 1e21],
    [99.995, 2, 100],
  ])('roundHalfUp(%d, %i) = %d', (value, decimals, expected) => {
    expect(roundHalfUp(value, decimals)).toBe(expected)
  })

  it('returns +0, never -0, for values that round to zero', () => {
    expect(Object.is(roundHalfUp(-0.001), 0)).toBe(true)
  })

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses %d with INVALID_INDICATOR', (value) => {
    expect(() => roundHalfUp(value)).toThrow(DomainError)
  })

  it('refuses fractional or huge decimals', () => {
    expect(() => roundHalfUp(1, 1.5)).toThrow(/decimals/)
    expect(() => roundHalfUp(1, 16)).toThrow(/decimals/)
  })

  it('property: agrees with rounding the decimal text half up', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 4 }), (digits, scale, decimals) => {
        const text = referenceRoundText(digits, scale, scale) // exact text of digits / 10^scale
        const value = Number(text)
        expect(roundHalfUp(value, decimals)).toBe(Number(referenceRoundText(digits, scale, decimals)))
      }),
      { numRuns: 2000 },
    )
  })

  it('property: ties x.xx5 always go up, where Math.round on floats sometimes goes down', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (n) => {
        const value = Number(`${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}5`)
        expect(roundHalfUp(value)).toBe((n + 1) / 100)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('ratioPercent', () => {
  it.each([
    [121, 136, 88.97],
    [69, 136, 50.74],
    [52, 136, 38.24],
    [70, 75, 93.33],
    [71, 75, 94.67],
    [1, 8, 12.5],
    [0, 5, 0],
    [5, 5, 100],
    [1_729_838, 620_592_791, 0.28],
  ])('%i / %i → %d%%', (n, d, expected) => {
    expect(ratioPercent(n, d)).toBe(expected)
  })

  it('property: equals the long-division reference for any counts', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.bigInt({ min: 1n, max: 10n ** 13n }), fc.integer({ min: 0, max: 4 }), (n, d, decimals) => {
        expect(ratioPercent(Number(n), Number(d), decimals)).toBe(referencePercent(n, d, decimals))
      }),
      { numRuns: 2000 },
    )
  })

  it.each([
    [-1, 5, 'numerator'],
    [1, -5, 'denominator'],
    [1, 0, 'denominator'],
    [Number.NaN, 5, 'numerator'],
  ])('ratioPercent(%d, %d) names %s', (n, d, field) => {
    try {
      ratioPercent(n, d)
      expect.unreachable()
    } catch (error) {
      expect((error as DomainError).code).toBe('INVALID_INDICATOR')
      expect((error as DomainError).issues[0]!.path).toEqual([field])
    }
  })
})

describe('roundRatio and meanHalfUp', () => {
  it('rounds averages exactly', () => {
    expect(roundRatio(1075, 136)).toBe(7.9)
    expect(roundRatio(1, 3)).toBe(0.33)
    expect(roundRatio(2, 3)).toBe(0.67)
    expect(roundRatio(-2, 3)).toBe(-0.67)
    expect(meanHalfUp([92, 93, 91.5])).toBe(92.17)
    expect(meanHalfUp([0.1, 0.2])).toBe(0.15)
    expect(meanHalfUp([1.005])).toBe(1.01)
    expect(() => meanHalfUp([])).toThrow(DomainError)
    expect(() => roundRatio(1, 0)).toThrow(DomainError)
  })
})
