import { describe, expect, it } from 'vitest'
import { validateCatalogue, type Catalogue } from '../catalogue.js'
import { INDICATOR_KEYS } from '../indicator-keys.js'
import { QUALITY_V1 } from './quality-v1.js'
import { SERVICE_LEAP_V2 } from './service-leap-v2.js'

const DEFAULTS: [string, Catalogue, number, number[]][] = [
  ['v2 服務躍升', SERVICE_LEAP_V2, 22, [300, 250, 150, 300]],
  ['v1 提升服務品質', QUALITY_V1, 14, [500, 250, 250]],
]

describe.each(DEFAULTS)('default catalogue %s', (_name, catalogue, criteriaCount, dimensionPoints) => {
  const criteria = catalogue.dimensions.flatMap((d) => d.criteria)

  it('is valid', () => {
    expect(validateCatalogue(catalogue)).toMatchObject({ ok: true })
  })

  it('sums to 1000 with a pass threshold of 750', () => {
    expect(catalogue.totalPoints).toBe(1000)
    expect(catalogue.passThreshold).toBe(750)
    expect(catalogue.dimensions.map((d) => d.maxPoints)).toEqual(dimensionPoints)
    expect(criteria.reduce((sum, c) => sum + c.maxPoints, 0)).toBe(1000)
  })

  it('lists every item of DOMAIN.md §5, each with a 0-point lowest tier', () => {
    expect(criteria).toHaveLength(criteriaCount)
    for (const c of criteria) expect(c.tiers.at(-1)?.points).toBe(0)
  })

  it('uses only the shared indicator keys in tier rules', () => {
    const used = criteria.flatMap((c) => c.tiers.flatMap((t) => (t.rule ? [t.rule.indicator] : [])))
    for (const key of used) expect(INDICATOR_KEYS).toContain(key)
  })
})

describe('v2 服務躍升', () => {
  it('is effective from ROC year 106', () => {
    expect(SERVICE_LEAP_V2.effectiveRocYear).toBe(106)
  })

  it('backs every threshold-tier item of §5 with an indicator rule on all of its tiers', () => {
    const measured = SERVICE_LEAP_V2.dimensions
      .flatMap((d) => d.criteria)
      .filter((c) => c.tiers.some((t) => t.rule))
    expect(measured.map((c) => c.code)).toEqual([
      'petitions-within-6-days',
      'phone-courtesy',
      'disclosure-ratio',
      'payment-channels',
      'vulnerable-access',
      'internal-simplification',
      'improvement-mechanism',
      'environment-satisfaction',
      'courtesy-satisfaction',
      'professionalism-satisfaction',
      'served-within-15-minutes',
    ])
    for (const c of measured) expect(c.tiers.every((t) => t.rule)).toBe(true)
  })
})

describe('v1 提升服務品質', () => {
  it('is effective from ROC year 100 and keeps the per-item points of DOMAIN.md §5', () => {
    expect(QUALITY_V1.effectiveRocYear).toBe(100)
    expect(QUALITY_V1.dimensions.flatMap((d) => d.criteria.map((c) => c.maxPoints))).toEqual([80, 70, 70, 90, 40, 80, 70, 100, 50, 60, 40, 100, 80, 70])
  })
})
