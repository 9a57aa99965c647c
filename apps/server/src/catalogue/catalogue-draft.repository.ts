import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { bumpVersion } from '../db/guarded-update.js'
import type { CatalogueDraftRow } from './catalogue.table.js'

type Db = Kysely<Database>

/** A stored catalogue draft: the content as the admin typed it (checked only when published). */
export interface CatalogueDraftRecord {
  id: number
  baseCatalogueId: number | null
  data: Record<string, unknown>
  /** Bumped by every save; pass it back as `expectedVersion`. */
  version: number
  updatedBy: number | null
  updatedAt: Date
}

/** A draft as listed: what it is called, where it started, when it was last saved. */
export interface CatalogueDraftSummary {
  id: number
  baseCatalogueId: number | null
  title: string
  version: number
  updatedAt: Date
}

function toRecord(row: CatalogueDraftRow): CatalogueDraftRecord {
  return { id: row.id, baseCatalogueId: row.baseCatalogueId, data: row.data as Record<string, unknown>, version: row.version, updatedBy: row.updatedBy, updatedAt: row.updatedAt }
}

/** Every stored draft, last saved first (few: drafts are published or deleted). */
export async function listDrafts(db: Db): Promise<CatalogueDraftSummary[]> {
  const rows = await db
    .selectFrom('catalogueDraft')
    .select(['id', 'baseCatalogueId', 'version', 'updatedAt'])
    .select(sql<string>`coalesce(data->'title'->>'zh', '')`.as('title'))
    .orderBy('updatedAt', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return rows.map((r) => ({ id: r.id, baseCatalogueId: r.baseCatalogueId, title: r.title, version: r.version, updatedAt: r.updatedAt }))
}

export async function findDraft(db: Db, id: number): Promise<CatalogueDraftRecord | undefined> {
  const row = await db.selectFrom('catalogueDraft').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toRecord(row) : undefined
}

export async function insertDraft(db: Db, baseCatalogueId: number | null, data: Record<string, unknown>, by: number, at: Date): Promise<CatalogueDraftRecord> {
  const row = await db
    .insertInto('catalogueDraft')
    .values({ baseCatalogueId, data: JSON.stringify(data), updatedBy: by, updatedAt: at })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toRecord(row)
}

/**
 * The guarded statement of a draft's versioned save (db/versioned-write.ts runs the cycle around
 * it): replaces the content if the draft is still at `expectedVersion`, bumping the version; the
 * new record, or undefined when the version moved (nothing changed).
 */
export async function updateDraft(db: Db, id: number, expectedVersion: number, data: Record<string, unknown>, by: number, at: Date): Promise<CatalogueDraftRecord | undefined> {
  return (await bumpVersion(db, 'catalogueDraft', id, expectedVersion, { data: JSON.stringify(data), updatedBy: by }, at)) ? findDraft(db, id) : undefined
}

/** The guarded statement of a draft's versioned delete: deletes it if it is still at `expectedVersion`; true when a row went. */
export async function deleteDraft(db: Db, id: number, expectedVersion: number): Promise<boolean> {
  const result = await db.deleteFrom('catalogueDraft').where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
