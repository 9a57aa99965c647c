import { describe, expect, it } from 'vitest'
import { SERVICE_LEAP_V2 } from './catalogues/service-leap-v2.js'
import { DomainError } from './errors.js'
import type { ScoreEntry } from './score-entry.js'
import { assertSheetComplete, scoreSheet } from './score-sheet.js'

const CRITERIA = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria)

/** A v2 sheet with full marks everywhere except the given overrides (code → entry fields, or null to leave it out). */
function sheet(overrides: Record<string, Partial<ScoreEntry> | null> = {}): ScoreEntry[] {
  return CRITERIA.flatMap((c) => {
    const o = overrides[c.code]
    if (o === null) return []
    return [{ criterionCode: c.code, ...(o ?? { tierId: 'A' }) }]
  })
}

function domainError(fn: () => unknown): DomainError {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
  throw new Error('expected a DomainError')
}

describe('scoreSheet on the v2 catalogue', () => {
  const cases: {
    name: string
    overrides: Record<string, Partial<ScoreEntry> | null>
    total: number
    passed: boolean
    candidates: string[]
    planUnits: string[]
  }[] = [
    { name: 'full marks', overrides: {}, total: 1000, passed: true, candidates: [], planUnits: [] },
    {
      name: 'one deduction, by tier',
      overrides: { 'sop-and-forms': { tierId: 'B', finding: '流程圖未更新' } },
      total: 990,
      passed: true,
      candidates: ['sop-and-forms'],
      planUnits: [],
    },
    {
      name: 'one deduction, by points',
      overrides: { 'phone-courtesy': { points: 15, finding: '乙等' } },
      total: 975,
      passed: true,
      candidates: ['phone-courtesy'],
      planUnits: [],
    },
    {
      name: 'exactly 750 passes',
      overrides: {
        'sop-and-forms': { points: 0, finding: 'a' },
        'petitions-within-6-days': { points: 0, finding: 'b' },
        facilities: { points: 0, finding: 'c' },
        'one-stop-counter': { points: 0, finding: 'd' },
        'payment-channels': { points: 0, finding: 'e' },
      },
      total: 750,
      passed: true,
      candidates: ['sop-and-forms', 'petitions-within-6-days', 'facilities', 'one-stop-counter', 'payment-channels'],
      planUnits: [],
    },
    {
      name: '730 fails and names the distinct units concerned, in catalogue order',
      overrides: {
        'sop-and-forms': { points: 0, finding: 'a' },
        'petitions-within-6-days': { points: 0, finding: 'b' },
        facilities: { points: 0, finding: 'c' },
        'one-stop-counter': { points: 0, finding: 'd' },
        'payment-channels': { points: 0, finding: 'e' },
        'served-within-15-minutes': { tierId: 'B', finding: '等候時間偏長' },
        'professionalism-satisfaction': { points: 40, finding: '流程說明不足' },
      },
      total: 730,
      passed: false,
      candidates: ['sop-and-forms', 'petitions-within-6-days', 'facilities', 'one-stop-counter', 'payment-channels', 'professionalism-satisfaction', 'served-within-15-minutes'],
      planUnits: ['秘書室', '執行科', '政風室'],
    },
    {
      name: 'not applicable petitions: the rest is rescaled to 1000',
      overrides: { 'petitions-within-6-days': { notApplicable: true } },
      total: 1000,
      passed: true,
      candidates: [],
      planUnits: [],
    },
    {
      name: 'not applicable plus a deduction: 940 of 950 rescaled and rounded down',
      overrides: { 'petitions-within-6-days': { notApplicable: true }, 'sop-and-forms': { tierId: 'B', finding: '範例缺漏' } },
      total: 989.47,
      passed: true,
      candidates: ['sop-and-forms'],
      planUnits: [],
    },
  ]

  it.each(cases)('$name → $total', ({ overrides, total, passed, candidates, planUnits }) => {
    const result = scoreSheet(SERVICE_LEAP_V2, sheet(overrides))
    expect(result.total).toBe(total)
    expect(result.passed).toBe(passed)
    expect(result.improvementPlanRequired).toBe(!passed)
    expect(result.remediationCandidates.map((r) => r.criterionCode)).toEqual(candidates)
    expect(result.improvementPlanUnits).toEqual(planUnits)
    expect(result.complete).toBe(true)
  })

  it('reports dimension subtotals, the percentage and each candidate with its unit, deduction and finding', () => {
    const result = scoreSheet(
      SERVICE_LEAP_V2,
      sheet({
        'petitions-within-6-days': { notApplicable: true },
        'staff-training': { tierId: 'C', finding: '未辦理專業測驗' },
        'served-within-15-minutes': { tierId: 'D', finding: '15分鐘內僅72%', unit: '執行二科' },
      }),
    )
    expect(result.dimensions).toEqual([
      { dimensionCode: 'basic-service', points: 230, maxPoints: 300, applicableMaxPoints: 250 },
      { dimensionCode: 'service-delivery', points: 250, maxPoints: 250, applicableMaxPoints: 250 },
      { dimensionCode: 'service-capacity', points: 150, maxPoints: 150, applicableMaxPoints: 150 },
      { dimensionCode: 'service-evaluation', points: 270, maxPoints: 300, applicableMaxPoints: 300 },
    ])
    expect(result.rawPoints).toBe(900)
    expect(result.applicableMaxPoints).toBe(950)
    expect(result.total).toBe(947.36) // 900 × 1000 / 950 = 947.368…, rounded down
    expect(result.percentage).toBe(94.73)
    expect(result.notApplicableCriteria).toEqual(['petitions-within-6-days'])
    expect(result.remediationCandidates).toEqual([
      { criterionCode: 'staff-training', dimensionCode: 'basic-service', unit: '人事室', points: 10, maxPoints: 30, deduction: 20, finding: '未辦理專業測驗' },
      { criterionCode: 'served-within-15-minutes', dimensionCode: 'service-evaluation', unit: '執行二科', points: 10, maxPoints: 40, deduction: 30, finding: '15分鐘內僅72%' },
    ])
  })

  it('accepts entries in any order', () => {
    const entries = sheet({ website: { tierId: 'B', finding: '連結失效' } }).reverse()
    expect(scoreSheet(SERVICE_LEAP_V2, entries).total).toBe(990)
  })

  it('scores missing criteria as 0 and marks the sheet incomplete; assertSheetComplete refuses it', () => {
    const result = scoreSheet(SERVICE_LEAP_V2, sheet({ website: null, 'phone-courtesy': null }))
    expect(result.complete).toBe(false)
    expect(result.missingCriteria).toEqual(['website', 'phone-courtesy'])
    expect(result.total).toBe(930)
    expect(result.remediationCandidates).toEqual([])
    const error = domainError(() => assertSheetComplete(result))
    expect(error.code).toBe('SHEET_INCOMPLETE')
    expect(error.issues.map((i) => i.path)).toEqual([
      ['entries', 'website'],
      ['entries', 'phone-courtesy'],
    ])
    expect(() => assertSheetComplete(scoreSheet(SERVICE_LEAP_V2, sheet()))).not.toThrow()
  })

  const refusals: [string, Record<string, Partial<ScoreEntry> | null>, string, (string | number)[]][] = [
    ['a deduction without a finding', { website: { tierId: 'B' } }, 'FINDING_REQUIRED', ['entries', 4, 'finding']],
    ['a deduction with a blank finding', { website: { tierId: 'B', finding: '   ' } }, 'FINDING_REQUIRED', ['entries', 4, 'finding']],
    ['points that are not a tier', { 'sop-and-forms': { points: 45, finding: 'x' } }, 'INVALID_SCORE', ['entries', 0, 'points']],
    ['points with three decimals', { 'sop-and-forms': { points: 39.999, finding: 'x' } }, 'INVALID_SCORE', ['entries', 0, 'points']],
    ['a tier and points that disagree', { 'sop-and-forms': { tierId: 'A', points: 40, finding: 'x' } }, 'INVALID_SCORE', ['entries', 0, 'points']],
    ['an unknown tier', { 'sop-and-forms': { tierId: 'Z' } }, 'INVALID_SCORE', ['entries', 0, 'tierId']],
    ['neither tier nor points', { 'sop-and-forms': {} }, 'INVALID_SCORE', ['entries', 0]],
    ['not applicable where the catalogue forbids it', { website: { notApplicable: true } }, 'INVALID_SCORE', ['entries', 4, 'notApplicable']],
    ['not applicable and scored at once', { 'petitions-within-6-days': { notApplicable: true, tierId: 'A' } }, 'INVALID_SCORE', ['entries', 1, 'notApplicable']],
  ]

  it.each(refusals)('refuses %s', (_name, overrides, code, path) => {
    const error = domainError(() => scoreSheet(SERVICE_LEAP_V2, sheet(overrides)))
    expect(error.code).toBe(code)
    expect(error.issues.map((i) => i.path)).toEqual([path])
  })

  it('refuses an unknown criterion and a criterion scored twice', () => {
    expect(domainError(() => scoreSheet(SERVICE_LEAP_V2, [...sheet(), { criterionCode: 'nope', tierId: 'A' }])).issues[0]?.path).toEqual(['entries', 22, 'criterionCode'])
    const twice = domainError(() => scoreSheet(SERVICE_LEAP_V2, [...sheet(), { criterionCode: 'website', tierId: 'A' }]))
    expect(twice.code).toBe('INVALID_SCORE')
    expect(twice.issues[0]?.path).toEqual(['entries', 22, 'criterionCode'])
  })

  it('lists every missing finding, not only the first', () => {
    const error = domainError(() => scoreSheet(SERVICE_LEAP_V2, sheet({ website: { tierId: 'B' }, 'phone-courtesy': { tierId: 'C' } })))
    expect(error.issues.map((i) => i.path)).toEqual([
      ['entries', 4, 'finding'],
      ['entries', 5, 'finding'],
    ])
  })
})
