import type { IsoDate, ObjectionFinding } from '@leap/domain'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Period } from './indicator.repository.js'

type Db = Kysely<Database>

/** One objection (聲明異議) as stored. */
export interface Objection {
  id: number
  branchId: number
  receivedOn: IsoDate
  finding: ObjectionFinding | null
  correctedOn: IsoDate | null
  forwardedOn: IsoDate | null
  decidedOn: IsoDate | null
  subject: string
  /** Bumped by every correction; pass it back as `expectedVersion`. */
  version: number
}

export type NewObjection = Omit<Objection, 'id' | 'version'> & { createdBy: number | null }
/** What a correction may change (the branch never changes). */
export type ObjectionChange = Partial<Omit<Objection, 'id' | 'branchId' | 'version'>>

function selectObjections(db: Db) {
  return db
    .selectFrom('objection')
    .select([
      'id',
      'branchId',
      sql<string>`to_char(received_on, 'YYYY-MM-DD')`.as('receivedOn'),
      sql<ObjectionFinding | null>`finding`.as('finding'),
      sql<string | null>`to_char(corrected_on, 'YYYY-MM-DD')`.as('correctedOn'),
      sql<string | null>`to_char(forwarded_on, 'YYYY-MM-DD')`.as('forwardedOn'),
      sql<string | null>`to_char(decided_on, 'YYYY-MM-DD')`.as('decidedOn'),
      'subject',
      'version',
    ])
}

/** Objections of the branch received in the period, by date received. */
export async function listObjections(db: Db, branchId: number, period: Period): Promise<Objection[]> {
  return selectObjections(db)
    .where('branchId', '=', branchId)
    .where('receivedOn', '>=', period.from)
    .where('receivedOn', '<=', period.to)
    .orderBy('receivedOn')
    .orderBy('id')
    .execute()
}

/** One objection by id, whatever its branch (callers check visibility); undefined when missing. */
export async function findObjection(db: Db, id: number): Promise<Objection | undefined> {
  return selectObjections(db).where('id', '=', id).executeTakeFirst()
}

export async function insertObjections(db: Db, rows: readonly NewObjection[]): Promise<number[]> {
  if (rows.length === 0) return []
  const result = await db.insertInto('objection').values(rows).returning('id').execute()
  return result.map((r) => r.id)
}

/**
 * Applies `change` if the version is still `expectedVersion`, bumping it. Returns the row as
 * stored afterwards, or undefined when the version was stale or the row is gone.
 */
export async function updateObjection(db: Db, id: number, expectedVersion: number, change: ObjectionChange, at: Date): Promise<Objection | undefined> {
  const updated = await db
    .updateTable('objection')
    .set((eb) => ({ ...change, version: eb('version', '+', 1), updatedAt: at }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('id')
    .executeTakeFirst()
  return updated ? findObjection(db, id) : undefined
}

/** Deletes the objection if its version is still `expectedVersion`; true when a row went. */
export async function deleteObjection(db: Db, id: number, expectedVersion: number): Promise<boolean> {
  const result = await db.deleteFrom('objection').where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
