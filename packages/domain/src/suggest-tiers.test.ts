import { describe, expect, it } from 'vitest'
import { SERVICE_LEAP_V2 } from './catalogues/service-leap-v2.js'
import type { DomainError } from './errors.js'
import type { IndicatorKey } from './indicator-keys.js'
import { suggestTiers } from './suggest-tiers.js'

describe('suggestTiers on the v2 catalogue', () => {
  const cases: [IndicatorKey, number, string, string, number][] = [
    ['environmentSatisfaction', 80, 'environment-satisfaction', 'A', 50],
    ['environmentSatisfaction', 79.99, 'environment-satisfaction', 'B', 40],
    ['environmentSatisfaction', 59.99, 'environment-satisfaction', 'E', 0],
    ['courtesySatisfaction', 65, 'courtesy-satisfaction', 'C', 20],
    ['phoneCourtesyAverage', 92.17, 'phone-courtesy', 'A', 40],
    ['phoneCourtesyAverage', 69.99, 'phone-courtesy', 'D', 0],
    ['petitionsWithin6DaysShare', 100, 'petitions-within-6-days', 'A', 50],
    ['petitionsWithin6DaysShare', 94.99, 'petitions-within-6-days', 'C', 30],
    ['within15MinutesShare', 88.97, 'served-within-15-minutes', 'B', 30],
    ['disclosureRatio', 100, 'disclosure-ratio', 'A', 20],
    ['paymentChannels', 4, 'payment-channels', 'B', 35],
    ['paymentChannels', 2, 'payment-channels', 'D', 0],
    ['accessMeasures', 0, 'vulnerable-access', 'D', 0],
    ['caseAssignmentDays', 1, 'internal-simplification', 'A', 50],
    ['caseAssignmentDays', 3.5, 'internal-simplification', 'C', 20],
    ['caseAssignmentDays', 8, 'internal-simplification', 'D', 0],
    ['remediationClosedShare', 75, 'improvement-mechanism', 'B', 45],
  ]

  it.each(cases)('%s = %s suggests %s tier %s (%s points)', (indicator, value, code, tierId, points) => {
    const suggestion = suggestTiers(SERVICE_LEAP_V2, { [indicator]: value }).find((s) => s.criterionCode === code)
    expect(suggestion).toMatchObject({ status: 'suggested', value, tierId, points, rule: expect.objectContaining({ indicator }) })
  })

  it('names the rule that decided, so the committee sees why', () => {
    const [first] = suggestTiers(SERVICE_LEAP_V2, { environmentSatisfaction: 77 }).filter((s) => s.criterionCode === 'environment-satisfaction')
    expect(first?.rule).toEqual({ indicator: 'environmentSatisfaction', op: '>=', value: 75 })
  })

  it('covers only criteria with measured tiers and says which indicators are missing', () => {
    const suggestions = suggestTiers(SERVICE_LEAP_V2, { environmentSatisfaction: 90 })
    expect(suggestions.map((s) => s.criterionCode)).not.toContain('sop-and-forms')
    expect(suggestions).toHaveLength(11)
    expect(suggestions.filter((s) => s.status === 'missing-indicator')).toHaveLength(10)
  })

  const invalid: [string, Record<string, number>][] = [
    ['a percentage above 100', { environmentSatisfaction: 100.01 }],
    ['a negative count', { paymentChannels: -1 }],
    ['NaN', { disclosureRatio: Number.NaN }],
    ['an unknown key', { happiness: 50 }],
  ]

  it.each(invalid)('refuses %s with INVALID_INDICATOR and the key as path', (_name, indicators) => {
    try {
      suggestTiers(SERVICE_LEAP_V2, indicators)
      expect.unreachable()
    } catch (error) {
      expect((error as DomainError).code).toBe('INVALID_INDICATOR')
      expect((error as DomainError).issues[0]?.path).toEqual(['indicators', Object.keys(indicators)[0]])
    }
  })
})
