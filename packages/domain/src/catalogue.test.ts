import { describe, expect, it } from 'vitest'
import { type Catalogue, parseCatalogue, validateCatalogue } from './catalogue.js'
import { DomainError } from './errors.js'

/** A small valid catalogue: 100 points, pass 75, two dimensions. */
function small(): Catalogue {
  return {
    id: 'mini',
    version: 1,
    title: { zh: '小評分表', en: 'Mini sheet' },
    effectiveRocYear: 113,
    totalPoints: 100,
    passThreshold: 75,
    lowestTierScoresZero: true,
    dimensions: [
      {
        code: 'd1',
        title: { zh: '構面一', en: 'Dimension one' },
        maxPoints: 60,
        subAreas: [{ code: 's1', title: { zh: '子構面', en: 'Sub-area' } }],
        criteria: [
          {
            code: 'c1',
            title: { zh: '項目一', en: 'Item one' },
            guidance: '',
            subArea: 's1',
            maxPoints: 40,
            defaultUnit: '秘書室',
            notApplicableAllowed: false,
            tiers: [
              { id: 'A', label: { zh: '優', en: 'A' }, points: 40 },
              { id: 'B', label: { zh: '可', en: 'B' }, points: 20.5 },
              { id: 'C', label: { zh: '差', en: 'C' }, points: 0 },
            ],
          },
          {
            code: 'c2',
            title: { zh: '項目二', en: 'Item two' },
            guidance: '',
            maxPoints: 20,
            defaultUnit: '執行科',
            notApplicableAllowed: true,
            tiers: [
              { id: 'A', label: { zh: '優', en: 'A' }, points: 20, rule: { indicator: 'disclosureRatio', op: '>=', value: 100 } },
              { id: 'B', label: { zh: '差', en: 'B' }, points: 0, rule: { indicator: 'disclosureRatio', op: '<', value: 100 } },
            ],
          },
        ],
      },
      {
        code: 'd2',
        title: { zh: '構面二', en: 'Dimension two' },
        maxPoints: 40,
        criteria: [
          {
            code: 'c3',
            title: { zh: '項目三', en: 'Item three' },
            guidance: '',
            maxPoints: 40,
            defaultUnit: '人事室',
            notApplicableAllowed: false,
            tiers: [
              { id: 'A', label: { zh: '優', en: 'A' }, points: 40 },
              { id: 'B', label: { zh: '差', en: 'B' }, points: 0 },
            ],
          },
        ],
      },
    ],
  }
}

type Mutation = (c: Catalogue) => void
const d1 = (c: Catalogue) => c.dimensions[0]!
const c1 = (c: Catalogue) => d1(c).criteria[0]!

describe('validateCatalogue', () => {
  it('accepts a catalogue whose points add up', () => {
    expect(validateCatalogue(small())).toMatchObject({ ok: true })
  })

  const cases: [string, Mutation, (string | number)[][]][] = [
    ['criteria not adding up to their dimension', (c) => void (c1(c).maxPoints = 45, c1(c).tiers[0]!.points = 45), [['dimensions', 0, 'maxPoints']]],
    ['dimensions not adding up to the total', (c) => void (c.totalPoints = 110), [['totalPoints']]],
    ['threshold above the total', (c) => void (c.passThreshold = 100.5), [['passThreshold']]],
    ['duplicate criterion codes across dimensions', (c) => void (c.dimensions[1]!.criteria[0]!.code = 'c1'), [['dimensions', 1, 'criteria', 0, 'code']]],
    ['duplicate dimension codes', (c) => void (c.dimensions[1]!.code = 'd1'), [['dimensions', 1, 'code']]],
    ['duplicate tier ids', (c) => void (c1(c).tiers[1]!.id = 'A'), [['dimensions', 0, 'criteria', 0, 'tiers', 1, 'id']]],
    ['a tier above the criterion maximum (no tier then awards the maximum either)', (c) => void (c1(c).tiers[0]!.points = 41), [['dimensions', 0, 'criteria', 0, 'tiers', 0, 'points'], ['dimensions', 0, 'criteria', 0, 'tiers']]],
    ['a missing 0-point tier while the lowest tier must score 0', (c) => void (c1(c).tiers[2]!.points = 5), [['dimensions', 0, 'criteria', 0, 'tiers']]],
    ['tiers listed out of order', (c) => void (c1(c).tiers.reverse()), [['dimensions', 0, 'criteria', 0, 'tiers', 1, 'points'], ['dimensions', 0, 'criteria', 0, 'tiers', 2, 'points']]],
    ['two tiers with the same points', (c) => void (c1(c).tiers[1]!.points = 0), [['dimensions', 0, 'criteria', 0, 'tiers', 2, 'points']]],
    ['an unknown sub-area', (c) => void (c1(c).subArea = 'nowhere'), [['dimensions', 0, 'criteria', 0, 'subArea']]],
    ['points with three decimals', (c) => void (c1(c).tiers[1]!.points = 20.125), [['dimensions', 0, 'criteria', 0, 'tiers', 1, 'points']]],
    ['an unknown indicator in a tier rule', (c) => void ((d1(c).criteria[1]!.tiers[0]!.rule as { indicator: string }).indicator = 'happiness'), [['dimensions', 0, 'criteria', 1, 'tiers', 0, 'rule', 'indicator']]],
    ['a missing English title', (c) => void ((c.title as { en?: string }).en = undefined), [['title', 'en']]],
  ]

  it.each(cases)('reports %s with its path', (_name, mutate, paths) => {
    const c = small()
    mutate(c)
    const result = validateCatalogue(c)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.map((i) => i.path)).toEqual(paths)
  })

  it('reports every problem at once, not only the first', () => {
    const c = small()
    c.passThreshold = 200
    c.dimensions[1]!.criteria[0]!.code = 'c1'
    c1(c).tiers[2]!.points = 5
    const result = validateCatalogue(c)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['passThreshold', 'dimensions.1.criteria.0.code', 'dimensions.0.criteria.0.tiers']),
    )
    expect(result.issues).toHaveLength(3)
  })

  it('accepts a lowest tier above 0 when the catalogue waives the rule', () => {
    const c = small()
    c.lowestTierScoresZero = false
    c1(c).tiers[2]!.points = 5
    expect(validateCatalogue(c).ok).toBe(true)
  })

  it('defaults lowestTierScoresZero to true', () => {
    const { lowestTierScoresZero: _omit, ...rest } = small()
    expect(parseCatalogue(rest).lowestTierScoresZero).toBe(true)
  })
})

describe('parseCatalogue', () => {
  it('throws INVALID_CATALOGUE carrying every issue', () => {
    const c = small()
    c.totalPoints = 90
    c.passThreshold = 95
    try {
      parseCatalogue(c)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError)
      expect((error as DomainError).code).toBe('INVALID_CATALOGUE')
      expect((error as DomainError).issues.map((i) => i.path)).toEqual([['passThreshold'], ['totalPoints']])
    }
  })

  it('adds points without float drift (0.1 + 0.2 style tiers)', () => {
    const c = small()
    c1(c).maxPoints = 39.9
    c1(c).tiers[0]!.points = 39.9
    d1(c).criteria[1]!.maxPoints = 20.1
    d1(c).criteria[1]!.tiers[0]!.points = 20.1
    expect(validateCatalogue(c).ok).toBe(true)
  })
})
