import { DomainError } from './errors.js'
import { describeValue } from './input.js'

// Every published figure in the seeds is rounded "half up" (四捨五入) to two decimals. Doing that
// with floats goes wrong at the boundary (1.005 * 100 = 100.49999…, so Math.round gives 1.00), so
// this module works on exact rationals of BigInts: a number is read back from its shortest decimal
// representation (what `String(x)` prints, e.g. 1.005 → "1.005"), ratios of integers are never
// divided in floating point, and the result is converted to a number only once, from its decimal text.

/** An exact non-reduced fraction `num / den` with `den > 0`. Internal to the domain package. */
export interface Rational {
  num: bigint
  den: bigint
}

const TEN = 10n

function invalid(field: string, message: string): DomainError {
  return new DomainError('INVALID_INDICATOR', `${field}: ${message}`, [{ path: [field], message }])
}

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15) throw invalid('decimals', 'must be an integer 0–15')
}

/**
 * The exact value of the decimal text JavaScript prints for `value` (the shortest round-trip form),
 * so `1.005` is 1005/1000 and not the binary double just below it.
 * @throws DomainError `INVALID_INDICATOR` naming `field` if `value` is not finite.
 */
export function toRational(value: number, field = 'value'): Rational {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, `must be a finite number, got ${describeValue(value)}`)
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value))
  if (!m) throw invalid(field, `cannot read ${describeValue(value)} as a decimal`)
  const [, sign, int, frac = '', exp = '0'] = m
  let num = BigInt(`${int}${frac}`)
  let den = TEN ** BigInt(frac.length)
  const e = Number(exp)
  if (e > 0) num *= TEN ** BigInt(e)
  else if (e < 0) den *= TEN ** BigInt(-e)
  return { num: sign === '-' ? -num : num, den }
}

/**
 * Rounds `num / den` half up (ties away from zero, i.e. 四捨五入 on the magnitude) to `decimals`
 * places and returns the nearest double to that decimal — printing it gives the exact decimal text.
 * @throws DomainError `INVALID_INDICATOR` if `den` is 0 or `decimals` is not an integer 0–15.
 */
export function roundRational(r: Rational, decimals = 2): number {
  checkDecimals(decimals)
  if (r.den === 0n) throw invalid('denominator', 'must not be 0')
  const negative = r.num < 0n !== r.den < 0n
  const num = r.num < 0n ? -r.num : r.num
  const den = r.den < 0n ? -r.den : r.den
  const scale = TEN ** BigInt(decimals)
  // floor(x·scale + 1/2) on the magnitude, in integers: (2·num·scale + den) div (2·den).
  const q = (2n * num * scale + den) / (2n * den)
  const int = q / scale
  const frac = (q % scale).toString().padStart(decimals, '0')
  const text = decimals === 0 ? `${int}` : `${int}.${frac}`
  const result = Number(text)
  return negative && result !== 0 ? -result : result
}

/** Exact sum of decimal numbers (as printed), e.g. 0.1 + 0.2 = 0.3. Internal helper for totals and means. */
export function sumRational(values: readonly number[], field = 'values'): Rational {
  let acc: Rational = { num: 0n, den: 1n }
  values.forEach((v, i) => {
    const r = toRational(v, `${field}[${i}]`)
    acc = { num: acc.num * r.den + r.num * acc.den, den: acc.den * r.den }
  })
  return acc
}

/**
 * Rounds `value` half up to `decimals` places (default 2), exactly for any value written in
 * decimal: `roundHalfUp(1.005) === 1.01`, `roundHalfUp(94.665) === 94.67`, `roundHalfUp(2.5, 0) === 3`.
 * Negative values round half away from zero (`-2.5 → -3`), the symmetric reading of 四捨五入.
 * @throws DomainError `INVALID_INDICATOR` if `value` is not finite or `decimals` is not an integer 0–15.
 * @example roundHalfUp(1.005) // 1.01
 */
export function roundHalfUp(value: number, decimals = 2): number {
  return roundRational(toRational(value), decimals)
}

/**
 * `numerator / denominator` rounded half up to `decimals` places (default 2) without a float
 * division — for averages such as minutes per answer or days per petition.
 * @throws DomainError `INVALID_INDICATOR` if either is not finite or the denominator is 0.
 * @example roundRatio(1075, 136) // 7.9
 */
export function roundRatio(numerator: number, denominator: number, decimals = 2): number {
  const n = toRational(numerator, 'numerator')
  const d = toRational(denominator, 'denominator')
  if (d.num === 0n) throw invalid('denominator', 'must not be 0')
  return roundRational({ num: n.num * d.den, den: n.den * d.num }, decimals)
}

/**
 * The percentage `numerator / denominator × 100`, rounded half up to `decimals` places (default 2),
 * computed exactly — every indicator percentage goes through it. Both must be ≥ 0 and finite
 * (they are counts or amounts); the numerator may exceed the denominator (a share above 100%).
 * @throws DomainError `INVALID_INDICATOR` naming `numerator`/`denominator` if negative or not finite,
 *   or if the denominator is 0.
 * @example ratioPercent(121, 136) // 88.97
 */
export function ratioPercent(numerator: number, denominator: number, decimals = 2): number {
  if (typeof numerator !== 'number') throw invalid('numerator', `must be a number, got ${typeof numerator}`)
  if (typeof denominator !== 'number') throw invalid('denominator', `must be a number, got ${typeof denominator}`)
  if (!(numerator >= 0)) throw invalid('numerator', `must be ≥ 0, got ${describeValue(numerator)}`)
  if (!(denominator >= 0)) throw invalid('denominator', `must be ≥ 0, got ${describeValue(denominator)}`)
  return roundRational(percentOf(numerator, denominator), decimals)
}

function percentOf(numerator: number, denominator: number): Rational {
  const n = toRational(numerator, 'numerator')
  const d = toRational(denominator, 'denominator')
  if (d.num === 0n) throw invalid('denominator', 'must not be 0')
  return { num: n.num * d.den * 100n, den: n.den * d.num }
}

/**
 * Arithmetic mean of `values`, rounded half up to `decimals` places (default 2), summed exactly.
 * @throws DomainError `INVALID_INDICATOR` if `values` is empty or holds a non-finite number.
 * @example meanHalfUp([92, 93, 91.5]) // 92.17
 */
export function meanHalfUp(values: readonly number[], decimals = 2): number {
  if (!Array.isArray(values)) throw invalid('values', 'must be a list of numbers')
  if (values.length === 0) throw invalid('values', 'must not be empty')
  const sum = sumRational(values)
  return roundRational({ num: sum.num, den: sum.den * BigInt(values.length) }, decimals)
}
