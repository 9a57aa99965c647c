import { describe, expect, it } from 'vitest'
import type { DomainError } from '../errors.js'
import { surveySatisfaction, type SurveyTally } from './survey-satisfaction.js'

function pathOf(fn: () => unknown): (string | number)[] {
  try {
    fn()
  } catch (error) {
    expect((error as DomainError).code).toBe('INVALID_INDICATOR')
    return (error as DomainError).issues[0]!.path
  }
  throw new Error('expected INVALID_INDICATOR')
}

describe('surveySatisfaction', () => {
  it('keeps the neutral level in the denominator and excludes invalid forms', () => {
    const r = surveySatisfaction({ scale: 'five', counts: [10, 5, 5, 0, 0], invalid: 4, returned: 24 })
    expect(r).toMatchObject({ returned: 24, invalid: 4, valid: 20, satisfied: 15, rate: 75, neutralShare: 25 })
    expect(r.shares).toEqual([50, 25, 25, 0, 0])
  })

  it('counts only 滿意以上 as satisfied on the three-bucket scale', () => {
    expect(surveySatisfaction({ scale: 'three', counts: [3, 1, 0] }).rate).toBe(75)
  })

  it('counts 很滿意 and 滿意 but not 尚滿意 on the four-level scale', () => {
    expect(surveySatisfaction({ scale: 'four', counts: [1, 1, 2, 0] }).rate).toBe(50)
  })

  it('returns null rates when there is no valid answer (all forms invalid)', () => {
    const r = surveySatisfaction({ scale: 'five', counts: [0, 0, 0, 0, 0], invalid: 3, returned: 3 })
    expect(r.valid).toBe(0)
    expect(r.rate).toBeNull()
    expect(r.shares).toEqual([null, null, null, null, null])
  })

  it.each<[string, SurveyTally, (string | number)[]]>([
    ['a negative count', { scale: 'five', counts: [1, -1, 0, 0, 0] }, ['counts', 1]],
    ['a fractional count', { scale: 'four', counts: [1, 0, 0.5, 0] }, ['counts', 2]],
    ['too few counts', { scale: 'five', counts: [1, 2, 3, 4] }, ['counts']],
    ['invalid > returned', { scale: 'four', counts: [0, 0, 0, 0], invalid: 5, returned: 3 }, ['invalid']],
    ['a negative invalid', { scale: 'four', counts: [1, 0, 0, 0], invalid: -1 }, ['invalid']],
    ['answers ≠ returned − invalid', { scale: 'five', counts: [112, 50, 3, 0, 0], invalid: 1, returned: 160 }, ['returned']],
    ['an unknown scale', { scale: 'seven' as 'five', counts: [] }, ['scale']],
  ])('refuses %s, naming the field', (_why, tally, path) => {
    expect(pathOf(() => surveySatisfaction(tally))).toEqual(path)
  })
})
