import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Catalogue, Criterion } from './catalogue.js'
import { SERVICE_LEAP_V2 } from './catalogues/service-leap-v2.js'
import { proposeConsensus } from './consensus.js'
import type { ScoreEntry } from './score-entry.js'
import { scoreSheet } from './score-sheet.js'

/** Random valid catalogues with points in hundredths (e.g. 33.37), so exactness is really tested. */
const catalogueArb: fc.Arbitrary<Catalogue> = fc
  .array(
    fc.array(
      fc.record({
        maxH: fc.integer({ min: 1, max: 10_000 }),
        middle: fc.uniqueArray(fc.integer({ min: 1, max: 9_999 }), { maxLength: 3 }),
        na: fc.boolean(),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    { minLength: 1, maxLength: 4 },
  )
  .chain((dims) => {
    let n = 0
    const dimensions = dims.map((criteria, di) => {
      const built: Criterion[] = criteria.map(({ maxH, middle, na }) => {
        const tierH = [maxH, ...middle.filter((h) => h < maxH).sort((a, b) => b - a), 0]
        return {
          code: `c${n++}`,
          title: { zh: '項', en: 'item' },
          guidance: '',
          maxPoints: maxH / 100,
          defaultUnit: `unit${n % 3}`,
          notApplicableAllowed: na,
          tiers: tierH.map((h, i) => ({ id: `t${i}`, label: { zh: `${i}`, en: `${i}` }, points: h / 100 })),
        }
      })
      const maxH = criteria.reduce((s, c) => s + c.maxH, 0)
      return { code: `d${di}`, title: { zh: '構面', en: 'dimension' }, maxPoints: maxH / 100, criteria: built }
    })
    const totalH = dims.flat().reduce((s, c) => s + c.maxH, 0)
    return fc.integer({ min: 0, max: totalH }).map(
      (thresholdH): Catalogue => ({
        id: 'random',
        version: 1,
        title: { zh: '隨機', en: 'random' },
        effectiveRocYear: 113,
        totalPoints: totalH / 100,
        passThreshold: thresholdH / 100,
        lowestTierScoresZero: true,
        dimensions,
      }),
    )
  })

/** A catalogue with, per criterion, a choice: a tier index, not applicable (-2) or missing (-1). */
const sheetArb = catalogueArb.chain((catalogue) => {
  const criteria = catalogue.dimensions.flatMap((d) => d.criteria)
  const choices = criteria.map((c) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: c.tiers.length - 1 }) },
      { weight: 1, arbitrary: fc.constant(c.notApplicableAllowed ? -2 : 0) },
      { weight: 1, arbitrary: fc.constant(-1) },
    ),
  )
  return fc.tuple(fc.constant(catalogue), fc.tuple(...choices))
})

function entries(catalogue: Catalogue, choice: readonly number[]): ScoreEntry[] {
  const criteria = catalogue.dimensions.flatMap((d) => d.criteria)
  return criteria.flatMap((c, i): ScoreEntry[] => {
    const k = choice[i] as number
    if (k === -1) return []
    if (k === -2) return [{ criterionCode: c.code, notApplicable: true }]
    return [{ criterionCode: c.code, tierId: c.tiers[k]!.id, finding: '紀錄' }]
  })
}

const applicable = (catalogue: Catalogue, choice: readonly number[]) => choice.some((k) => k !== -2)

describe('scoreSheet properties', () => {
  it('never exceeds the catalogue total, never goes negative, and keeps two decimals', () => {
    fc.assert(
      fc.property(sheetArb, ([catalogue, choice]) => {
        fc.pre(applicable(catalogue, choice))
        const r = scoreSheet(catalogue, entries(catalogue, choice))
        expect(r.total).toBeLessThanOrEqual(catalogue.totalPoints)
        expect(r.total).toBeGreaterThanOrEqual(0)
        expect(Math.round(r.total * 100) / 100).toBe(r.total)
        expect(r.rawPoints).toBeLessThanOrEqual(r.applicableMaxPoints)
      }),
    )
  })

  it('passes exactly when total ≥ threshold, and requires an improvement plan exactly when it does not', () => {
    fc.assert(
      fc.property(sheetArb, ([catalogue, choice]) => {
        fc.pre(applicable(catalogue, choice))
        const r = scoreSheet(catalogue, entries(catalogue, choice))
        expect(r.passed).toBe(r.total >= catalogue.passThreshold)
        expect(r.improvementPlanRequired).toBe(!r.passed)
        if (r.improvementPlanRequired) expect(r.improvementPlanUnits).toEqual([...new Set(r.remediationCandidates.map((c) => c.unit))])
        else expect(r.improvementPlanUnits).toEqual([])
      }),
    )
  })

  it('without exclusions, the total is the exact sum of the dimension subtotals', () => {
    fc.assert(
      fc.property(sheetArb, ([catalogue, choice]) => {
        const noNa = choice.map((k) => (k === -2 ? 0 : k))
        const r = scoreSheet(catalogue, entries(catalogue, noNa))
        const sumH = r.dimensions.reduce((s, d) => s + Math.round(d.points * 100), 0)
        expect(Math.round(r.total * 100)).toBe(sumH)
      }),
    )
  })

  it('raising one criterion never lowers the total', () => {
    fc.assert(
      fc.property(sheetArb, fc.nat(), ([catalogue, choice], pick) => {
        fc.pre(applicable(catalogue, choice))
        const i = pick % choice.length
        const k = choice[i] as number
        fc.pre(k !== -2)
        const raised = [...choice]
        raised[i] = k === -1 ? catalogue.dimensions.flatMap((d) => d.criteria)[i]!.tiers.length - 1 : Math.max(0, k - 1) // lower index = more points
        const before = scoreSheet(catalogue, entries(catalogue, choice)).total
        const after = scoreSheet(catalogue, entries(catalogue, raised)).total
        expect(after).toBeGreaterThanOrEqual(before)
      }),
    )
  })
})

describe('proposeConsensus properties (v2, up to 9 members)', () => {
  const criteria = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria)
  const memberArb = fc.tuple(...criteria.map((c) => fc.integer({ min: 0, max: c.tiers.length - 1 })))

  it('proposes the lower median of the members\' points, and flags exactly the wide spreads', () => {
    fc.assert(
      fc.property(fc.array(memberArb, { minLength: 1, maxLength: 9 }), fc.double({ min: 0, max: 1, noNaN: true }), (members, spreadShare) => {
        const sheets = members.map((m, s) => ({ memberId: `m${s}`, entries: entries(SERVICE_LEAP_V2, m) }))
        const proposal = proposeConsensus(SERVICE_LEAP_V2, { sheets, spreadShare })
        criteria.forEach((c, i) => {
          const given = members.map((m) => c.tiers[m[i] as number]!.points)
          const proposed = proposal.criteria[i]!
          const ascending = [...given].sort((a, b) => a - b)
          expect(proposed.points).toBe(ascending[(ascending.length - 1) >> 1])
          expect(proposed.spread).toBe(Math.max(...given) - Math.min(...given))
          expect(proposed.flagged).toBe(proposed.spread! > spreadShare * c.maxPoints + 1e-9)
        })
        expect(proposal.result.total).toBeLessThanOrEqual(1000)
        expect(proposal.result.complete).toBe(true)
      }),
      { numRuns: 200 },
    )
  })
})
