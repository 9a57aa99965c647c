import { describe, expect, it } from 'vitest'
import { SERVICE_LEAP_V2 } from './catalogues/service-leap-v2.js'
import { DomainError } from './errors.js'
import { resolveScoreValue } from './score-value.js'

const criterion = SERVICE_LEAP_V2.dimensions[0]!.criteria[0]!
const top = criterion.tiers[0]!
const second = criterion.tiers[1]!

describe('resolveScoreValue', () => {
  it('resolves a tier named by id to its points', () => {
    expect(resolveScoreValue(SERVICE_LEAP_V2, { criterionCode: criterion.code, tierId: second.id, finding: '未達標準' })).toEqual({
      criterionCode: criterion.code,
      tierId: second.id,
      points: second.points,
      finding: '未達標準',
      notApplicable: false,
    })
  })

  it('resolves points to the tier that has them, compared in hundredths', () => {
    expect(resolveScoreValue(SERVICE_LEAP_V2, { criterionCode: criterion.code, points: top.points + 1e-9 })).toMatchObject({ tierId: top.id, points: top.points, finding: null })
  })

  it('stores a not-applicable entry without tier or points', () => {
    expect(resolveScoreValue(SERVICE_LEAP_V2, { criterionCode: criterion.code, notApplicable: true })).toEqual({
      criterionCode: criterion.code,
      tierId: null,
      points: null,
      finding: null,
      notApplicable: true,
    })
  })

  it('refuses an unknown criterion or tier as INVALID_SCORE naming the criterion', () => {
    expect(() => resolveScoreValue(SERVICE_LEAP_V2, { criterionCode: 'NOPE', tierId: top.id })).toThrow(DomainError)
    try {
      resolveScoreValue(SERVICE_LEAP_V2, { criterionCode: criterion.code, points: 0.123 })
      expect.unreachable()
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_SCORE', params: { criterionCode: criterion.code } })
    }
  })
})
