import { describe, expect, it } from 'vitest'
import { sampleScoreSheet } from '../test-support/fixtures.js'
import { sheetHash, verifySheetHash } from './sheet-hash.js'

describe('sheetHash / verifySheetHash', () => {
  const sheet = sampleScoreSheet()
  const hash = sheetHash(sheet)

  it('is 12 lowercase hex digits and verifies its own sheet', () => {
    expect(hash).toMatch(/^[0-9a-f]{12}$/)
    expect(verifySheetHash(sheet, hash)).toBe(true)
    expect(verifySheetHash(sheet, ` ${hash.toUpperCase()} `)).toBe(true)
  })

  it('does not depend on key order', () => {
    const reordered = Object.fromEntries(Object.entries(structuredClone(sheet)).reverse())
    expect(sheetHash(reordered as typeof sheet)).toBe(hash)
  })

  it.each([
    ['a score', (s: ReturnType<typeof sampleScoreSheet>) => {
      const c = s.dimensions[0]!.criteria[0]!
      c.points = (c.points ?? 0) - 10
      s.total -= 10
    }],
    ['a finding', (s: ReturnType<typeof sampleScoreSheet>) => {
      s.dimensions[1]!.criteria[0]!.finding = '另有缺失'
    }],
    ['the signer', (s: ReturnType<typeof sampleScoreSheet>) => {
      s.signOff = { signedBy: '李小華', signedAt: '2025-03-05T06:30:00Z' }
    }],
    ['a committee member', (s: ReturnType<typeof sampleScoreSheet>) => {
      s.committee.push({ name: '林委員', role: 'member' })
    }],
    ['the date', (s: ReturnType<typeof sampleScoreSheet>) => {
      s.inspectedOn = '2025-03-06'
    }],
  ])('changes when %s changes', (_what, change) => {
    const changed = structuredClone(sheet)
    change(changed)
    expect(verifySheetHash(changed, hash)).toBe(false)
    expect(sheetHash(changed)).not.toBe(hash)
  })

  it('returns false for a malformed hash or invalid data instead of throwing', () => {
    expect(verifySheetHash(sheet, hash.slice(0, 11))).toBe(false)
    expect(verifySheetHash(sheet, 'zzzzzzzzzzzz')).toBe(false)
    expect(verifySheetHash({ nonsense: true }, hash)).toBe(false)
    expect(verifySheetHash(null, hash)).toBe(false)
  })
})
