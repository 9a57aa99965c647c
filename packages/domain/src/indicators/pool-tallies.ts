import { invalidIndicator, requireCount } from './validate.js'
/** Counts of one survey question (or one quarter) on one scale, as stored: answers per option, and invalid forms. */
export interface TallyCounts<S extends string = string> {
  scale: S
  counts: readonly number[]
  invalid: number
}

/**
 * Pools several tallies that feed one indicator (several questions, or several quarters): the
 * counts of the tallies on the first tally's scale (same number of options) added option by
 * option, with their invalid forms. Tallies on another scale are left out; null for none.
 *
 * @example poolTallies([{ scale: 'five', counts: [1, 2, 0, 0, 0], invalid: 1 }, { scale: 'five', counts: [3, 0, 0, 0, 1], invalid: 0 }])
 * // → { scale: 'five', counts: [4, 2, 0, 0, 1], invalid: 1 }
 */
export function poolTallies<S extends string>(tallies: readonly TallyCounts<S>[]): { scale: S; counts: number[]; invalid: number } | null {
  if (!Array.isArray(tallies as unknown)) throw invalidIndicator('tallies', 'must be a list of tallies')
  tallies.forEach((t, i) => {
    if (t === null || typeof t !== 'object') throw invalidIndicator(['tallies', i], 'must be a tally { scale, counts, invalid }')
    if (typeof t.scale !== 'string') throw invalidIndicator(['tallies', i, 'scale'], 'must be a scale name')
    if (!Array.isArray(t.counts as unknown)) throw invalidIndicator(['tallies', i, 'counts'], 'must be a list of counts')
    t.counts.forEach((c: number, j: number) => requireCount(c, ['tallies', i, 'counts', j]))
    requireCount(t.invalid, ['tallies', i, 'invalid'])
  })
  const first = tallies[0]
  if (!first) return null
  const same = tallies.filter((t) => t.scale === first.scale && t.counts.length === first.counts.length)
  return {
    scale: first.scale,
    counts: first.counts.map((_, i) => same.reduce((sum, t) => sum + (t.counts[i] ?? 0), 0)),
    invalid: same.reduce((sum, t) => sum + t.invalid, 0),
  }
}
