import { carryScores, isDomainError } from '@leap/domain'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { findCatalogue, type CatalogueRecord } from './catalogue.repository.js'
import { findMapping } from './catalogue-mapping.repository.js'

type Db = Kysely<Database>

/**
 * Why a trend point is or is not on the comparison basis: `same` (scored on the basis catalogue),
 * `carried` (another version, carried by the recorded mapping), `noMapping` (another version and
 * no mapping recorded from it to the basis), `notSigned` (no total yet).
 */
export type BasisReason = 'same' | 'carried' | 'noMapping' | 'notSigned'

/** One trend point on the comparison basis. */
export interface ComparablePoint {
  inspectionId: number
  /** The catalogue row the inspection was scored on. */
  catalogueId: number
  /** The total on the basis catalogue: the own total (`same`), the carried one (`carried`), else null. */
  total: number | null
  passed: boolean | null
  comparable: boolean
  reason: BasisReason
  /** For `carried`: criteria of the basis no source score reached (new criteria), excluded from the rescaled total. */
  uncarried?: string[]
}

/** The basis of a trend: the catalogue of its newest round, and every point on it. */
export interface ComparableTrend {
  basis: { catalogueId: number; title: string; version: number } | null
  points: ComparablePoint[]
}

/**
 * Puts a branch's trend on one catalogue's basis so a line never silently mixes two catalogues:
 * the basis is the catalogue of the newest round; a point of another version is carried by the
 * recorded criterion mapping from its catalogue to the basis (the domain's `carryScores` on its
 * consensus points: not-applicable and unscored criteria left out), or marked not comparable with
 * the reason. `points` and `rounds` come from the dashboard's own queries (oldest round first).
 */
export async function comparableTrend(
  db: Db,
  points: readonly { inspectionId: number; roundId: number; total: number | null; passed: boolean | null }[],
  rounds: readonly { id: number; catalogueId: number }[],
): Promise<ComparableTrend> {
  const catalogueOf = new Map(rounds.map((r) => [r.id, r.catalogueId]))
  const newest = rounds[rounds.length - 1]
  if (!newest) return { basis: null, points: [] }
  const basis = await findCatalogue(db, newest.catalogueId)
  if (!basis) return { basis: null, points: [] }
  const sources = new Map<number, { record: CatalogueRecord; mapping: Awaited<ReturnType<typeof findMapping>> } | null>()
  const out: ComparablePoint[] = []
  for (const p of points) {
    const catalogueId = catalogueOf.get(p.roundId) ?? basis.id
    if (p.total === null) {
      out.push({ inspectionId: p.inspectionId, catalogueId, total: null, passed: null, comparable: false, reason: 'notSigned' })
      continue
    }
    if (catalogueId === basis.id) {
      out.push({ inspectionId: p.inspectionId, catalogueId, total: p.total, passed: p.passed, comparable: true, reason: 'same' })
      continue
    }
    if (!sources.has(catalogueId)) {
      const record = await findCatalogue(db, catalogueId)
      sources.set(catalogueId, record ? { record, mapping: await findMapping(db, catalogueId, basis.id) } : null)
    }
    const source = sources.get(catalogueId)
    if (!source?.mapping) {
      out.push({ inspectionId: p.inspectionId, catalogueId, total: null, passed: null, comparable: false, reason: 'noMapping' })
      continue
    }
    const rows = await db
      .selectFrom('consensusScore')
      .select(['criterionCode', 'points'])
      .where('inspectionId', '=', p.inspectionId)
      .where('notApplicable', '=', false)
      .where('points', 'is not', null)
      .execute()
    const scored: Record<string, number> = {}
    for (const r of rows) scored[r.criterionCode] = Number(r.points)
    try {
      const carried = carryScores(source.mapping.mapping, source.record.catalogue, basis.catalogue, scored)
      out.push({ inspectionId: p.inspectionId, catalogueId, total: carried.total, passed: carried.passed, comparable: true, reason: 'carried', uncarried: carried.uncarried })
    } catch (error) {
      // A mapping stored before its catalogue changed no longer fits: say so instead of guessing.
      if (!isDomainError(error)) throw error
      out.push({ inspectionId: p.inspectionId, catalogueId, total: null, passed: null, comparable: false, reason: 'noMapping' })
    }
  }
  return { basis: { catalogueId: basis.id, title: basis.title, version: basis.version }, points: out }
}
