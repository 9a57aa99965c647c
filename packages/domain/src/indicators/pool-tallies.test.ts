import { describe, expect, it } from 'vitest'
import { poolTallies } from './pool-tallies.js'

describe('poolTallies', () => {
  it('adds up the counts and invalid forms of tallies on one scale', () => {
    expect(
      poolTallies([
        { scale: 'five', counts: [1, 2, 0, 0, 0], invalid: 1 },
        { scale: 'five', counts: [3, 0, 0, 0, 1], invalid: 0 },
      ]),
    ).toEqual({ scale: 'five', counts: [4, 2, 0, 0, 1], invalid: 1 })
  })

  it('keeps the first tally’s scale and leaves other scales out', () => {
    expect(
      poolTallies([
        { scale: 'four', counts: [1, 1, 1, 1], invalid: 0 },
        { scale: 'five', counts: [9, 9, 9, 9, 9], invalid: 9 },
        { scale: 'four', counts: [0, 0, 0, 2], invalid: 2 },
      ]),
    ).toEqual({ scale: 'four', counts: [1, 1, 1, 3], invalid: 2 })
  })

  it('is null when there is nothing to pool', () => {
    expect(poolTallies([])).toBeNull()
  })
})
