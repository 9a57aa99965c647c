import { formatRound } from '../../composables/use-roc-date'

/** One inspection of a branch as the dashboard's `branchTrend` returns it. */
export interface TrendPoint {
  roundId: number
  rocYear: number
  half: 1 | 2
  status: string
  total: number | null
  passThreshold: number | null
  passed: boolean | null
}

/** A row of the results table: the round, its total against the pass line, and the outcome. */
export interface ResultRow {
  roundId: number
  round: string
  total: number | null
  threshold: number
  /** total − threshold, in points (negative below the line); null until signed. */
  margin: number | null
  outcome: 'passed' | 'failed' | 'notSigned'
}

/** The pass line when the sheet did not record one (DOMAIN.md: 750 of 1000). */
export const DEFAULT_PASS_THRESHOLD = 750

/**
 * Results per round, oldest first: unsigned inspections have no total yet. The margin is computed
 * in hundredths so 749.99 − 750 is exactly −0.01. Never throws.
 */
export function resultRows(points: readonly TrendPoint[], locale: string): ResultRow[] {
  return [...points]
    .sort((a, b) => a.rocYear - b.rocYear || a.half - b.half)
    .map((p) => {
      const threshold = p.passThreshold ?? DEFAULT_PASS_THRESHOLD
      const signed = p.total !== null
      return {
        roundId: p.roundId,
        round: formatRound(p, locale),
        total: p.total,
        threshold,
        margin: signed ? (Math.round(p.total! * 100) - Math.round(threshold * 100)) / 100 : null,
        outcome: !signed ? 'notSigned' : (p.passed ?? p.total! >= threshold) ? 'passed' : 'failed',
      }
    })
}
