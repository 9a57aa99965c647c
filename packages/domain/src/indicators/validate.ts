import { DomainError } from '../errors.js'
import { describeValue } from '../input.js'

// Internal: input checks shared by the indicator calculators. Each names the offending field so
// the admin can show the message next to it.

/** A DomainError `INVALID_INDICATOR` for `path` (a field name or path). */
export function invalidIndicator(path: string | (string | number)[], message: string): DomainError {
  const p = Array.isArray(path) ? path : [path]
  return new DomainError('INVALID_INDICATOR', `${p.join('.')}: ${message}`, [{ path: p, message }])
}

/** Returns `value` if it is a count (a non-negative safe integer), else throws naming `path`. */
export function requireCount(value: unknown, path: string | (string | number)[]): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidIndicator(path, `must be a whole number ≥ 0, got ${describeValue(value)}`)
  }
  return value
}

/** Returns `value` if it is a finite number ≥ 0 (an amount or a duration), else throws naming `path`. */
export function requireAmount(value: unknown, path: string | (string | number)[]): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidIndicator(path, `must be a number ≥ 0, got ${describeValue(value)}`)
  }
  return value
}

/**
 * Resolves returned/invalid/valid for a tally whose answered counts are `answered`:
 * valid = returned − invalid, and the answered counts must add up to valid.
 * `returned` may be omitted (then it is answered + invalid).
 */
export function resolveSample(answered: number, invalid: number | undefined, returned: number | undefined): { returned: number; invalid: number; valid: number } {
  const inv = requireCount(invalid ?? 0, 'invalid')
  if (returned === undefined) return { returned: answered + inv, invalid: inv, valid: answered }
  const ret = requireCount(returned, 'returned')
  if (inv > ret) throw invalidIndicator('invalid', `invalid answers (${inv}) exceed returned forms (${ret})`)
  if (answered !== ret - inv) {
    throw invalidIndicator('returned', `returned (${ret}) − invalid (${inv}) = ${ret - inv}, but the answers add up to ${answered}`)
  }
  return { returned: ret, invalid: inv, valid: answered }
}
