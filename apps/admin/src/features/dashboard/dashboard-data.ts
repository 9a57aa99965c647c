import { formatRound } from '../../composables/use-roc-date'

/** The parts of `dashboard.overview` the charts read. */
export interface OverviewData {
  rounds: readonly { id: number; rocYear: number; half: 1 | 2; signed: number }[]
  branches: readonly { id: number; code: string; name: string; nameEn?: string | null }[]
  cells: readonly { roundId: number; branchId: number; total: number | null; passThreshold: number | null; passed: boolean | null }[]
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

/** A branch's totals across rounds, oldest first; null where it was not inspected or not signed. */
export function trendForBranch(data: OverviewData, branchId: number, locale: string): { round: string; roundId: number; total: number | null }[] {
  return roundsOldestFirst(data.rounds).map((r) => ({
    round: formatRound(r, locale),
    roundId: r.id,
    total: data.cells.find((c) => c.roundId === r.id && c.branchId === branchId)?.total ?? null,
  }))
}

/** Branches × rounds table of totals (rows = branches, columns = rounds oldest first). */
export function trendTable(data: OverviewData, label: (b: OverviewData['branches'][number]) => string) {
  const rounds = roundsOldestFirst(data.rounds)
  return {
    rounds,
    rows: data.branches.map((b) => ({
      branchId: b.id,
      branch: label(b),
      totals: rounds.map((r) => data.cells.find((c) => c.roundId === r.id && c.branchId === b.id)?.total ?? null),
    })),
  }
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
