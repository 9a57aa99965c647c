import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { DatabaseKind } from '../db/client.js'

/** What every procedure sees. Pure: tests build it directly with `createContextInner`. */
export interface Context {
  db: Kysely<Database>
  dbKind: DatabaseKind
}

export function createContextInner(opts: Context): Context {
  return { db: opts.db, dbKind: opts.dbKind }
}
