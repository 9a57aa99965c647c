import type { Kysely } from 'kysely'
import type { Database } from './database.js'

/** The tables whose rows carry an `id`, a `version` and an `updatedAt` (a client edits them by version). */
export type VersionedTable = {
  [T in keyof Database]: Database[T] extends { id: unknown; version: unknown; updatedAt: unknown } ? T : never
}[keyof Database]

/** How the guarded statement sees any versioned table: the three columns it tests and sets. */
type VersionColumns = Record<string, { id: number; version: number; updatedAt: Date }>

/**
 * The guarded statement of a versioned update, for any versioned table: sets `values` (column →
 * value, as the repository prepared them), bumps `version` and sets `updatedAt`, only while the
 * row's version is still `expectedVersion`. True when the row changed; false when the version was
 * stale or the row is gone (then nothing changed). The repository re-reads the row it returns.
 *
 * @example await bumpVersion(db, 'petition', id, expectedVersion, change, now) ? findPetition(db, id) : undefined
 */
export async function bumpVersion(db: Kysely<Database>, table: VersionedTable, id: number, expectedVersion: number, values: object, at: Date): Promise<boolean> {
  const loose = db as unknown as Kysely<VersionColumns>
  const updated = await loose
    .updateTable(table)
    .set((eb) => ({ ...(values as Record<string, never>), version: eb('version', '+', 1), updatedAt: at }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('id')
    .executeTakeFirst()
  return updated !== undefined
}
