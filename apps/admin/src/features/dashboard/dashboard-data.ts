import { formatRound } from '../../composables/use-roc-date'

/** Why a total is or is not on the comparison basis (the server's catalogue-basis `BasisReason`). */
export type BasisReason = 'same' | 'carried' | 'noMapping' | 'notSigned'

/** The parts of `dashboard.overview` the charts read. */
export interface OverviewData {
  rounds: readonly { id: number; rocYear: number; half: 1 | 2; signed: number }[]
  branches: readonly { id: number; code: string; name: string; nameEn?: string | null }[]
  cells: readonly { inspectionId: number; roundId: number; branchId: number; total: number | null; passThreshold: number | null; passed: boolean | null }[]
  /** Every cell's total on the newest round's catalogue (issue 19): carried by a recorded mapping, or not comparable. */
  comparable: {
    basis: { catalogueId: number; title: string; titleEn: string; version: number } | null
    points: readonly { inspectionId: number; total: number | null; reason: BasisReason }[]
  }
}

/** One round of a trend on the comparison basis: `total` is on the basis (null where left out), `own` the sheet's own total. */
export interface TrendCell {
  total: number | null
  own: number | null
  /** Null where the branch was not inspected in that round. */
  reason: BasisReason | null
}

/** Cell lookup by round and branch, and comparable point lookup by inspection, built once per overview. */
function indexOf(data: OverviewData) {
  const cells = new Map(data.cells.map((c) => [`${c.roundId}:${c.branchId}`, c]))
  const points = new Map(data.comparable.points.map((p) => [p.inspectionId, p]))
  return (roundId: number, branchId: number): TrendCell => {
    const cell = cells.get(`${roundId}:${branchId}`)
    if (!cell) return { total: null, own: null, reason: null }
    const point = points.get(cell.inspectionId)
    // Never a silent mix: a cell the server did not put on the basis is left out of the line.
    if (!point) return { total: null, own: cell.total, reason: cell.total === null ? 'notSigned' : 'noMapping' }
    return { total: point.total, own: cell.total, reason: point.reason }
  }
}

export const PASS_LINE = 750

/** Rounds oldest first (the server lists them that way for cells, but not necessarily for rounds). */
export function roundsOldestFirst<R extends { rocYear: number; half: 1 | 2 }>(rounds: readonly R[]): R[] {
  return [...rounds].sort((a, b) => a.rocYear - b.rocYear || a.half - b.half)
}

/** The newest round that has a signed sheet, else the newest round; null without rounds. */
export function defaultRoundId(data: OverviewData): number | null {
  const ordered = roundsOldestFirst(data.rounds).reverse()
  return (ordered.find((r) => r.signed > 0) ?? ordered[0])?.id ?? null
}

/** One bar of the totals chart. */
export interface BranchTotal {
  branchId: number
  branch: string
  total: number | null
  passed: boolean | null
}

/** Every branch's total in one round (null where not signed or not inspected), in branch order. */
export function totalsForRound(data: OverviewData, roundId: number, label: (b: OverviewData['branches'][number]) => string): BranchTotal[] {
  return data.branches.map((b) => {
    const cell = data.cells.find((c) => c.roundId === roundId && c.branchId === b.id)
    const total = cell?.total ?? null
    return { branchId: b.id, branch: label(b), total, passed: total === null ? null : (cell?.passed ?? total >= (cell?.passThreshold ?? PASS_LINE)) }
  })
}

/** Summary sentence numbers for the totals chart: how many signed, how many passed, best and worst. */
export function totalsSummary(rows: readonly BranchTotal[]) {
  const signed = rows.filter((r): r is BranchTotal & { total: number } => r.total !== null)
  const sorted = [...signed].sort((a, b) => b.total - a.total)
  return {
    signed: signed.length,
    passed: signed.filter((r) => r.passed).length,
    below: signed.filter((r) => !r.passed).length,
    best: sorted[0] ?? null,
    worst: sorted.at(-1) ?? null,
  }
}

/**
 * A branch's totals across rounds, oldest first, on the comparison basis: `total` is the basis total
 * (the own one on the newest catalogue, the carried one on an older catalogue with a mapping), null
 * where it was not inspected, not signed or not comparable — `reason` says which.
 */
export function trendForBranch(data: OverviewData, branchId: number, locale: string): ({ round: string; roundId: number } & TrendCell)[] {
  const at = indexOf(data)
  return roundsOldestFirst(data.rounds).map((r) => ({ round: formatRound(r, locale), roundId: r.id, ...at(r.id, branchId) }))
}

/**
 * Branches × rounds table of totals on the comparison basis (rows = branches, columns = rounds
 * oldest first): `totals` the basis totals (null where left out), `cells` each with its reason and own total.
 */
export function trendTable(data: OverviewData, label: (b: OverviewData['branches'][number]) => string) {
  const rounds = roundsOldestFirst(data.rounds)
  const at = indexOf(data)
  return {
    rounds,
    rows: data.branches.map((b) => {
      const cells = rounds.map((r) => at(r.id, b.id))
      return { branchId: b.id, branch: label(b), totals: cells.map((c) => c.total), cells }
    }),
  }
}

/** How many cells of a trend are carried from another version, and how many are left out as not comparable. */
export function basisCounts(cells: readonly Pick<TrendCell, 'reason'>[]): { carried: number; notComparable: number } {
  return { carried: cells.filter((c) => c.reason === 'carried').length, notComparable: cells.filter((c) => c.reason === 'noMapping').length }
}

/** `dashboard.dimensions` as the profile reads it. */
export interface DimensionData {
  round: { dimensions: readonly { code: string; title: string; maxPoints: number }[] }
  branches: readonly { branchId: number; dimensions: readonly { dimensionCode: string; points: number; maxPoints: number; applicableMaxPoints: number }[] }[]
  averages: readonly { dimensionCode: string; average: number | null }[]
}

/** Share of the maximum in percent, half up to one decimal; null without a maximum. */
export function percentOf(points: number | null, max: number): number | null {
  if (points === null || max <= 0) return null
  return Math.round((points / max) * 1000) / 10
}

/**
 * The dimension profile of a round: per dimension its maximum, the average across branches and
 * (when given) one branch's points, each also as a share of the maximum so dimensions of different
 * weights compare on one axis.
 */
export function dimensionProfile(data: DimensionData, branchId: number | null) {
  const branch = branchId === null ? undefined : data.branches.find((b) => b.branchId === branchId)
  return data.round.dimensions.map((d) => {
    const average = data.averages.find((a) => a.dimensionCode === d.code)?.average ?? null
    const own = branch?.dimensions.find((x) => x.dimensionCode === d.code)?.points ?? null
    return {
      code: d.code,
      title: d.title,
      maxPoints: d.maxPoints,
      average,
      averagePercent: percentOf(average, d.maxPoints),
      branch: own,
      branchPercent: percentOf(own, d.maxPoints),
    }
  })
}

/** Open and overdue remediation counts per branch (every branch listed, zeros included) and the totals. */
export function remediationRows(
  byBranch: readonly { branchId: number; open: number; overdue: number }[],
  branches: OverviewData['branches'],
  label: (b: OverviewData['branches'][number]) => string,
) {
  const rows = branches.map((b) => {
    const c = byBranch.find((x) => x.branchId === b.id)
    return { branchId: b.id, branch: label(b), open: c?.open ?? 0, overdue: c?.overdue ?? 0 }
  })
  return { rows, open: rows.reduce((s, r) => s + r.open, 0), overdue: rows.reduce((s, r) => s + r.overdue, 0) }
}
