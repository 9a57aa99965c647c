import { SERVICE_LEAP_V2 } from '@leap/domain'
import { describe, expect, it } from 'vitest'
import { criterionTitleOf } from './criterion-title'

describe('criterionTitleOf', () => {
  it('gives the title of every criterion of the current catalogue, and null for unknown codes', () => {
    for (const c of SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria)) expect(criterionTitleOf(c.code)).toEqual(c.title)
    expect(criterionTitleOf('sop-and-forms')?.zh).toMatch(/[\u4e00-\u9fff]/)
    expect(criterionTitleOf('no-such-criterion')).toBeNull()
    expect(criterionTitleOf(null)).toBeNull()
  })
})
