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

/** Tables of one row per key (a user's preferences, a setting) written by version. */
export type KeyedVersionedTable = 'notificationPreference' | 'appSetting'

/**
 * The versioned write of a row kept per key: with `expectedVersion` 0 (nothing stored yet) it
 * inserts the row at version 1, unless one appeared meanwhile; otherwise it sets `values`, bumps
 * `version` and sets `updatedAt` while the row's version is still `expectedVersion`. Returns the
 * new version, or null when stale (someone wrote it since it was read; nothing changed).
 *
 * @example await writeKeyed(db, 'appSetting', { column: 'key', value: key }, expectedVersion, { value }, now)
 */
export async function writeKeyed(
  db: Kysely<Database>,
  table: KeyedVersionedTable,
  key: { column: 'userId' | 'key'; value: number | string },
  expectedVersion: number,
  values: object,
  at: Date,
): Promise<number | null> {
  const loose = db as unknown as Kysely<Record<string, { version: number; updatedAt: Date; userId?: number; key?: string }>>
  const set = values as Record<string, never>
  const row =
    expectedVersion === 0
      ? await loose
          .insertInto(table)
          .values({ ...set, [key.column]: key.value as never, version: 1, updatedAt: at })
          .onConflict((oc) => oc.column(key.column).doNothing())
          .returning('version')
          .executeTakeFirst()
      : await loose
          .updateTable(table)
          .set((eb) => ({ ...set, version: eb('version', '+', 1), updatedAt: at }))
          .where(key.column, '=', key.value as never)
          .where('version', '=', expectedVersion)
          .returning('version')
          .executeTakeFirst()
  return row?.version ?? null
}
