import { ratioPercent, roundHalfUp, roundRational, sumRational, toRational } from '../rounding.js'
import { invalidIndicator, requireCount } from './validate.js'

/** Outcome of comparing a computed figure with the one printed in a report. */
export interface PublishedCheck {
  computed: number
  printed: number
  /** True when the two differ once both are rounded half up to the compared decimals. */
  mismatch: boolean
  /** computed − printed, exact, at the compared decimals (0 when they agree). */
  difference: number
}

function compare(computed: number, printed: number, decimals: number): PublishedCheck {
  const c = roundHalfUp(computed, decimals)
  const p = roundHalfUp(printed, decimals)
  const rc = toRational(c, 'computed')
  const rp = toRational(p, 'printed')
  const difference = roundRational({ num: rc.num * rp.den - rp.num * rc.den, den: rc.den * rp.den }, decimals)
  return { computed: c, printed: p, mismatch: difference !== 0, difference }
}

/**
 * Compares the engine's figure with the printed one at `decimals` places (default 2; a printed
 * `96.3` equals `96.30`). Used on import to flag the seeds' wrong figures, e.g. 71/75 printed as
 * 94.66 where half up gives 94.67.
 * @throws DomainError `INVALID_INDICATOR` if either figure is not finite.
 * @example checkPublished(ratioPercent(71, 75), 94.66) // { computed: 94.67, printed: 94.66, mismatch: true, difference: 0.01 }
 */
export function checkPublished(computed: number, printed: number, decimals = 2): PublishedCheck {
  return compare(computed, printed, decimals)
}

/**
 * Checks a printed total against the exact sum of its printed parts (counts or amounts).
 * @throws DomainError `INVALID_INDICATOR` naming `parts.i` or `printed` if not finite.
 * @example checkPublishedTotal([11_412, 1_443], 12_853) // { computed: 12855, printed: 12853, mismatch: true, difference: 2 }
 */
export function checkPublishedTotal(parts: readonly number[], printedTotal: number, decimals = 2): PublishedCheck {
  if (!Array.isArray(parts)) throw invalidIndicator('parts', 'must be a list of numbers')
  const sum = sumRational(parts, 'parts')
  toRational(printedTotal, 'printed')
  return compare(roundRational(sum, decimals), printedTotal, decimals)
}

/**
 * Whether every printed percentage can be `k / n × 100` (half up to `decimals`) for some whole
 * k in 0…n — a cheap test of the sample size a report claims. Seed 003 prints 83.65% and 12.50%
 * of "106" answers; they fit 104 (87 and 13), not 106.
 * @throws DomainError `INVALID_INDICATOR` naming `n` (not a whole number above 0) or `printed.i`.
 * @example sharesFitDenominator([83.65, 12.5], 104) // true
 */
export function sharesFitDenominator(printed: readonly number[], n: number, decimals = 2): boolean {
  if (!Array.isArray(printed)) throw invalidIndicator('printed', 'must be a list of percentages')
  requireCount(n, 'n')
  if (n === 0) throw invalidIndicator('n', 'must be above 0')
  return printed.every((p, i) => {
    const target = roundHalfUp(p, decimals)
    if (target < 0) throw invalidIndicator(['printed', i], 'must be ≥ 0')
    // ratioPercent is monotone in k: look only near the real-valued k, then confirm exactly.
    const guess = Math.round((target * n) / 100)
    for (let k = Math.max(0, guess - 2); k <= Math.min(n, guess + 2); k += 1) {
      if (ratioPercent(k, n, decimals) === target) return true
    }
    return false
  })
}

/**
 * All sample sizes in `min…max` that every printed percentage fits (see {@link sharesFitDenominator}).
 * @throws DomainError `INVALID_INDICATOR` naming `min`/`max` if they are not whole numbers with 1 ≤ min ≤ max
 *   and max − min ≤ 100,000.
 * @example fittingDenominators([83.65, 12.5, 96.15], 100, 110) // [104]
 */
/** Widest `min…max` range {@link fittingDenominators} searches. */
export const MAX_DENOMINATOR_RANGE = 100_000

export function fittingDenominators(printed: readonly number[], min: number, max: number, decimals = 2): number[] {
  requireCount(min, 'min')
  requireCount(max, 'max')
  if (min < 1 || max < min) throw invalidIndicator('max', 'needs 1 ≤ min ≤ max')
  // A search over sample sizes, not an open loop: a wider range is a caller's mistake (2^53 would never end).
  if (max - min > MAX_DENOMINATOR_RANGE) throw invalidIndicator('max', `may be at most ${MAX_DENOMINATOR_RANGE} above min`)
  if (!Array.isArray(printed)) throw invalidIndicator('printed', 'must be a list of percentages')
  const fits: number[] = []
  for (let n = min; n <= max; n += 1) if (sharesFitDenominator(printed, n, decimals)) fits.push(n)
  return fits
}
