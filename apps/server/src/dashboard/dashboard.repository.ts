import type { DimensionSubtotal } from '@leap/domain'
import { sql, type Kysely } from 'kysely'
import { inspectionScopeCondition, type InspectionScope } from '../access/committee.js'
import type { Database } from '../db/database.js'
import type { InspectionStatus } from '../inspection/inspection.table.js'

type Db = Kysely<Database>

/** One inspection as the dashboard sees it: the result snapshot written at signing. */
export interface DashboardCell {
  inspectionId: number
  roundId: number
  rocYear: number
  half: 1 | 2
  branchId: number
  status: InspectionStatus
  /** Null until signed. */
  total: number | null
  passThreshold: number | null
  passed: boolean | null
  dimensions: DimensionSubtotal[] | null
}

/** The round columns of the dashboard, with the dimensions of the round's catalogue. */
export interface DashboardRound {
  id: number
  rocYear: number
  half: 1 | 2
  status: 'open' | 'closed'
  catalogueId: number
  dimensions: { code: string; title: string; maxPoints: number }[]
}

/** A cell without its dimension subtotals (the overview shows none). */
export type OverviewCell = Omit<DashboardCell, 'dimensions'>

type CellFilter = { roundId?: number | undefined; branchId?: number | undefined; fromRocYear?: number | undefined; toRocYear?: number | undefined }

/**
 * Inspections within a scope (optionally one branch, a range of ROC years), oldest round first,
 * then in branch order. One indexed query; no sheet is re-scored. With `withDimensions: false` the
 * dimension subtotals (jsonb) are not fetched and the cells have no `dimensions` — built once,
 * straight from the rows, as the overview sends them (it is the hot path: 520 rows per request).
 */
export async function dashboardCells(db: Db, scope: InspectionScope, filter: CellFilter, options: { withDimensions: false }): Promise<OverviewCell[]>
export async function dashboardCells(db: Db, scope: InspectionScope, filter?: CellFilter, options?: { withDimensions?: true }): Promise<DashboardCell[]>
export async function dashboardCells(
  db: Db,
  scope: InspectionScope,
  filter: CellFilter = {},
  options: { withDimensions?: boolean } = {},
): Promise<OverviewCell[] | DashboardCell[]> {
  const withDimensions = options.withDimensions ?? true
  let query = db
    .selectFrom('inspection')
    .innerJoin('round', 'round.id', 'inspection.roundId')
    .select([
      'inspection.id as inspectionId',
      'inspection.roundId',
      'round.rocYear',
      'round.half',
      'inspection.branchId',
      'inspection.status',
      'inspection.totalPoints',
      'inspection.passThreshold',
      'inspection.passed',
    ])
    .$if(withDimensions, (q) => q.select('inspection.dimensionTotals'))
    .orderBy('round.rocYear')
    .orderBy('round.half')
    .orderBy('inspection.branchId')
  if (filter.roundId !== undefined) query = query.where('inspection.roundId', '=', filter.roundId)
  if (filter.branchId !== undefined) query = query.where('inspection.branchId', '=', filter.branchId)
  if (filter.fromRocYear !== undefined) query = query.where('round.rocYear', '>=', filter.fromRocYear)
  if (filter.toRocYear !== undefined) query = query.where('round.rocYear', '<=', filter.toRocYear)
  if (!scope.all) {
    if (scope.branchIds.length === 0 && scope.roundIds.length === 0) return []
    // The shared visibility condition, with the unannounced rule (no cell before the inspection day).
    query = query.where(inspectionScopeCondition(scope, { roundId: 'inspection.roundId', branchId: 'inspection.branchId', inspectedOn: 'inspection.inspectedOn' }))
  }
  const rows = await query.execute()
  const cell = (r: (typeof rows)[number]): OverviewCell => ({
    inspectionId: r.inspectionId,
    roundId: r.roundId,
    rocYear: r.rocYear,
    half: r.half === 1 ? 1 : 2,
    branchId: r.branchId,
    status: r.status,
    total: r.totalPoints === null ? null : Number(r.totalPoints),
    passThreshold: r.passThreshold === null ? null : Number(r.passThreshold),
    passed: r.passed,
  })
  if (!withDimensions) return rows.map(cell)
  return rows.map((r) => ({ ...cell(r), dimensions: (r.dimensionTotals as DimensionSubtotal[] | null | undefined) ?? null }))
}

