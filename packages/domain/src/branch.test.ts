import { describe, expect, it } from 'vitest'
import { BRANCHES, DEFAULT_UNITS, matchBranchUnit } from './branch.js'
import { QUALITY_V1 } from './catalogues/quality-v1.js'
import { SERVICE_LEAP_V2 } from './catalogues/service-leap-v2.js'

describe('BRANCHES', () => {
  it('lists the 13 branches with unique codes', () => {
    expect(BRANCHES).toHaveLength(13)
    expect(new Set(BRANCHES.map((b) => b.code)).size).toBe(13)
  })
})

describe('matchBranchUnit', () => {
  const units = [
    { id: 1, name: '執行一科' },
    { id: 2, name: '執行二科' },
    { id: 3, name: '秘書室' },
  ]

  it('prefers the unit of exactly the catalogue’s name', () => {
    expect(matchBranchUnit('秘書室', units)?.id).toBe(3)
    expect(matchBranchUnit('執行科', [...units, { id: 9, name: '執行科' }])?.id).toBe(9)
  })

  it('takes the first numbered variant of a function the branch has split (執行科 → 執行一科)', () => {
    expect(matchBranchUnit('執行科', units)?.id).toBe(1)
    expect(matchBranchUnit('執行科', [units[1]!, units[0]!])?.id).toBe(2)
  })

  it('gives null rather than another function’s unit', () => {
    expect(matchBranchUnit('會計室', units)).toBeNull()
    expect(matchBranchUnit('室', units)).toBeNull()
    expect(matchBranchUnit('執行科', [])).toBeNull()
  })

  it('finds a unit of the default branch units for every default unit of both shipped catalogues', () => {
    const named = DEFAULT_UNITS.map((name, id) => ({ id, name }))
    for (const catalogue of [SERVICE_LEAP_V2, QUALITY_V1]) {
      for (const criterion of catalogue.dimensions.flatMap((d) => d.criteria)) {
        expect(matchBranchUnit(criterion.defaultUnit, named), `${catalogue.id} ${criterion.code} ${criterion.defaultUnit}`).not.toBeNull()
      }
    }
  })
})
