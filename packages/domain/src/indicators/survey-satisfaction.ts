import { ratioPercent } from '../rounding.js'
import { invalidIndicator, requireCount, resolveSample } from './validate.js'
import { describeValue } from '../input.js'

/** The answer scales found in the seeds. */
export type SurveyScale = 'five' | 'four' | 'three'

/** A scale as data: level labels from best to worst, how many top levels count as satisfied, the neutral level. */
export interface SurveyScaleDefinition {
  levels: readonly string[]
  /** The first `satisfiedLevels` levels are "satisfied" (numerator of the rate). */
  satisfiedLevels: number
  /** Index of the middle level, reported as `neutralShare`; it stays in the denominator. */
  neutralLevel: number
}

/**
 * The three scales (DOMAIN.md §4): five levels (seed 002), four levels (seed 003), three buckets
 * (seed 000, where 滿意以上 is already the top two levels merged).
 */
export const SURVEY_SCALES: Readonly<Record<SurveyScale, SurveyScaleDefinition>> = {
  five: { levels: ['非常滿意', '滿意', '無意見', '不滿意', '非常不滿意'], satisfiedLevels: 2, neutralLevel: 2 },
  four: { levels: ['很滿意', '滿意', '尚滿意', '不滿意'], satisfiedLevels: 2, neutralLevel: 2 },
  three: { levels: ['滿意以上', '普通', '其他'], satisfiedLevels: 1, neutralLevel: 1 },
}

/** Counts for one survey question. */
export interface SurveyTally {
  scale: SurveyScale
  /** Answers per level, best first; exactly as many entries as the scale has levels. */
  counts: readonly number[]
  /** Forms with no answer or two boxes ticked (無效樣本); default 0. */
  invalid?: number
  /** Forms returned (回收); if given, it must equal the answers plus `invalid`. */
  returned?: number
}

/** Result of {@link surveySatisfaction}. Percentages are 0–100, half up to 2 decimals. */
export interface SurveySatisfaction {
  scale: SurveyScale
  returned: number
  invalid: number
  /** returned − invalid. */
  valid: number
  /** Answers in the satisfied levels. */
  satisfied: number
  /** satisfied / valid × 100; `null` when there is no valid answer. */
  rate: number | null
  /** Share of each level in valid answers; `null` entries when valid is 0. */
  shares: (number | null)[]
  /** Share of the neutral level (無意見 / 尚滿意 / 普通). */
  neutralShare: number | null
}

/**
 * Satisfaction rate of one survey question (DOMAIN.md §4): valid = returned − invalid;
 * rate = (top two levels, or 滿意以上 on the 3-bucket scale) / valid × 100, the neutral level
 * staying in the denominator; half up to 2 decimals.
 * @throws DomainError `INVALID_INDICATOR` naming the field: unknown scale, wrong number of counts,
 *   a negative or fractional count (`counts.2`), invalid > returned, or returned ≠ answers + invalid.
 * @example surveySatisfaction({ scale: 'five', counts: [112, 50, 3, 0, 0], invalid: 1 }).rate // 98.18
 */
export function surveySatisfaction(tally: SurveyTally): SurveySatisfaction {
  if (tally === null || typeof tally !== 'object' || Array.isArray(tally)) throw invalidIndicator('tally', 'must be an object with scale and counts')
  const def = typeof tally.scale === 'string' && Object.hasOwn(SURVEY_SCALES, tally.scale) ? SURVEY_SCALES[tally.scale] : undefined
  if (!def) throw invalidIndicator('scale', `unknown scale ${describeValue(tally.scale)}; expected five, four or three`)
  if (!Array.isArray(tally.counts) || tally.counts.length !== def.levels.length) {
    throw invalidIndicator('counts', `the ${tally.scale}-level scale needs ${def.levels.length} counts (${def.levels.join('/')})`)
  }
  const counts = tally.counts.map((c, i) => requireCount(c, ['counts', i]))
  const answered = counts.reduce((a, b) => a + b, 0)
  const { returned, invalid, valid } = resolveSample(answered, tally.invalid, tally.returned)
  const satisfied = counts.slice(0, def.satisfiedLevels).reduce((a, b) => a + b, 0)
  const share = (n: number): number | null => (valid === 0 ? null : ratioPercent(n, valid))
  const shares = counts.map(share)
  return { scale: tally.scale, returned, invalid, valid, satisfied, rate: share(satisfied), shares, neutralShare: shares[def.neutralLevel] ?? null }
}
