import { describe, expect, it } from 'vitest'
import { BRANCHES } from './branch.js'

describe('BRANCHES', () => {
  it('lists the 13 branches with unique codes', () => {
    expect(BRANCHES).toHaveLength(13)
    expect(new Set(BRANCHES.map((b) => b.code)).size).toBe(13)
  })
})
