import {
  meanHalfUp,
  phoneCourtesyBand,
  ratioPercent,
  surveySatisfaction,
  SURVEY_SCALES,
  waitingTimeSummary,
  WAITING_TIME_BUCKETS,
  type SurveyScale,
} from '@leap/domain'

// Thin adapters over @leap/domain's indicator calculators (DOMAIN.md §4): the report tables must
// print exactly the figures the domain computes. They turn "nothing to divide by" into `null`,
// which a table prints as a dash, instead of the domain's error.

/**
 * `numerator / denominator × 100`, half up to 2 decimals; `null` when the denominator is 0.
 * @example percent(162, 165) // 98.18
 */
export function percent(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : ratioPercent(numerator, denominator)
}

/** Mean of scores, half up to 2 decimals; `null` for no scores. */
export function meanScore(scores: readonly number[]): number | null {
  return scores.length === 0 ? null : meanHalfUp(scores)
}

/** Level labels of each survey scale, best first. */
export const SURVEY_SCALE_LEVELS = SURVEY_SCALES

export type SurveyScaleName = SurveyScale

/** Satisfaction rate of one question's answers (invalid forms excluded); `null` without answers. */
export function satisfactionRate(scale: SurveyScale, counts: readonly number[]): number | null {
  return surveySatisfaction({ scale, counts }).rate
}

/** Column labels of the waiting-time buckets, shortest first. */
export const WAITING_BUCKET_LABELS = WAITING_TIME_BUCKETS.map((b) => b.label)

/**
 * Waiting-time figures of seed 002 item K. `openBucketMinutes` = 30 is the published formula
 * (`published` mode); any other value uses the domain's `corrected` mode.
 */
export function waitingTime(buckets: readonly number[], openBucketMinutes = 30): {
  valid: number
  shares: (number | null)[]
  within15: number | null
  averageMinutes: number | null
} {
  const summary = waitingTimeSummary({ buckets }, openBucketMinutes === 30 ? { mode: 'published' } : { mode: 'corrected', openBucketMinutes })
  return { valid: summary.valid, shares: summary.shares, within15: summary.within15Share, averageMinutes: summary.averageMinutes }
}

/** Phone-courtesy band of an average (≥90 優, 80–89 甲, 70–79 乙, below 70 丙; domain defaults). */
export function phoneBand(average: number): string {
  return phoneCourtesyBand(average)
}

/** A percentage for a table cell: `98.18`, or `—` when undefined. */
export function formatPercent(value: number | null): string {
  return value === null ? '—' : value.toFixed(2)
}
