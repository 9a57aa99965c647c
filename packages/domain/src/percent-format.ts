import { roundHalfUp } from './rounding.js'
import { invalidIndicator } from './indicators/validate.js'
import { describeValue } from './input.js'

/** Options of {@link formatPercent}. */
export interface PercentFormatOptions {
  /** Decimal places printed, trailing zeros kept (default 2: `96.30`). 0–6. */
  decimals?: number
  /** What an absent value (`null`) prints as (default `—`, as the documents leave an empty cell). */
  empty?: string
  /** Appended to a number (default none; the documents print the `%` in the column head or after the figure). */
  suffix?: string
}

/**
 * A percentage as the documents print it: rounded half up (四捨五入) to `decimals` places with the
 * trailing zeros kept — `96.3` prints `96.30`, `100` prints `100.00`. Every document and screen
 * prints percentages through this one helper, so a figure reads the same in the report, the
 * workbook and the dashboard. `null` prints `empty`.
 * @throws DomainError `INVALID_INDICATOR` naming `value` if it is not a finite number (or null), or
 *   beyond ±1e9, or `options.decimals` if it is not an integer 0–6.
 * @example formatPercent(96.3) // '96.30'
 * @example formatPercent(88.965, { suffix: '%' }) // '88.97%'
 */
export function formatPercent(value: number | null, options: PercentFormatOptions = {}): string {
  const opts: PercentFormatOptions = options ?? {}
  if (typeof opts !== 'object') throw invalidIndicator('options', 'must be an object')
  const decimals = opts.decimals ?? 2
  if (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > 6) {
    throw invalidIndicator(['options', 'decimals'], `must be a whole number 0–6, got ${describeValue(decimals)}`)
  }
  if (value === null) return typeof opts.empty === 'string' ? opts.empty : '—'
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidIndicator('value', `must be a finite number, got ${describeValue(value)}`)
  // A percentage past a billion is a caller's mistake (a count passed for a share), not a figure to print.
  if (Math.abs(value) > 1e9) throw invalidIndicator('value', `must be between −1e9 and 1e9, got ${describeValue(value)}`)
  const rounded = roundHalfUp(value, decimals)
  const negative = rounded < 0
  const [whole, fraction = ''] = Math.abs(rounded).toFixed(Math.min(decimals + 2, 20)).split('.')
  const digits = decimals === 0 ? whole! : `${whole}.${fraction.slice(0, decimals).padEnd(decimals, '0')}`
  const suffix = typeof opts.suffix === 'string' ? opts.suffix : ''
  return `${negative ? '-' : ''}${digits}${suffix}`
}
