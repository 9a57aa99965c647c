import { describe, expect, it } from 'vitest'
import { carryScores, validateMapping, type CatalogueMapping } from './catalogue-mapping.js'
import { QUALITY_V1 } from './catalogues/quality-v1.js'
import { QUALITY_V1_TO_SERVICE_LEAP_V2 } from './catalogues/quality-v1-to-service-leap-v2.js'
import { SERVICE_LEAP_V2 } from './catalogues/service-leap-v2.js'
import type { DomainError } from './errors.js'

const V1_CODES = QUALITY_V1.dimensions.flatMap((d) => d.criteria.map((c) => c.code))
const fullV1 = (): Record<string, number> =>
  Object.fromEntries(QUALITY_V1.dimensions.flatMap((d) => d.criteria.map((c) => [c.code, c.maxPoints])))

function edited(edit: (m: CatalogueMapping) => void): CatalogueMapping {
  const m = structuredClone(QUALITY_V1_TO_SERVICE_LEAP_V2)
  edit(m)
  return m
}

describe('the shipped v1 → v2 mapping', () => {
  it('covers every criterion of both catalogues exactly once', () => {
    expect(validateMapping(QUALITY_V1_TO_SERVICE_LEAP_V2, QUALITY_V1, SERVICE_LEAP_V2)).toEqual([])
  })
})

describe('validateMapping', () => {
  const cases: [string, (m: CatalogueMapping) => void, (string | number)[][]][] = [
    ['a split with one target', (m) => void (m.links[0]!.to = ['one-stop-counter']), [['links', 0], ['links']]],
    ['an unknown target code', (m) => void (m.links[1]!.to = ['sop']), [['links', 1, 'to', 0], ['links']]],
    ['a source mapped twice', (m) => void (m.links[1]!.from = ['process-convenience']), [['links', 1, 'from', 0], ['links']]],
    ['"same" with different codes', (m) => void (m.links[1]!.kind = 'same'), [['links', 1, 'to', 0]]],
    ['the wrong catalogue version', (m) => void (m.to.version = 3), [['to']]],
  ]

  it.each(cases)('reports %s', (_name, edit, paths) => {
    expect(validateMapping(edited(edit), QUALITY_V1, SERVICE_LEAP_V2).map((i) => i.path)).toEqual(paths)
  })
})

describe('carryScores v1 → v2', () => {
  it('carries full marks to full marks on every mapped criterion, new criteria stay uncarried', () => {
    const carried = carryScores(QUALITY_V1_TO_SERVICE_LEAP_V2, QUALITY_V1, SERVICE_LEAP_V2, fullV1())
    expect(carried.uncarried).toEqual(['staff-training', 'payment-channels', 'vulnerable-access', 'internal-simplification', 'served-within-15-minutes'])
    expect(carried.applicableMaxPoints).toBe(780)
    expect(carried.rawPoints).toBe(780)
    expect(carried.total).toBe(1000)
    expect(carried.passed).toBe(true)
  })

  const cases: [string, Record<string, number>, Record<string, number>][] = [
    ['split: each target keeps the source attainment', { 'venue-convenience': 35 }, { facilities: 25, 'environment-satisfaction': 25 }],
    ['split with an uneven share, rounded down', { 'staff-conduct': 70 }, { 'courtesy-satisfaction': 38.88, 'phone-courtesy': 31.11, 'attitude-assessment': 23.33 }],
    ['merged: pooled attainment', { 'information-search': 50, 'online-services': 0, 'e-participation': 40 }, { website: 18 }],
    ['renamed: same share', { 'process-transparency': 35 }, { 'sop-and-forms': 25 }],
  ]

  it.each(cases)('%s', (_name, overrides, expected) => {
    const carried = carryScores(QUALITY_V1_TO_SERVICE_LEAP_V2, QUALITY_V1, SERVICE_LEAP_V2, { ...fullV1(), ...overrides })
    expect(carried.points).toMatchObject(expected)
  })

  it('rescales the carried criteria to 1000, so a v1 loss weighs by its v2 maximum; retired criteria drop out', () => {
    const carried = carryScores(QUALITY_V1_TO_SERVICE_LEAP_V2, QUALITY_V1, SERVICE_LEAP_V2, { ...fullV1(), 'creative-services': 0, 'service-marketing': 0 })
    expect(carried.points['proactive-services']).toBe(0)
    expect(carried.rawPoints).toBe(720)
    expect(carried.total).toBe(923.07) // 720 × 1000 / 780, rounded down
  })

  it('leaves targets uncarried when every source is absent (not applicable)', () => {
    const { 'opinion-handling': _na, ...points } = fullV1()
    const carried = carryScores(QUALITY_V1_TO_SERVICE_LEAP_V2, QUALITY_V1, SERVICE_LEAP_V2, points)
    expect(carried.uncarried).toEqual(expect.arrayContaining(['petitions-within-6-days', 'opinion-response']))
  })

  it('refuses points above a criterion maximum, unknown codes and an invalid mapping', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn()
      } catch (e) {
        return (e as DomainError).code
      }
      return 'none'
    }
    expect(codeOf(() => carryScores(QUALITY_V1_TO_SERVICE_LEAP_V2, QUALITY_V1, SERVICE_LEAP_V2, { [V1_CODES[0]!]: 81 }))).toBe('INVALID_SCORE')
    expect(codeOf(() => carryScores(QUALITY_V1_TO_SERVICE_LEAP_V2, QUALITY_V1, SERVICE_LEAP_V2, { nope: 1 }))).toBe('UNKNOWN_CRITERION')
    expect(codeOf(() => carryScores(QUALITY_V1_TO_SERVICE_LEAP_V2, SERVICE_LEAP_V2, QUALITY_V1, {}))).toBe('INVALID_CATALOGUE')
  })
})
