import { SERVICE_LEAP_V2, type Catalogue } from '@leap/domain'
import { describe, expect, it } from 'vitest'
import { computeLiveTotals, type DraftScore } from './score-sheet-totals'

const catalogue: Catalogue = SERVICE_LEAP_V2
const criteria = catalogue.dimensions.flatMap((d) => d.criteria)

function topTier(code: string): string {
  const c = criteria.find((x) => x.code === code)!
  return c.tiers[0]!.id
}

function fullMarks(): Map<string, DraftScore> {
  return new Map(criteria.map((c) => [c.code, { tierId: topTier(c.code), notApplicable: false, finding: '' }]))
}

describe('computeLiveTotals', () => {
  it('an empty sheet is worth 0 and can still reach the full 1000', () => {
    const live = computeLiveTotals(catalogue, new Map())
    expect(live.result?.total).toBe(0)
    expect(live.result?.complete).toBe(false)
    expect(live.bestPossible).toBe(1000)
  })

  it('full marks everywhere give 1000, pass, and need no improvement plan', () => {
    const live = computeLiveTotals(catalogue, fullMarks())
    expect(live.result?.total).toBe(1000)
    expect(live.result?.passed).toBe(true)
    expect(live.result?.complete).toBe(true)
    expect(live.result?.dimensions.map((d) => d.points)).toEqual(catalogue.dimensions.map((d) => d.maxPoints))
  })

  it('a deduction lowers its dimension subtotal and the total at once, and flags the missing finding', () => {
    const drafts = fullMarks()
    const first = criteria[0]!
    const lowest = first.tiers.at(-1)!
    drafts.set(first.code, { tierId: lowest.id, notApplicable: false, finding: '' })
    const live = computeLiveTotals(catalogue, drafts)
    expect(live.result?.total).toBe(1000 - first.maxPoints)
    expect(live.result?.dimensions[0]?.points).toBe(catalogue.dimensions[0]!.maxPoints - first.maxPoints)
    expect([...live.findingMissing]).toEqual([first.code])
    drafts.set(first.code, { tierId: lowest.id, notApplicable: false, finding: '流程圖未公開' })
    expect(computeLiveTotals(catalogue, drafts).findingMissing.size).toBe(0)
  })

  it('crosses the 750 line when enough is deducted', () => {
    const drafts = fullMarks()
    let total = 1000
    for (const c of criteria) {
      if (total < 750) break
      drafts.set(c.code, { tierId: c.tiers.at(-1)!.id, notApplicable: false, finding: '待改進' })
      total -= c.maxPoints
    }
    const live = computeLiveTotals(catalogue, drafts)
    expect(live.result?.total).toBe(total)
    expect(live.result?.passed).toBe(false)
    expect(live.result?.improvementPlanRequired).toBe(true)
  })

  it('rescales when a criterion is not applicable', () => {
    const drafts = fullMarks()
    const na = criteria.find((c) => c.notApplicableAllowed)!
    drafts.set(na.code, { tierId: null, notApplicable: true, finding: '' })
    const live = computeLiveTotals(catalogue, drafts)
    expect(live.result?.total).toBe(1000)
    expect(live.result?.notApplicableCriteria).toEqual([na.code])
  })

  it('updates in well under 16 ms on the full sheet', () => {
    const drafts = fullMarks()
    computeLiveTotals(catalogue, drafts)
    const runs = 200
    const started = performance.now()
    for (let i = 0; i < runs; i++) {
      const c = criteria[i % criteria.length]!
      drafts.set(c.code, { tierId: c.tiers[i % c.tiers.length]!.id, notApplicable: false, finding: i % 2 ? 'x' : '' })
      computeLiveTotals(catalogue, drafts)
    }
    const perUpdate = (performance.now() - started) / runs
    expect(perUpdate).toBeLessThan(16)
  })
})
