import { describe, expect, it } from 'vitest'
import type { DomainError } from '../errors.js'
import { countShare, noonCollectionShare, responseRate } from './ratios.js'

function pathOf(fn: () => unknown): (string | number)[] {
  try {
    fn()
  } catch (error) {
    expect((error as DomainError).code).toBe('INVALID_INDICATOR')
    return (error as DomainError).issues[0]!.path
  }
  throw new Error('expected INVALID_INDICATOR')
}

describe('generic ratios', () => {
  it('computes half-up percentages', () => {
    expect(responseRate(136, 166)).toBe(81.93)
    expect(responseRate(0, 10)).toBe(0)
    expect(countShare(2, 3, 'closed', 'due')).toBe(66.67)
    expect(noonCollectionShare(0, 1)).toBe(0)
  })

  it.each<[() => unknown, string]>([
    [() => noonCollectionShare(-1, 100), 'noonAmount'],
    [() => noonCollectionShare(10, 0), 'totalAmount'],
    [() => noonCollectionShare(101, 100), 'noonAmount'],
    [() => responseRate(11, 10), 'valid'],
    [() => responseRate(1, 0), 'issued'],
    [() => responseRate(1.5, 10), 'valid'],
    [() => countShare(3, 2, 'closed', 'due'), 'closed'],
    [() => countShare(1, -2, 'closed', 'due'), 'due'],
  ])('%s names %s', (fn, field) => {
    expect(pathOf(fn)).toEqual([field])
  })
})
