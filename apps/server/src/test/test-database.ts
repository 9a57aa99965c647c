import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { openDatabase, type DatabaseHandle } from '../db/client.js'
import { migrateToLatest } from '../db/migrate.js'

/**
 * A migrated database for one test file: in-memory PGlite by default; with DATABASE_URL set,
 * a fresh PostgreSQL database created beside the given one and dropped by `close()`.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL
  if (!url) {
    const handle = await openDatabase({})
    await migrateToLatest(handle.db)
    return handle
  }
  const name = `leap_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const target = new URL(url)
  target.pathname = `/${name}`
  const handle = await openDatabase({ databaseUrl: target.toString() })
  await migrateToLatest(handle.db)
  return {
    ...handle,
    async close() {
      await handle.close()
      const dropper = new pg.Client({ connectionString: url })
      await dropper.connect()
      await dropper.query(`drop database if exists ${name} with (force)`)
      await dropper.end()
    },
  }
}

/** Empties every application table (keeps the migration bookkeeping) so tests start clean. */
export async function resetDatabase(handle: DatabaseHandle): Promise<void> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_tables
    where schemaname = 'public' and tablename not like 'kysely_%'`.execute(handle.db)
  if (rows.length === 0) return
  const list = rows.map((r) => `"${r.tablename}"`).join(', ')
  await sql.raw(`truncate ${list} restart identity cascade`).execute(handle.db)
}

/**
 * The one database set-up of a server test file: a migrated database opened before the file's
 * tests (PGlite, or a fresh PostgreSQL database with DATABASE_URL) and closed after them,
 * emptied before each test unless `reset: 'never'` (files that build one world in `beforeAll`).
 * Returns a handle usable wherever a `DatabaseHandle` is (`handle.db`, `callerFor(handle, …)`);
 * reading it before `beforeAll` ran throws.
 *
 * ```ts
 * const database = useTestDatabase()
 * it('…', async () => { await callerFor(database, users.admin).user.list() })
 * ```
 */
export function useTestDatabase(options: { reset?: 'each' | 'never' } = {}): DatabaseHandle {
  let handle: DatabaseHandle | undefined
  const current = (): DatabaseHandle => {
    if (!handle) throw new Error('the test database opens in beforeAll: use it inside hooks and tests')
    return handle
  }
  beforeAll(async () => {
    handle = await createTestDatabase()
  })
  afterAll(async () => {
    await handle?.close()
  })
  if (options.reset !== 'never') {
    beforeEach(async () => {
      await resetDatabase(current())
    })
  }
  return {
    get db() {
      return current().db
    },
    get kind() {
      return current().kind
    },
    get embedded() {
      return current().embedded
    },
    ping: (timeoutMs) => current().ping(timeoutMs),
    close: () => current().close(),
  }
}
