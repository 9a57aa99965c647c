import type { Catalogue } from '@leap/domain'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { CatalogueRow } from './catalogue.table.js'

type Db = Kysely<Database>

/** A stored catalogue version: database identity plus the domain catalogue it holds. */
export interface CatalogueRecord {
  /** Database id (rounds point at it). */
  id: number
  /** The domain catalogue's `id`, shared by all versions, e.g. `service-leap`. */
  code: string
  version: number
  title: string
  effectiveRocYear: number
  totalPoints: number
  passThreshold: number
  /** When the first inspection used it; from then on it never changes. */
  lockedAt: Date | null
  createdAt: Date
  catalogue: Catalogue
}

/** A catalogue version without its dimensions, for lists. */
export type CatalogueSummary = Omit<CatalogueRecord, 'catalogue'>

function toRecord(row: CatalogueRow): CatalogueRecord {
  // Stored only after @leap/domain validated it (insertCatalogue's callers parse first).
  const catalogue = row.data as Catalogue
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    title: row.title,
    effectiveRocYear: row.effectiveRocYear,
    totalPoints: catalogue.totalPoints,
    passThreshold: catalogue.passThreshold,
    lockedAt: row.lockedAt,
    createdAt: row.createdAt,
    catalogue,
  }
}

/** Every catalogue version, newest version of each code first. */
export async function listCatalogues(db: Db): Promise<CatalogueSummary[]> {
  const rows = await db.selectFrom('catalogue').selectAll().orderBy('code').orderBy('version', 'desc').execute()
  return rows.map((r) => {
    const { catalogue: _catalogue, ...summary } = toRecord(r)
    return summary
  })
}

/** One catalogue version with its full content, or undefined. */
export async function findCatalogue(db: Db, id: number): Promise<CatalogueRecord | undefined> {
  const row = await db.selectFrom('catalogue').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toRecord(row) : undefined
}

/**
 * Parsed catalogues by content hash (the database's md5 of the stored JSON, `content_md5`). Keyed by
 * content, an entry can never be stale, whichever database or version it came from. Entries are
 * deep-frozen: every request shares them, so none may change one. Bounded; oldest evicted first.
 */
const contentByHash = new Map<string, Catalogue>()
const CONTENT_CACHE_LIMIT = 64

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

/**
 * The domain catalogue of catalogue row `id` whose content hash is `contentMd5`: from the cache, or
 * read once (the score path reads ~17 KB of JSON otherwise on every save). Undefined when the row
 * is missing. The returned object is frozen.
 */
export async function catalogueContent(db: Db, id: number, contentMd5: string): Promise<Catalogue | undefined> {
  const cached = contentByHash.get(contentMd5)
  if (cached) return cached
  const row = await db.selectFrom('catalogue').select(['data', 'contentMd5']).where('id', '=', id).executeTakeFirst()
  if (!row) return undefined
  const catalogue = deepFreeze(row.data as Catalogue)
  if (contentByHash.size >= CONTENT_CACHE_LIMIT) contentByHash.delete(contentByHash.keys().next().value!)
  contentByHash.set(row.contentMd5, catalogue)
  return catalogue
}

/** The highest stored version of a catalogue code, 0 when none. */
export async function latestCatalogueVersion(db: Db, code: string): Promise<number> {
  const row = await db
    .selectFrom('catalogue')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('code', '=', code)
    .executeTakeFirst()
  return Number(row?.v ?? 0)
}

/** Finds the stored version of a code, or undefined. */
export async function findCatalogueByCodeVersion(db: Db, code: string, version: number): Promise<CatalogueRecord | undefined> {
  const row = await db.selectFrom('catalogue').selectAll().where('code', '=', code).where('version', '=', version).executeTakeFirst()
  return row ? toRecord(row) : undefined
}

/** Stores a validated catalogue as a new version row. The unique (code, version) key refuses a duplicate. */
export async function insertCatalogue(db: Db, catalogue: Catalogue, createdBy: number | null): Promise<CatalogueRecord> {
  const row = await db
    .insertInto('catalogue')
    .values({
      code: catalogue.id,
      version: catalogue.version,
      title: catalogue.title.zh,
      effectiveRocYear: catalogue.effectiveRocYear,
      data: JSON.stringify(catalogue),
      createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toRecord(row)
}

/**
 * Replaces the content of an unlocked catalogue version (same code and version).
 * @returns the updated record, or undefined when the row is locked (or gone): a locked catalogue
 *   never changes; the database trigger refuses it as well.
 */
export async function updateUnlockedCatalogue(db: Db, id: number, catalogue: Catalogue): Promise<CatalogueRecord | undefined> {
  const row = await db
    .updateTable('catalogue')
    .set({ title: catalogue.title.zh, effectiveRocYear: catalogue.effectiveRocYear, data: JSON.stringify(catalogue) })
    .where('id', '=', id)
    .where('lockedAt', 'is', null)
    .returningAll()
    .executeTakeFirst()
  return row ? toRecord(row) : undefined
}

/** Marks a catalogue as used (idempotent: the first use's time is kept). */
export async function lockCatalogue(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('catalogue').set({ lockedAt: at }).where('id', '=', id).where('lockedAt', 'is', null).execute()
}
