import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import pg from 'pg'
import type { Database } from './database.js'

export type DatabaseKind = 'pglite' | 'postgres'

export interface DatabaseHandle {
  db: Kysely<Database>
  kind: DatabaseKind
  /** Resolves true when a trivial query succeeds within the timeout. Never throws. */
  ping(timeoutMs?: number): Promise<boolean>
  close(): Promise<void>
  /** The embedded database itself (PGlite only): the backup takes its snapshot from it (cli/backup.ts). */
  embedded?: PGlite
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent an embedded PGlite database is used. */
  databaseUrl?: string | undefined
  /** Directory for PGlite data; `undefined` with no URL means in-memory (tests). */
  dataDir?: string | undefined
}

/** Opens PostgreSQL when a URL is given, otherwise embedded PGlite (on disk under dataDir, or in memory). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 20, connectionTimeoutMillis: 5_000 })
    // An idle client that loses its server emits 'error'; without a listener node would crash.
    pool.on('error', () => {})
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [camelCase()] })
    return { db, kind: 'postgres', ping: (t) => ping(db, t), close: () => db.destroy() }
  }
  let pglite: PGlite
  if (options.dataDir) {
    const dir = path.join(options.dataDir, 'pglite')
    fs.mkdirSync(dir, { recursive: true })
    pglite = new PGlite(dir)
  } else {
    pglite = new PGlite()
  }
  await pglite.waitReady
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), plugins: [camelCase()] })
  return { db, kind: 'pglite', ping: (t) => ping(db, t), close: () => db.destroy(), embedded: pglite }
}

/**
 * snake_case columns ↔ camelCase properties. Keys inside jsonb values are left as stored: every
 * jsonb payload (catalogue data, dimension totals, audit before/after, indicator components) is
 * written from camelCase JavaScript objects, so re-keying them on read was pure cost (a catalogue is
 * ~17 KB of nested keys) — and it would rewrite a key that is data (e.g. one holding `_`).
 */
function camelCase(): CamelCasePlugin {
  return new CamelCaseColumns({ maintainNestedObjectKeys: true })
}

/**
 * Kysely's CamelCasePlugin with a leaner row mapper for our setting (nested keys kept): one loop
 * re-keying the columns, where the stock mapper reduces over `Object.keys` and copies every array
 * value (jsonb arrays included) even when it maps nothing inside. Same keys, same values.
 */
class CamelCaseColumns extends CamelCasePlugin {
  protected override mapRow(row: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const key in row) out[this.camelCase(key)] = row[key]
    return out
  }
}

async function ping(db: Kysely<Database>, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs)
  })
  try {
    return await Promise.race([sql`select 1`.execute(db).then(() => true), timeout])
  } catch {
    return false
  } finally {
    clearTimeout(timer)
  }
}
