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

/**
 * The name of each indicator for people, in Traditional Chinese and English: what the admin shows
 * and the reports print, so every screen and document calls an indicator the same.
 */
export const INDICATOR_TITLES: Readonly<Record<IndicatorKey, { zh: string; en: string }>> = {
  environmentSatisfaction: { zh: '洽公環境滿意度', en: 'Environment satisfaction' },
  courtesySatisfaction: { zh: '服務禮貌滿意度', en: 'Courtesy satisfaction' },
  professionalismSatisfaction: { zh: '專業度及流程滿意度', en: 'Professionalism and process satisfaction' },
  overallSatisfaction: { zh: '整體滿意度', en: 'Overall satisfaction' },
  within15MinutesShare: { zh: '15 分鐘內完成比率', en: 'Served within 15 minutes' },
  phoneCourtesyAverage: { zh: '電話禮貌測試平均分數', en: 'Phone courtesy average' },
  petitionsWithin6DaysShare: { zh: '陳情 6 日內結案比率', en: 'Petitions closed within 6 days' },
  disclosureRatio: { zh: '政府資訊公開比率', en: 'Disclosure ratio' },
  paymentChannels: { zh: '繳款管道數', en: 'Payment channels' },
  accessMeasures: { zh: '弱勢及偏遠服務措施數', en: 'Access measures' },
  caseAssignmentDays: { zh: '分案天數', en: 'Case assignment days' },
  remediationClosedShare: { zh: '應改進事項解除列管比率', en: 'Remediation items closed' },
}

/** zod schema accepting exactly the {@link INDICATOR_KEYS}. */
export const indicatorKeySchema = z.enum(INDICATOR_KEYS)
