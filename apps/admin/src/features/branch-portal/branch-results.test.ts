import { describe, expect, it } from 'vitest'
import { resultRows } from './branch-results'

const point = (rocYear: number, half: 1 | 2, total: number | null, passed: boolean | null = null) => ({
  roundId: rocYear * 10 + half,
  rocYear,
  half,
  status: total === null ? 'scoring' : 'signed',
  total,
  passThreshold: total === null ? null : 750,
  passed,
})

describe('resultRows', () => {
  it('lists rounds oldest first with the total against the 750 line', () => {
    const rows = resultRows([point(114, 1, 812.5, true), point(113, 2, 749.99, false)], 'zh-TW')
    expect(rows.map((r) => r.round)).toEqual(['113年下半年', '114年上半年'])
    expect(rows[0]).toMatchObject({ total: 749.99, threshold: 750, margin: -0.01, outcome: 'failed' })
    expect(rows[1]).toMatchObject({ margin: 62.5, outcome: 'passed' })
  })

  it('shows an unsigned inspection without a total or outcome', () => {
    expect(resultRows([point(114, 2, null)], 'en')[0]).toMatchObject({ round: 'ROC 114, second half', total: null, margin: null, outcome: 'notSigned', threshold: 750 })
  })

  it('decides pass by the line when the server did not say', () => {
    expect(resultRows([point(114, 1, 750)], 'zh-TW')[0]!.outcome).toBe('passed')
  })
})
