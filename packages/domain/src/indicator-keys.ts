import { z } from 'zod'

/**
 * Measured service indicators that a rubric tier may name in its rule (DOMAIN.md §4, §5).
 * The same keys are the input of {@link suggestTiers} and of the indicator calculators.
 *
 * Units: `*Satisfaction`, `within15MinutesShare`, `petitionsWithin6DaysShare`, `disclosureRatio`
 * and `remediationClosedShare` are percentages (0–100); `phoneCourtesyAverage` is a score (0–100);
 * `paymentChannels` and `accessMeasures` are counts; `caseAssignmentDays` is a number of days.
 */
export const INDICATOR_KEYS = [
  'environmentSatisfaction',
  'courtesySatisfaction',
  'professionalismSatisfaction',
  'overallSatisfaction',
  'within15MinutesShare',
  'phoneCourtesyAverage',
  'petitionsWithin6DaysShare',
  'disclosureRatio',
  'paymentChannels',
  'accessMeasures',
  'caseAssignmentDays',
  'remediationClosedShare',
] as const

/** One of {@link INDICATOR_KEYS}. */
export type IndicatorKey = (typeof INDICATOR_KEYS)[number]

/** How an indicator is measured: a percentage or score bounded by 0–100, or an unbounded non-negative count/number of days. */
export type IndicatorUnit = 'percent' | 'score' | 'count' | 'days'

/** The unit of each indicator; percentages and scores lie in 0–100, counts and days are ≥ 0. */
export const INDICATOR_UNITS: Readonly<Record<IndicatorKey, IndicatorUnit>> = {
  environmentSatisfaction: 'percent',
  courtesySatisfaction: 'percent',
  professionalismSatisfaction: 'percent',
  overallSatisfaction: 'percent',
  within15MinutesShare: 'percent',
  phoneCourtesyAverage: 'score',
  petitionsWithin6DaysShare: 'percent',
  disclosureRatio: 'percent',
  paymentChannels: 'count',
  accessMeasures: 'count',
  caseAssignmentDays: 'days',
  remediationClosedShare: 'percent',
}

/** zod schema accepting exactly the {@link INDICATOR_KEYS}. */
export const indicatorKeySchema = z.enum(INDICATOR_KEYS)
