import type { CatalogueMapping } from '@leap/domain'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { bumpVersion } from '../db/guarded-update.js'
import type { CatalogueMappingRow } from './catalogue.table.js'

type Db = Kysely<Database>

/** A stored criterion mapping between two catalogue versions. */
export interface CatalogueMappingRecord {
  id: number
  fromCatalogueId: number
  toCatalogueId: number
  /** The domain mapping, validated against both catalogues before it was stored. */
  mapping: CatalogueMapping
  version: number
  updatedBy: number | null
  updatedAt: Date
}

function toRecord(row: CatalogueMappingRow): CatalogueMappingRecord {
  return {
    id: row.id,
    fromCatalogueId: row.fromCatalogueId,
    toCatalogueId: row.toCatalogueId,
    mapping: row.data as CatalogueMapping,
    version: row.version,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  }
}

/** The mapping from catalogue row `fromId` to row `toId`, or undefined. */
export async function findMapping(db: Db, fromId: number, toId: number): Promise<CatalogueMappingRecord | undefined> {
  const row = await db.selectFrom('catalogueMapping').selectAll().where('fromCatalogueId', '=', fromId).where('toCatalogueId', '=', toId).executeTakeFirst()
  return row ? toRecord(row) : undefined
}

/** Every stored mapping (few: one per pair of catalogue versions someone mapped). */
export async function listMappings(db: Db): Promise<CatalogueMappingRecord[]> {
  const rows = await db.selectFrom('catalogueMapping').selectAll().orderBy('id').execute()
  return rows.map(toRecord)
}

/** Inserts the first mapping of a pair; undefined when the pair already has one (someone saved first). */
export async function insertMapping(db: Db, fromId: number, toId: number, mapping: CatalogueMapping, by: number, at: Date): Promise<CatalogueMappingRecord | undefined> {
  const row = await db
    .insertInto('catalogueMapping')
    .values({ fromCatalogueId: fromId, toCatalogueId: toId, data: JSON.stringify(mapping), updatedBy: by, updatedAt: at })
    .onConflict((oc) => oc.columns(['fromCatalogueId', 'toCatalogueId']).doNothing())
    .returningAll()
    .executeTakeFirst()
  return row ? toRecord(row) : undefined
}

/**
 * The guarded statement of a mapping's versioned update (db/versioned-write.ts runs the cycle
 * around it): replaces the mapping if it is still at `expectedVersion`, bumping the version;
 * the new record, or undefined when the version moved (nothing changed).
 */
export async function updateMapping(db: Db, id: number, expectedVersion: number, mapping: CatalogueMapping, by: number, at: Date): Promise<CatalogueMappingRecord | undefined> {
  if (!(await bumpVersion(db, 'catalogueMapping', id, expectedVersion, { data: JSON.stringify(mapping), updatedBy: by }, at))) return undefined
  const row = await db.selectFrom('catalogueMapping').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toRecord(row) : undefined
}