type DimensionHead = DashboardRound['dimensions'][number]

/**
 * The given rounds, oldest first, with their catalogue's dimensions (code, zh title, maximum).
 * Each distinct catalogue is read once, and only its dimension heads leave the database (projected
 * in SQL): the full catalogue JSON (criteria, tiers; ~17 KB) is never shipped for a dashboard.
 * With `withDimensions: false` the catalogues are not read and `dimensions` is empty.
 */
export async function dashboardRounds(db: Db, roundIds: readonly number[], options: { withDimensions?: boolean } = {}): Promise<DashboardRound[]> {
  if (roundIds.length === 0) return []
  const rows = await db
    .selectFrom('round')
    .select(['round.id', 'round.rocYear', 'round.half', 'round.status', 'round.catalogueId'])
    .where('round.id', 'in', roundIds)
    .orderBy('round.rocYear')
    .orderBy('round.half')
    .execute()
  const catalogueIds = (options.withDimensions ?? true) ? [...new Set(rows.map((r) => r.catalogueId))] : []
  const heads =
    catalogueIds.length === 0
      ? []
      : await db
          .selectFrom('catalogue')
          .select([
            'catalogue.id',
            sql<DimensionHead[]>`(
              select coalesce(jsonb_agg(jsonb_build_object('code', d.value->>'code', 'title', d.value->'title'->>'zh', 'maxPoints', d.value->'maxPoints') order by d.ordinality), '[]'::jsonb)
              from jsonb_array_elements(${sql.ref('catalogue.data')}->'dimensions') with ordinality as d
            )`.as('dimensions'),
          ])
          .where('catalogue.id', 'in', catalogueIds)
          .execute()
  const dimensionsOf = new Map(heads.map((h) => [h.id, h.dimensions]))
  return rows.map((r) => ({
    id: r.id,
    rocYear: r.rocYear,
    half: r.half === 1 ? 1 : 2,
    status: r.status,
    catalogueId: r.catalogueId,
    dimensions: (dimensionsOf.get(r.catalogueId) ?? []).map((d) => ({ code: d.code, title: d.title, maxPoints: Number(d.maxPoints) })),
  }))
}

/**
 * The dashboards' data version (migration 0014): moved on, in the same transaction, by every
 * statement that changes an inspection, a round, a branch or a catalogue — signing, reopening,
 * correcting, scheduling, renaming. Score saves do not move it. One primary-key read.
 */
export async function dashboardVersion(db: Db): Promise<string> {
  const { rows } = await sql<{ version: string }>`select version from dashboard_version where id = 1`.execute(db)
  return String(rows[0]?.version ?? '0')
}

/** How many answers the cache keeps (scopes × inputs × procedures); the oldest goes first. */
const CACHE_ENTRIES = 256
/** One cache per database handle (tests open several databases in one process). */
const caches = new WeakMap<Db, Map<string, { version: string; value: Promise<unknown> }>>()

/**
 * A dashboard answer computed once per data version and `key` (the procedure, the caller's scope —
 * which carries the Taipei date of the unannounced rule — and the input), then served from memory
 * until the version moves on. The version lives in the database, so several server instances stay
 * correct: each reads it (one indexed row) before answering. The version is read before the answer
 * is computed, so a cached answer is never older than the version it is filed under.
 */
export async function cachedByDataVersion<T>(db: Db, key: unknown, compute: () => Promise<T>): Promise<T> {
  const version = await dashboardVersion(db)
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new Map()))
  const id = JSON.stringify(key)
  const hit = cache.get(id)
  if (hit && hit.version === version) return hit.value as Promise<T>
  const value = compute()
  cache.delete(id)
  cache.set(id, { version, value })
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!)
  // A failed computation is not kept: the next request tries again.
  value.catch(() => {
    if (cache.get(id)?.value === value) cache.delete(id)
  })
  return value
}
