import { describe, expect, it } from 'vitest'
import type { DomainError } from '../errors.js'
import { DISCLOSURE_CLASSES, disclosureRatio, type DisclosureInput } from './disclosure.js'

describe('disclosureRatio', () => {
  it('lists the 10 classes of §7', () => {
    expect(DISCLOSURE_CLASSES.map((c) => c.clause)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  it('counts only applicable classes and names the missing ones', () => {
    expect(disclosureRatio({ applicable: [1, 2, 3, 5, 6, 8], published: [1, 3, 5, 6, 8] })).toEqual({ applicable: 6, published: 5, ratio: 83.33, missing: [2] })
  })

  it('has no ratio when nothing applies', () => {
    expect(disclosureRatio({ applicable: [], published: [] }).ratio).toBeNull()
  })

  it.each<[DisclosureInput, (string | number)[]]>([
    [{ applicable: [0], published: [] }, ['applicable', 0]],
    [{ applicable: [1, 11], published: [] }, ['applicable', 1]],
    [{ applicable: [1, 1], published: [] }, ['applicable', 1]],
    [{ applicable: [1, 2], published: [2, 7] }, ['published', 1]],
  ])('refuses %o naming the field', (input, path) => {
    try {
      disclosureRatio(input)
      expect.unreachable()
    } catch (error) {
      expect((error as DomainError).code).toBe('INVALID_INDICATOR')
      expect((error as DomainError).issues[0]!.path).toEqual(path)
    }
  })
})
