// Recovery: a backup taken while the server runs, then the data changed and damaged, then a
// restore — every row and every evidence file as at the backup. Embedded (PGlite) mode uses the
// server's own backup/restore; on PostgreSQL (DATABASE_URL) the README's pg_dump/pg_restore
// procedure is what is tested, with the evidence kept in the database.
import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DatabaseHandle } from '../db/client.js'
import type { Database } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'
import { sha256Hex, storeEvidence } from '../remediation/evidence-store.js'
import { insertEvidence } from '../remediation/remediation.repository.js'
import { seedDemo } from '../seed/demo.seed.js'
import {
  acquireDataDirLock,
  backupCommand,
  DataDirInUseError,
  requestBackup,
  restoreCommand,
  startBackupControl,
  verifyBackup,
} from './backup.js'

const pgUrl = process.env.DATABASE_URL
let workDir: string

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leap-backup-'))
})
afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true })
})

/** Every application table's rows, as text, in a stable order: "the data" to compare. */
async function everyRow(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public' order by tablename`.execute(db)
  const out: Record<string, string[]> = {}
  for (const { tablename } of rows) {
    const result = await sql<{ r: string }>`select row_to_json(t)::text as r from ${sql.table(tablename)} t order by 1`.execute(db)
    out[tablename] = result.rows.map((r) => r.r)
  }
  return out
}

/** Adds an evidence file (on disk in embedded mode with a data directory, else in the database). */
async function addEvidence(database: DatabaseHandle, dataDir: string | null, text: string): Promise<number> {
  const item = await database.db.selectFrom('remediationItem').select('id').orderBy('id').executeTakeFirstOrThrow()
  const bytes = Buffer.from(`%PDF-1.7\n${text}\n${randomBytes(2_000).toString('hex')}`)
  const sha256 = sha256Hex(bytes)
  const stored = await storeEvidence(bytes, sha256, { dbKind: database.kind, dataDir })
  const row = await insertEvidence(database.db, { remediationItemId: item.id, filename: `${text}.pdf`, mime: 'application/pdf', size: bytes.length, sha256, ...stored, uploadedBy: null })
  return row.id
}

/** Changes some of everything: a new row, an edited row, a deleted row. */
async function changeData(db: Kysely<Database>): Promise<void> {
  await db.updateTable('appUser').set({ displayName: '備份之後改的名字' }).where('username', '=', 'tpe-staff').execute()
  await db.deleteFrom('auditLog').execute()
  const round = await db.selectFrom('round').select('id').orderBy('id').executeTakeFirstOrThrow()
  await db.insertInto('meeting').values({ roundId: round.id, heldOn: '2025-10-01', title: '備份之後的會議' } as never).execute()
}

describe.sequential('backup and restore', () => {
  it(pgUrl ? 'PostgreSQL: pg_dump while the server runs, change and damage, pg_restore: every row as at the backup' : 'embedded: backup from the running server, change and damage, restore: every row and file as at the backup', async () => {
    if (pgUrl) await postgresScenario(pgUrl)
    else await embeddedScenario()
  }, 300_000)

  it('a damaged backup is refused before anything is replaced', async () => {
    const backup = path.join(workDir, 'damaged')
    fs.mkdirSync(backup)
    fs.writeFileSync(path.join(backup, 'manifest.json'), JSON.stringify({ format: 'leap-embedded-backup/1', database: { file: 'database.tar.gz', sha256: '0'.repeat(64), bytes: 3 }, evidence: [], rows: {} }))
    fs.writeFileSync(path.join(backup, 'database.tar.gz'), 'abc')
    expect(() => verifyBackup(backup)).toThrow(/database\.tar\.gz is damaged/)
    expect(() => verifyBackup(path.join(workDir, 'nothing-here'))).toThrow(/not a backup/)
  })

  it('DATA_DIR is held by one process: a second one is refused naming it, and restore refuses while it runs', async () => {
    const dataDir = path.join(workDir, 'locked')
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    try {
      fs.mkdirSync(dataDir, { recursive: true })
      fs.writeFileSync(path.join(dataDir, 'server.pid'), `${other.pid}\n`)
      expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirInUseError)
      expect(() => acquireDataDirLock(dataDir)).toThrow(new RegExp(`pid ${other.pid}.*stop that server first`))
      await expect(restoreCommand({ DATA_DIR: dataDir }, ['--from', workDir])).rejects.toThrow(/is running on .*stop it, then restore/)
    } finally {
      other.kill()
    }
    await new Promise((resolve) => other.once('exit', resolve))
    // The holder died: its stale lock is taken over.
    const release = acquireDataDirLock(dataDir)
    expect(fs.readFileSync(path.join(dataDir, 'server.pid'), 'utf8').trim()).toBe(String(process.pid))
    release()
    expect(fs.existsSync(path.join(dataDir, 'server.pid'))).toBe(false)
  })

  it('with PostgreSQL the commands point to pg_dump/pg_restore instead of doing something else', async () => {
    const env = { DATABASE_URL: 'postgres://x@127.0.0.1/y', DATA_DIR: workDir }
    await expect(backupCommand(env, ['--out', path.join(workDir, 'x')], () => Promise.reject(new Error('not opened')))).rejects.toThrow(/pg_dump/)
    await expect(restoreCommand(env, ['--from', workDir])).rejects.toThrow(/pg_restore/)
  })
})

