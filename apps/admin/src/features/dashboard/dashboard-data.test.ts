import { describe, expect, it } from 'vitest'
import { basisCounts, defaultRoundId, dimensionProfile, percentOf, remediationRows, totalsForRound, totalsSummary, trendForBranch, trendTable, type OverviewData } from './dashboard-data'

const data: OverviewData = {
  rounds: [
    { id: 2, rocYear: 114, half: 1, signed: 0 },
    { id: 1, rocYear: 113, half: 2, signed: 2 },
  ],
  branches: [
    { id: 1, code: 'TPE', name: '臺北分署', nameEn: 'Taipei' },
    { id: 2, code: 'NTP', name: '新北分署' },
    { id: 3, code: 'ILA', name: '宜蘭分署' },
  ],
  cells: [
    { inspectionId: 11, roundId: 1, branchId: 1, total: 812.5, passThreshold: 750, passed: true },
    { inspectionId: 12, roundId: 1, branchId: 2, total: 731, passThreshold: 750, passed: false },
    { inspectionId: 21, roundId: 2, branchId: 1, total: null, passThreshold: null, passed: null },
  ],
  comparable: {
    basis: { catalogueId: 2, title: '服務躍升評分表', titleEn: 'Service leap', version: 2 },
    points: [
      { inspectionId: 11, total: 812.5, reason: 'same' },
      { inspectionId: 12, total: 731, reason: 'same' },
      { inspectionId: 21, total: null, reason: 'notSigned' },
    ],
  },
}
const name = (b: { name: string }) => b.name

describe('dashboard figures', () => {
  it('opens on the newest round that has a signed sheet', () => {
    expect(defaultRoundId(data)).toBe(1)
    expect(defaultRoundId({ ...data, rounds: [] })).toBeNull()
  })

  it('lists every branch for a round, with no total where not inspected', () => {
    const rows = totalsForRound(data, 1, name)
    expect(rows.map((r) => [r.branch, r.total, r.passed])).toEqual([
      ['臺北分署', 812.5, true],
      ['新北分署', 731, false],
      ['宜蘭分署', null, null],
    ])
    expect(totalsSummary(rows)).toMatchObject({ signed: 2, passed: 1, below: 1, best: { branch: '臺北分署' }, worst: { branch: '新北分署' } })
  })

  it('draws a branch trend oldest round first, gaps where not signed', () => {
    expect(trendForBranch(data, 1, 'zh-TW')).toEqual([
      { round: '113年下半年', roundId: 1, total: 812.5, own: 812.5, reason: 'same' },
      { round: '114年上半年', roundId: 2, total: null, own: null, reason: 'notSigned' },
    ])
    expect(trendTable(data, name).rows[1]).toMatchObject({ branchId: 2, branch: '新北分署', totals: [731, null], cells: [{ reason: 'same' }, { reason: null }] })
  })

  it('never mixes catalogue versions in a trend: carried totals replace the own ones, a version without a mapping is left out and marked', () => {
    const mixed: OverviewData = {
      ...data,
      comparable: {
        basis: data.comparable.basis,
        points: [
          { inspectionId: 11, total: 790.25, reason: 'carried' },
          { inspectionId: 12, total: null, reason: 'noMapping' },
          { inspectionId: 21, total: null, reason: 'notSigned' },
        ],
      },
    }
    expect(trendForBranch(mixed, 1, 'zh-TW')[0]).toEqual({ round: '113年下半年', roundId: 1, total: 790.25, own: 812.5, reason: 'carried' })
    const table = trendTable(mixed, name)
    expect(table.rows[1]).toMatchObject({ totals: [null, null], cells: [{ total: null, own: 731, reason: 'noMapping' }, { reason: null }] })
    expect(basisCounts(table.rows.flatMap((r) => r.cells))).toEqual({ carried: 1, notComparable: 1 })
    // A signed cell the server sent no basis point for is left out as not comparable, not shown with its own total.
    const missing = trendTable({ ...data, comparable: { basis: null, points: [] } }, name)
    expect(missing.rows[0]!.cells[0]).toEqual({ total: null, own: 812.5, reason: 'noMapping' })
  })

  it('puts dimensions of different weights on one scale of percent', () => {
    const profile = dimensionProfile(
      {
        round: { dimensions: [{ code: 'A', title: '基礎服務', maxPoints: 300 }, { code: 'B', title: '服務遞送', maxPoints: 250 }] },
        branches: [{ branchId: 1, dimensions: [{ dimensionCode: 'A', points: 240, maxPoints: 300, applicableMaxPoints: 300 }] }],
        averages: [{ dimensionCode: 'A', average: 255 }, { dimensionCode: 'B', average: null }],
      },
      1,
    )
    expect(profile).toEqual([
      { code: 'A', title: '基礎服務', maxPoints: 300, average: 255, averagePercent: 85, branch: 240, branchPercent: 80 },
      { code: 'B', title: '服務遞送', maxPoints: 250, average: null, averagePercent: null, branch: null, branchPercent: null },
    ])
    expect(percentOf(2, 3)).toBe(66.7)
  })

  it('counts open and overdue items for every branch, zeros included', () => {
    const result = remediationRows([{ branchId: 2, open: 4, overdue: 1 }, { branchId: 1, open: 2, overdue: 2 }], data.branches, name)
    expect(result.rows.map((r) => [r.branch, r.open, r.overdue])).toEqual([
      ['臺北分署', 2, 2],
      ['新北分署', 4, 1],
      ['宜蘭分署', 0, 0],
    ])
    expect([result.open, result.overdue]).toEqual([6, 3])
  })
})
