import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { notFound } from '../access/branch-scope.js'
import { inspectionScope } from '../access/scope-filter.js'
import { listBranches } from '../branch/branch.repository.js'
import { authedProcedure } from '../trpc/init.js'
import { cachedByDataVersion, dashboardCells, dashboardRounds, type OverviewCell } from './dashboard.repository.js'
import { comparableTrend } from '../catalogue/catalogue-basis.js'

const rocYear = z.number().int().min(1).max(999)

/** Pass/fail figures of a set of cells; averages over signed sheets only, to two decimals. */
export interface Tally {
  inspections: number
  signed: number
  passed: number
  failed: number
  average: number | null
}

/** Running sums for one tally; `finish` turns them into the figures (average in exact hundredths). */
class TallyCounter {
  inspections = 0
  signed = 0
  passed = 0
  failed = 0
  hundredths = 0

  add(cell: Pick<OverviewCell, 'total' | 'passed'>): void {
    this.inspections += 1
    if (cell.total === null) return
    this.signed += 1
    this.hundredths += Math.round(cell.total * 100)
    if (cell.passed === true) this.passed += 1
    else if (cell.passed === false) this.failed += 1
  }

  finish(): Tally {
    const { inspections, signed, passed, failed } = this
    return { inspections, signed, passed, failed, average: signed === 0 ? null : Math.round(this.hundredths / signed) / 100 }
  }
}

/** Tallies of the cells grouped by `keyOf`, in one pass over the cells (not one filter per group). */
function tallyBy(cells: readonly OverviewCell[], keyOf: (cell: OverviewCell) => number): Map<number, Tally> {
  const counters = new Map<number, TallyCounter>()
  for (const cell of cells) {
    const key = keyOf(cell)
    let counter = counters.get(key)
    if (!counter) counters.set(key, (counter = new TallyCounter()))
    counter.add(cell)
  }
  return new Map([...counters].map(([key, counter]) => [key, counter.finish()]))
}

const EMPTY_TALLY: Tally = { inspections: 0, signed: 0, passed: 0, failed: 0, average: null }

/**
 * Dashboard procedures of the inspections part. The app router merges them with the remediation
 * counts into `dashboard`. Scope everywhere: agency admin and viewer see all branches; committee
 * users the rounds they sit on; branch users their own branch only.
 */
export const dashboardProcedures = {
  /**
   * Branches × rounds: each inspection's status, total and pass/fail (signed sheets), and per
   * round and per branch the number inspected, signed, passed, failed and the average total —
   * counted over the caller's visible inspections only. Optional ROC-year range. Rounds come
   * without their dimension heads: `dashboard.dimensions` has them, per round. `comparable` puts
   * every cell's total on the basis of the newest round's catalogue (as `branchTrend` does): the
   * tallies stay on each round's own catalogue; the trend line and table read the comparable totals.
   */
  overview: authedProcedure
    .input(z.object({ fromRocYear: rocYear.optional(), toRocYear: rocYear.optional() }).optional())
    .query(async ({ ctx, input }) => {
      const scope = await inspectionScope(ctx.db, ctx.user, ctx.now())
      // Computed once per data version (signing, reopening, correcting move it) and scope: issue 18.
      return cachedByDataVersion(ctx.db, ['overview', scope, input ?? {}], async () => {
        const cells = await dashboardCells(ctx.db, scope, input ?? {}, { withDimensions: false })
        const byRound = tallyBy(cells, (c) => c.roundId)
        const byBranch = tallyBy(cells, (c) => c.branchId)
        const [rounds, branches] = await Promise.all([dashboardRounds(ctx.db, [...byRound.keys()], { withDimensions: false }), listBranches(ctx.db)])
        // Issue 19: every total also on the newest round's catalogue basis (carried by the recorded
        // mappings, else not comparable with the reason), so the trend chart and table never mix versions.
        const comparable = await comparableTrend(ctx.db, cells, rounds)
        return {
          // Built as literals: object rest/spread over 520 cells was a measurable share of the request.
          rounds: rounds.map((r) => ({ id: r.id, rocYear: r.rocYear, half: r.half, status: r.status, catalogueId: r.catalogueId, ...(byRound.get(r.id) ?? EMPTY_TALLY) })),
          branches: branches.filter((b) => byBranch.has(b.id)).map((b) => ({ ...b, ...byBranch.get(b.id)! })),
          cells,
          comparable,
        }
      })
    }),

  /**
   * One branch's trend over the rounds: total, threshold, pass/fail and dimension subtotals of
   * each visible inspection, oldest round first; `comparable` puts every point on the basis of the
   * newest round's catalogue (carried by a recorded mapping, else not comparable with the reason). NOT_FOUND when the caller may see no inspection
   * of that branch (same error as an unknown branch).
   */
  branchTrend: authedProcedure.input(z.object({ branchId: rowId })).query(async ({ ctx, input }) => {
    const scope = await inspectionScope(ctx.db, ctx.user, ctx.now())
    return cachedByDataVersion(ctx.db, ['branchTrend', scope, input.branchId], async () => {
      const branch = (await listBranches(ctx.db)).find((b) => b.id === input.branchId)
      const mayAsk = scope.all || scope.branchIds.includes(input.branchId) || scope.roundIds.length > 0
      if (!branch || !mayAsk) throw notFound()
      const cells = await dashboardCells(ctx.db, scope, { branchId: branch.id })
      const rounds = await dashboardRounds(ctx.db, cells.map((c) => c.roundId))
      // The line on one catalogue's basis (issue 19): other versions carried by the recorded mapping or marked not comparable.
      return { branch, rounds, points: cells, comparable: await comparableTrend(ctx.db, cells, rounds) }
    })
  }),

  /**
   * Dimension subtotals of every visible signed inspection of one round, with the round's
   * catalogue dimensions (code, title, maximum) and each dimension's average across branches.
   */
  dimensions: authedProcedure.input(z.object({ roundId: rowId })).query(async ({ ctx, input }) => {
    const scope = await inspectionScope(ctx.db, ctx.user, ctx.now())
    const cells = await dashboardCells(ctx.db, scope, { roundId: input.roundId })
    const [round] = await dashboardRounds(ctx.db, [input.roundId])
    if (!round || cells.length === 0) throw notFound()
    const signed = cells.filter((c) => c.dimensions !== null)
    return {
      round,
      branches: signed.map((c) => ({ branchId: c.branchId, inspectionId: c.inspectionId, total: c.total, passed: c.passed, dimensions: c.dimensions ?? [] })),
      averages: round.dimensions.map((d) => {
        const values = signed.map((c) => Math.round((c.dimensions?.find((x) => x.dimensionCode === d.code)?.points ?? 0) * 100))
        return { dimensionCode: d.code, average: values.length === 0 ? null : Math.round(values.reduce((a, b) => a + b, 0) / values.length) / 100 }
      }),
    }
  }),
}
