// Report tables print the same figures the domain computes (DOMAIN.md §4). @leap/domain's built
// index does not export its indicator calculators yet (they are being written in parallel), so the
// few this package needs live here, on exact integer arithmetic like the domain's: replace them with
// the domain's `surveySatisfaction` / `waitingTimeSummary` once those are exported.

/**
 * `numerator / denominator × 100`, half up to 2 decimals, computed on integers (no float drift);
 * `null` when the denominator is 0.
 * @example percent(162, 165) // 98.18
 */
export function percent(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null
  // round half up of p/q at 2 decimals = floor((2·p·10⁴ + q) / 2q) / 100, all in BigInt.
  const p = BigInt(numerator) * 10_000n
  const q = BigInt(denominator)
  return Number((2n * p + q) / (2n * q)) / 100
}

/**
 * Mean of scores given with at most 2 decimals, half up to 2 decimals; `null` for no scores.
 * @example meanScore([92, 93, 91.5]) // 92.17
 */
export function meanScore(scores: readonly number[]): number | null {
  if (scores.length === 0) return null
  const sum = scores.reduce((s, x) => s + BigInt(Math.round(x * 100)), 0n)
  const n = BigInt(scores.length)
  // sum is in hundredths: mean in hundredths rounded half up.
  return Number((2n * sum + n) / (2n * n)) / 100
}

/** Levels of the survey scales, best first (DOMAIN.md §4), and how many top levels count as satisfied. */
export const SURVEY_SCALE_LEVELS = {
  five: { levels: ['非常滿意', '滿意', '無意見', '不滿意', '非常不滿意'], satisfiedLevels: 2 },
  four: { levels: ['很滿意', '滿意', '尚滿意', '不滿意'], satisfiedLevels: 2 },
  three: { levels: ['滿意以上', '普通', '其他'], satisfiedLevels: 1 },
} as const

export type SurveyScaleName = keyof typeof SURVEY_SCALE_LEVELS

/** Satisfaction rate: top levels / (answers) × 100, the neutral level in the denominator. */
export function satisfactionRate(scale: SurveyScaleName, counts: readonly number[]): number | null {
  const satisfied = counts.slice(0, SURVEY_SCALE_LEVELS[scale].satisfiedLevels).reduce((a, b) => a + b, 0)
  const valid = counts.reduce((a, b) => a + b, 0)
  return percent(satisfied, valid)
}

/** Minutes each waiting-time bucket stands for in the published average (≥60 counted as 30, seed 002). */
export const WAITING_BUCKET_LABELS = ['5分鐘以內', '5至15分鐘', '15至30分鐘', '30至60分鐘', '60分鐘以上'] as const

/**
 * Waiting-time figures of seed 002 item K: shares of each bucket, within 15 minutes, and the
 * average with the ≥60 bucket counted as `openBucketMinutes` (published formula: 30).
 */
export function waitingTime(buckets: readonly number[], openBucketMinutes = 30): {
  valid: number
  shares: (number | null)[]
  within15: number | null
  averageMinutes: number | null
} {
  const valid = buckets.reduce((a, b) => a + b, 0)
  // Midpoints in tenths of a minute keep the weighted sum integral.
  const tenths = [25, 100, 225, 450, Math.round(openBucketMinutes * 10)]
  const weighted = buckets.reduce((s, b, i) => s + BigInt(b) * BigInt(tenths[i]!), 0n)
  let averageMinutes: number | null = null
  if (valid > 0) {
    const q = BigInt(valid) * 10n
    averageMinutes = Number((2n * weighted * 100n + q) / (2n * q)) / 100
  }
  return {
    valid,
    shares: buckets.map((b) => percent(b, valid)),
    within15: percent((buckets[0] ?? 0) + (buckets[1] ?? 0), valid),
    averageMinutes,
  }
}

/** Phone-courtesy band (DOMAIN.md §4, model): ≥90 優, 80–89 甲, 70–79 乙, below 70 丙. */
export function phoneBand(average: number): '優' | '甲' | '乙' | '丙' {
  if (average >= 90) return '優'
  if (average >= 80) return '甲'
  if (average >= 70) return '乙'
  return '丙'
}

/** A percentage for a table cell: `98.18`, or `—` when undefined. */
export function formatPercent(value: number | null): string {
  return value === null ? '—' : value.toFixed(2)
}
