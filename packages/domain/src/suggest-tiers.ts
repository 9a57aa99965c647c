import type { Catalogue, IndicatorRule } from './catalogue.js'
import { compile } from './compiled-catalogue.js'
import { DomainError, type DomainIssue } from './errors.js'
import { INDICATOR_KEYS, INDICATOR_UNITS, type IndicatorKey } from './indicator-keys.js'
import { requireRecord } from './input.js'

/** Measured indicator values, in the units of `INDICATOR_UNITS`; any subset. */
export type IndicatorValues = Partial<Record<IndicatorKey, number>>

/** A suggested tier for one criterion whose tiers carry indicator rules. */
export interface TierSuggestion {
  criterionCode: string
  /** The indicator named by the criterion's tier rules (the first one, if several). */
  indicator: IndicatorKey
  /** The measured value, or null when it was not supplied. */
  value: number | null
  /** `suggested`: a rule matched; `missing-indicator`: no value; `no-matching-tier`: value outside every rule. */
  status: 'suggested' | 'missing-indicator' | 'no-matching-tier'
  tierId: string | null
  points: number | null
  /** The rule that decided the tier, to show to the committee ("environment satisfaction ≥ 80"). */
  rule: IndicatorRule | null
}

/**
 * Suggests a tier from measured indicators for every criterion whose tiers carry indicator rules
 * (criteria judged without rules are omitted). Tiers are tried from the highest to the lowest
 * points; the first whose rule holds is suggested, so a value meeting several thresholds gets the
 * best tier it qualifies for. Only a suggestion: the committee always decides.
 *
 * @throws DomainError `INVALID_INDICATOR` for an unknown key, a non-finite or negative value, or a
 *   percentage/score above 100 (path `['indicators', key]`); `INVALID_CATALOGUE`.
 */
export function suggestTiers(catalogue: Catalogue, indicators: IndicatorValues): TierSuggestion[] {
  const compiled = compile(catalogue)
  checkIndicators(indicators)
  const out: TierSuggestion[] = []
  for (const c of compiled.criteria) {
    const tiers = c.criterion.tiers
    const first = tiers.find((t) => t.rule !== undefined)?.rule
    if (first === undefined) continue
    const value = indicators[first.indicator]
    if (value === undefined) {
      out.push({ criterionCode: c.code, indicator: first.indicator, value: null, status: 'missing-indicator', tierId: null, points: null, rule: null })
      continue
    }
    let decided: TierSuggestion | undefined
    for (const t of tiers) {
      if (t.rule === undefined) continue
      const v = indicators[t.rule.indicator]
      if (v !== undefined && holds(v, t.rule)) {
        decided = { criterionCode: c.code, indicator: first.indicator, value, status: 'suggested', tierId: t.id, points: t.points, rule: t.rule }
        break
      }
    }
    out.push(decided ?? { criterionCode: c.code, indicator: first.indicator, value, status: 'no-matching-tier', tierId: null, points: null, rule: null })
  }
  return out
}

function holds(v: number, rule: IndicatorRule): boolean {
  switch (rule.op) {
    case '>=':
      return v >= rule.value
    case '>':
      return v > rule.value
    case '<=':
      return v <= rule.value
    case '<':
      return v < rule.value
    case '==':
      return v === rule.value
  }
}

function checkIndicators(indicators: IndicatorValues): void {
  requireRecord(indicators, 'indicators', 'INVALID_INDICATOR')
  const issues: DomainIssue[] = []
  for (const [key, value] of Object.entries(indicators)) {
    if (value === undefined) continue
    if (!(INDICATOR_KEYS as readonly string[]).includes(key)) {
      issues.push({ path: ['indicators', key], message: `unknown indicator "${key}"` })
      continue
    }
    const unit = INDICATOR_UNITS[key as IndicatorKey]
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      issues.push({ path: ['indicators', key], message: `${key} must be a finite number ≥ 0` })
    } else if ((unit === 'percent' || unit === 'score') && value > 100) {
      issues.push({ path: ['indicators', key], message: `${key} is a ${unit} and cannot exceed 100` })
    }
  }
  if (issues.length > 0) throw new DomainError('INVALID_INDICATOR', `${issues.length} invalid indicator value(s)`, issues)
}
