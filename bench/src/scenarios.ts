// The API load's scenarios and their printed names (issue 18), shared by the load and the summary.

export type Scenario = 'save' | 'sheet' | 'overview' | 'trend'

/** Arrival rate of the open-loop run (one-criterion saves per second). */
export const OPEN_RATE = Number(process.env.BENCH_OPEN_RATE ?? 200)

export const LABELS: Record<Scenario | 'open', string> = {
  save: '(a) one criterion save (saveMany, 1 entry)',
  sheet: '(b) full member sheet (saveMany, 22 entries)',
  overview: '(c) national overview (dashboard.overview)',
  trend: "(d) one branch's history (dashboard.branchTrend)",
  open: `(e) open loop, ${OPEN_RATE} one-criterion saves/s`,
}
