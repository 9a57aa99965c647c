import { ratioPercent } from '../rounding.js'
import { invalidIndicator, requireAmount, requireCount } from './validate.js'

/**
 * Share of the amount collected over the noon break (中午不打烊收款) in all amounts collected, in
 * percent, half up to 2 decimals. Amounts in NTD, ≥ 0; the noon amount cannot exceed the total.
 * @throws DomainError `INVALID_INDICATOR` naming `noonAmount` or `totalAmount`.
 * @example noonCollectionShare(1_729_838, 620_592_791) // 0.28
 */
export function noonCollectionShare(noonAmount: number, totalAmount: number): number {
  requireAmount(noonAmount, 'noonAmount')
  requireAmount(totalAmount, 'totalAmount')
  if (totalAmount === 0) throw invalidIndicator('totalAmount', 'must be above 0')
  if (noonAmount > totalAmount) throw invalidIndicator('noonAmount', `exceeds totalAmount (${totalAmount})`)
  return ratioPercent(noonAmount, totalAmount)
}

/**
 * Survey response rate: valid forms / forms issued × 100, half up to 2 decimals.
 * @throws DomainError `INVALID_INDICATOR` naming `valid` or `issued` (negative, fractional,
 *   issued 0, or valid > issued).
 * @example responseRate(136, 200) // 68
 */
export function responseRate(valid: number, issued: number): number {
  requireCount(valid, 'valid')
  requireCount(issued, 'issued')
  if (issued === 0) throw invalidIndicator('issued', 'must be above 0')
  if (valid > issued) throw invalidIndicator('valid', `exceeds issued (${issued})`)
  return ratioPercent(valid, issued)
}

/**
 * A generic share of counts, part / whole × 100, half up to 2 decimals (e.g. remediation items
 * closed of those due). `partField`/`wholeField` name the fields in errors.
 * @throws DomainError `INVALID_INDICATOR` naming the field (negative, fractional, whole 0, part > whole).
 * @example countShare(70, 75) // 93.33
 */
export function countShare(part: number, whole: number, partField = 'part', wholeField = 'whole'): number {
  requireCount(part, partField)
  requireCount(whole, wholeField)
  if (whole === 0) throw invalidIndicator(wholeField, 'must be above 0')
  if (part > whole) throw invalidIndicator(partField, `exceeds ${wholeField} (${whole})`)
  return ratioPercent(part, whole)
}
