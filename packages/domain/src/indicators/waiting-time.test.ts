import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DomainError } from '../errors.js'
import { waitingTimeSummary, type WaitingTimeOptions, type WaitingTimeTally } from './waiting-time.js'

function pathOf(fn: () => unknown): (string | number)[] {
  try {
    fn()
  } catch (error) {
    expect((error as DomainError).code).toBe('INVALID_INDICATOR')
    return (error as DomainError).issues[0]!.path
  }
  throw new Error('expected INVALID_INDICATOR')
}

describe('waitingTimeSummary', () => {
  const tally: WaitingTimeTally = { buckets: [2, 1, 0, 0, 1] }

  it.each<[WaitingTimeOptions, number, number]>([
    [{ mode: 'published' }, (2 * 2.5 + 10 + 30) / 4, 30],
    [{ mode: 'corrected' }, (2 * 2.5 + 10 + 60) / 4, 60],
    [{ mode: 'corrected', openBucketMinutes: 90 }, (2 * 2.5 + 10 + 90) / 4, 90],
    [{ mode: 'published', openBucketMinutes: 90 }, (2 * 2.5 + 10 + 30) / 4, 30],
  ])('%o averages the ≥60 bucket as the mode says', (options, average, open) => {
    const r = waitingTimeSummary(tally, options)
    expect(r.averageMinutes).toBe(average)
    expect(r.openBucketMinutes).toBe(open)
    expect(r.within15Share).toBe(75)
    expect(r.within30Share).toBe(75)
  })

  it('rounds the average half up exactly: 1 × 2.5 + 2 × 10 over 3 = 7.5', () => {
    expect(waitingTimeSummary({ buckets: [1, 2, 0, 0, 0] }, { mode: 'published' }).averageMinutes).toBe(7.5)
    // 2.5 + 22.5 + 22.5 = 47.5 / 3 = 15.8333… → 15.83
    expect(waitingTimeSummary({ buckets: [1, 0, 2, 0, 0] }, { mode: 'published' }).averageMinutes).toBe(15.83)
    // a decimal open bucket stays exact: (45.005 × 1) / 1
    expect(waitingTimeSummary({ buckets: [0, 0, 0, 0, 1] }, { mode: 'corrected', openBucketMinutes: 45.005 }).averageMinutes).toBe(45.01)
  })

  it('returns nulls when no answer is valid', () => {
    const r = waitingTimeSummary({ buckets: [0, 0, 0, 0, 0], invalid: 2, returned: 2 }, { mode: 'published' })
    expect(r).toMatchObject({ valid: 0, within15Share: null, averageMinutes: null })
  })

  it.each<[string, WaitingTimeTally, WaitingTimeOptions, (string | number)[]]>([
    ['four buckets', { buckets: [1, 2, 3, 4] }, { mode: 'published' }, ['buckets']],
    ['a negative bucket', { buckets: [1, 2, -3, 4, 0] }, { mode: 'published' }, ['buckets', 2]],
    ['invalid > returned', { buckets: [0, 0, 0, 0, 0], invalid: 31, returned: 30 }, { mode: 'published' }, ['invalid']],
    ['a returned count that does not add up', { buckets: [69, 52, 13, 2, 0], invalid: 30, returned: 168 }, { mode: 'published' }, ['returned']],
    ['an unknown mode', { buckets: [1, 0, 0, 0, 0] }, { mode: 'median' as 'published' }, ['mode']],
    ['a negative open bucket', { buckets: [1, 0, 0, 0, 0] }, { mode: 'corrected', openBucketMinutes: -1 }, ['openBucketMinutes']],
  ])('refuses %s, naming the field', (_why, t, options, path) => {
    expect(pathOf(() => waitingTimeSummary(t, options))).toEqual(path)
  })

  it('property: the corrected average is never below the published one and equals it when nobody waited 60+', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 5, maxLength: 5 }), (buckets) => {
        fc.pre(buckets.some((b) => b > 0))
        const published = waitingTimeSummary({ buckets }, { mode: 'published' }).averageMinutes!
        const corrected = waitingTimeSummary({ buckets }, { mode: 'corrected' }).averageMinutes!
        expect(corrected).toBeGreaterThanOrEqual(published)
        if (buckets[4] === 0) expect(corrected).toBe(published)
        else expect(corrected).toBeGreaterThan(published)
      }),
    )
  })
})
