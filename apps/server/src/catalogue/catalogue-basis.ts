import { carryScores, isDomainError } from '@leap/domain'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { findCatalogue, type CatalogueRecord } from './catalogue.repository.js'
import { listMappings, type CatalogueMappingRecord } from './catalogue-mapping.repository.js'

type Db = Kysely<Database>

/**
 * Why a trend point is or is not on the comparison basis: `same` (scored on the basis catalogue),
 * `carried` (another version, carried by the recorded mapping — or a chain of them), `noMapping`
 * (another version and no recorded mapping, direct or chained, leads from it to the basis),
 * `notSigned` (no total yet).
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
  /** For `carried` through a chain (v1 → v2 → v3): the catalogue rows in between, in order. */
  via?: number[]
}

/** The basis of a trend: the catalogue of its newest round, and every point on it. */
export interface ComparableTrend {
  /** `title` as stored (Chinese), `titleEn` the catalogue's English title, for the admin's English mode. */
  basis: { catalogueId: number; title: string; titleEn: string; version: number } | null
  points: ComparablePoint[]
}

/** How a catalogue reaches the basis: the recorded mappings in order (source → … → basis), or null. */
type Path = { steps: { mapping: CatalogueMappingRecord; from: CatalogueRecord; to: CatalogueRecord }[] } | null

/**
 * The shortest chain of recorded mappings from catalogue `sourceId` to `basisId` (breadth first over
 * the few stored mappings; a direct mapping is a chain of one). Null when none leads there.
 */
function mappingChain(mappings: readonly CatalogueMappingRecord[], sourceId: number, basisId: number): CatalogueMappingRecord[] | null {
  const cameBy = new Map<number, CatalogueMappingRecord | null>([[sourceId, null]])
  const queue = [sourceId]
  while (queue.length > 0) {
    const at = queue.shift()!
    if (at === basisId) break
    for (const m of mappings) {
      if (m.fromCatalogueId !== at || cameBy.has(m.toCatalogueId)) continue
      cameBy.set(m.toCatalogueId, m)
      queue.push(m.toCatalogueId)
    }
  }
  if (!cameBy.has(basisId)) return null
  const chain: CatalogueMappingRecord[] = []
  for (let step = cameBy.get(basisId); step; step = cameBy.get(step.fromCatalogueId)) chain.unshift(step)
  return chain
}

/**
 * Puts trend points on one catalogue's basis so a line never silently mixes two catalogues:
 * the basis is the catalogue of the newest round; a point of another version is carried by the
 * recorded criterion mapping from its catalogue to the basis — or by a chain of recorded mappings
 * (v1 → v2 → v3: the domain's `carryScores` applied step by step, each step's carried criterion
 * points feeding the next) — on its consensus points (not-applicable and unscored criteria left
 * out), or marked not comparable with the reason. `points` and `rounds` come from the callers' own
 * queries (rounds oldest first); the points may be one branch's (branch trend) or every branch's
 * (the agency overview). The consensus scores of all points to carry are read in one query.
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
  const sourceIds = new Set(points.filter((p) => p.total !== null).map((p) => catalogueOf.get(p.roundId) ?? basis.id))
  sourceIds.delete(basis.id)
  // Every other catalogue's way to the basis, worked out once per catalogue (not per point).
  const paths = new Map<number, Path>()
  if (sourceIds.size > 0) {
    const mappings = await listMappings(db)
    const catalogues = new Map<number, CatalogueRecord | undefined>([[basis.id, basis]])
    const catalogue = async (id: number) => {
      if (!catalogues.has(id)) catalogues.set(id, await findCatalogue(db, id))
      return catalogues.get(id)
    }
    for (const sourceId of sourceIds) {
      const chain = mappingChain(mappings, sourceId, basis.id)
      let path: Path = null
      if (chain) {
        const steps: NonNullable<Path>['steps'] = []
        for (const mapping of chain) {
          const [from, to] = [await catalogue(mapping.fromCatalogueId), await catalogue(mapping.toCatalogueId)]
          if (!from || !to) break
          steps.push({ mapping, from, to })
        }
        path = steps.length === chain.length ? { steps } : null
      }
      paths.set(sourceId, path)
    }
  }
  const toCarry = points.filter((p) => p.total !== null && paths.get(catalogueOf.get(p.roundId) ?? basis.id))
  const scoredOf = new Map<number, Record<string, number>>()
  if (toCarry.length > 0) {
    const rows = await db
      .selectFrom('consensusScore')
      .select(['inspectionId', 'criterionCode', 'points'])
      .where('inspectionId', 'in', toCarry.map((p) => p.inspectionId))
      .where('notApplicable', '=', false)
      .where('points', 'is not', null)
      .execute()
    for (const r of rows) {
      const scored = scoredOf.get(r.inspectionId) ?? {}
      scoredOf.set(r.inspectionId, scored)
      scored[r.criterionCode] = Number(r.points)
    }
  }
  const out: ComparablePoint[] = points.map((p): ComparablePoint => {
    const catalogueId = catalogueOf.get(p.roundId) ?? basis.id
    const notComparable = (reason: 'noMapping' | 'notSigned'): ComparablePoint => ({ inspectionId: p.inspectionId, catalogueId, total: null, passed: null, comparable: false, reason })
    if (p.total === null) return notComparable('notSigned')
    if (catalogueId === basis.id) return { inspectionId: p.inspectionId, catalogueId, total: p.total, passed: p.passed, comparable: true, reason: 'same' }
    const path = paths.get(catalogueId)
    if (!path) return notComparable('noMapping')
    try {
      let scored = scoredOf.get(p.inspectionId) ?? {}
      let carried: ReturnType<typeof carryScores> | null = null
      for (const step of path.steps) {
        carried = carryScores(step.mapping.mapping, step.from.catalogue, step.to.catalogue, scored)
        scored = carried.points
      }
      const via = path.steps.slice(1).map((s) => s.from.id)
      return {
        inspectionId: p.inspectionId,
        catalogueId,
        total: carried!.total,
        passed: carried!.passed,
        comparable: true,
        reason: 'carried',
        uncarried: carried!.uncarried,
        ...(via.length > 0 ? { via } : {}),
      }
    } catch (error) {
      // A mapping stored before its catalogue changed no longer fits: say so instead of guessing.
      if (!isDomainError(error)) throw error
      return notComparable('noMapping')
    }
  })
  return { basis: { catalogueId: basis.id, title: basis.title, titleEn: basis.catalogue.title.en, version: basis.version }, points: out }
}