async function embeddedScenario(): Promise<void> {
  const dataDir = path.join(workDir, 'data')
  const out = path.join(workDir, 'backup-1')
  fs.mkdirSync(dataDir, { recursive: true })
  fs.writeFileSync(path.join(dataDir, 'session-secret'), `${'s'.repeat(64)}\n`)
  let database = await openDatabase({ dataDir })
  await migrateToLatest(database.db)
  await seedDemo(database.db)
  const evidenceId = await addEvidence(database, dataDir, 'before-backup')
  const control = await startBackupControl(database, dataDir)
  let before: Record<string, string[]>
  try {
    before = await everyRow(database.db)
    // Writes keep arriving while the running server takes the snapshot: it waits for a moment
    // between transactions, so the copy is of one instant.
    let writing = true
    const writer = (async () => {
      let n = 0
      while (writing) {
        await database.db.transaction().execute(async (trx) => {
          await trx.updateTable('appUser').set({ displayName: `寫入中 ${++n}` }).where('username', '=', 'viewer').execute()
        })
        // Like requests, which arrive through I/O: a pure promise loop would starve the socket.
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    const manifest = await requestBackup(dataDir, out)
    writing = false
    await writer
    expect(manifest.evidence.map((e) => e.path)).toHaveLength(1)
    expect(manifest.sessionSecret).toBe(true)
    // The snapshot is of one instant: every table but the one being written equals the rows read before.
    const viewer = (await database.db.selectFrom('appUser').select('displayName').where('username', '=', 'viewer').executeTakeFirstOrThrow()).displayName
    expect(viewer).toMatch(/^寫入中 \d+$/)
    await database.db.updateTable('appUser').set({ displayName: '署本部檢視者' }).where('username', '=', 'viewer').execute()
    // A second request for the same directory is refused: a backup is never overwritten.
    await expect(requestBackup(dataDir, out)).rejects.toThrow(/already exists/)

    await changeData(database.db)
    await addEvidence(database, dataDir, 'after-backup')
  } finally {
    await control.close()
    await database.close()
  }

  // Damage: a file of the database and an evidence file overwritten, the session secret lost.
  const stored = (before.evidence_file ?? []).map((r) => JSON.parse(r) as { id: number; path: string })
  const evidencePath = path.join(dataDir, stored.find((e) => e.id === evidenceId)!.path)
  const original = fs.readFileSync(evidencePath)
  fs.writeFileSync(evidencePath, 'not the file any more')
  fs.rmSync(path.join(dataDir, 'session-secret'))
  const relations = fs.readdirSync(path.join(dataDir, 'pglite', 'base'))
  const damaged = path.join(dataDir, 'pglite', 'base', relations[relations.length - 1]!)
  for (const f of fs.readdirSync(damaged).filter((f) => /^\d+$/.test(f)).slice(0, 40)) fs.writeFileSync(path.join(damaged, f), Buffer.alloc(8192, 0xff))

  const summary = await restoreCommand({ DATA_DIR: dataDir }, ['--from', out])
  expect(summary).toMatch(/every table's row count matches/)

  database = await openDatabase({ dataDir })
  try {
    const after = await everyRow(database.db)
    // The viewer's name was being rewritten during the snapshot: its value is whichever write came last before it.
    const withoutViewer = (rows: Record<string, string[]>) => ({ ...rows, app_user: rows.app_user!.filter((r) => !r.includes('"username":"viewer"')) })
    expect(withoutViewer(after)).toEqual(withoutViewer(before))
    expect(after.app_user!.find((r) => r.includes('"username":"viewer"'))).toMatch(/寫入中 \d+|署本部檢視者/)
    expect(fs.readFileSync(evidencePath)).toEqual(original)
    expect(fs.readFileSync(path.join(dataDir, 'session-secret'), 'utf8').trim()).toBe('s'.repeat(64))
  } finally {
    await database.close()
  }
}

async function postgresScenario(url: string): Promise<void> {
  const name = `leap_backup_${randomBytes(5).toString('hex')}`
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query(statement)
    await client.end()
  }
  await admin(`create database ${name}`)
  const target = new URL(url)
  target.pathname = `/${name}`
  const dbUrl = target.toString()
  const dump = path.join(workDir, `${name}.dump`)
  try {
    let database = await openDatabase({ databaseUrl: dbUrl })
    let before: Record<string, string[]>
    try {
      await migrateToLatest(database.db)
      await seedDemo(database.db)
      await addEvidence(database, null, 'before-backup')
      before = await everyRow(database.db)
      // The README's command, while the server would be running: pg_dump reads one consistent snapshot.
      execFileSync('pg_dump', ['--format=custom', `--file=${dump}`, dbUrl], { stdio: 'pipe' })
      await changeData(database.db)
      await addEvidence(database, null, 'after-backup')
      // Damage: evidence bytes overwritten, a table emptied.
      await database.db.updateTable('evidenceFile').set({ content: Buffer.from('garbage') }).execute()
      await database.db.deleteFrom('notification' as never).execute().catch(() => {})
      await database.db.deleteFrom('loginAttempt').execute()
    } finally {
      await database.close()
    }
    // The README's restore: servers stopped, database recreated, pg_restore.
    await admin(`drop database ${name} with (force)`)
    await admin(`create database ${name}`)
    execFileSync('pg_restore', ['--no-owner', `--dbname=${dbUrl}`, dump], { stdio: 'pipe' })
    database = await openDatabase({ databaseUrl: dbUrl })
    try {
      expect(await everyRow(database.db)).toEqual(before)
    } finally {
      await database.close()
    }
  } finally {
    await admin(`drop database if exists ${name} with (force)`)
  }
}
