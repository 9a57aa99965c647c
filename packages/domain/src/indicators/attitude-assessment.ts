import { roundRational, sumRational } from '../rounding.js'
import { invalidIndicator } from './validate.js'
import { describeValue } from '../input.js'

/** The four components of the enforcement attitude assessment (執行態度考核, seed 000). */
export type AttitudeComponent = 'survey' | 'phone' | 'complaints' | 'supervisor'

/** The components in the order seed 000 lists them: 問卷訪查, 電話禮貌, 民眾抱怨, 主管考評. */
export const ATTITUDE_COMPONENTS = ['survey', 'phone', 'complaints', 'supervisor'] as const satisfies readonly AttitudeComponent[]

/** Configuration: the base score and, per component, its label and the allowed adjustment range. */
export interface AttitudeAssessmentConfig {
  base: number
  components: Record<AttitudeComponent, { label: string; min: number; max: number }>
}

/**
 * Default configuration (model). The base 75 is from seed 000; the adjustment ranges are not
 * public, so these are our editable assumptions: complaints can only deduct.
 */
export const DEFAULT_ATTITUDE_CONFIG: AttitudeAssessmentConfig = {
  base: 75,
  components: {
    survey: { label: '問卷訪查', min: -10, max: 10 },
    phone: { label: '電話禮貌', min: -10, max: 10 },
    complaints: { label: '民眾抱怨', min: -20, max: 0 },
    supervisor: { label: '主管考評', min: -15, max: 15 },
  },
}

/** Result of {@link attitudeAssessment}. */
export interface AttitudeAssessment {
  base: number
  /** Adjustment per component (0 where none was given). */
  adjustments: Record<AttitudeComponent, number>
  /** base + Σ adjustments before clamping, half up to 2 decimals. */
  raw: number
  /** `raw` clamped to 0–100. */
  score: number
  /** True when clamping changed the score. */
  clamped: boolean
}

/**
 * The attitude score of one enforcement officer: base (75) plus the adjustment of each of the four
 * components, each within its configured range, clamped to 0–100, half up to 2 decimals.
 * @throws DomainError `INVALID_INDICATOR` naming `adjustments.<component>` when an adjustment is not
 *   finite or outside its range, or `config.…` when the configuration is malformed (min > max).
 * @example attitudeAssessment({ survey: 5, complaints: -3 }).score // 77
 */
export function attitudeAssessment(
  adjustments: Partial<Record<AttitudeComponent, number>>,
  config: AttitudeAssessmentConfig = DEFAULT_ATTITUDE_CONFIG,
): AttitudeAssessment {
  if (adjustments === null || typeof adjustments !== 'object' || Array.isArray(adjustments)) throw invalidIndicator('adjustments', 'must be an object of component adjustments')
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw invalidIndicator('config', 'must be an object')
  if (config.components === null || typeof config.components !== 'object') throw invalidIndicator(['config', 'components'], 'must be an object')
  if (!Number.isFinite(config.base)) throw invalidIndicator(['config', 'base'], 'must be a number')
  for (const key of Object.keys(adjustments)) {
    if (!(ATTITUDE_COMPONENTS as readonly string[]).includes(key)) throw invalidIndicator(['adjustments', key], 'unknown component')
  }
  const full = {} as Record<AttitudeComponent, number>
  for (const key of ATTITUDE_COMPONENTS) {
    const range = config.components[key]
    if (!range || !Number.isFinite(range.min) || !Number.isFinite(range.max) || range.min > range.max) {
      throw invalidIndicator(['config', 'components', key], 'needs a finite min ≤ max')
    }
    const value = adjustments[key] ?? 0
    if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max) {
      throw invalidIndicator(['adjustments', key], `${range.label} adjustment must be ${range.min}–${range.max}, got ${describeValue(value)}`)
    }
    full[key] = value
  }
  const raw = roundRational(sumRational([config.base, ...ATTITUDE_COMPONENTS.map((k) => full[k])]))
  const score = Math.min(100, Math.max(0, raw))
  return { base: config.base, adjustments: full, raw, score, clamped: score !== raw }
}
