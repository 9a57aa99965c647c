import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { sql, type Kysely } from 'kysely'
import type { DatabaseHandle } from '../db/client.js'

/**
 * Backup and restore of the embedded database (PGlite), evidence files and session secret.
 *
 * PGlite runs inside one process, so a second process must never open DATA_DIR while the server
 * has it. The server therefore takes the snapshot itself when asked: `leap-server backup --out DIR`
 * finds the running server through DATA_DIR/server.pid and asks it over a Unix socket
 * (DATA_DIR/control.sock, mode 0600, plus a token in DATA_DIR/control-token readable only by the
 * server's OS user — the same user who may read the data files anyway). The server waits until no
 * transaction is open (it holds the one connection), checkpoints, and dumps the data directory; the
 * evidence files named by the rows of that moment are copied beside it. With no server running the
 * command opens DATA_DIR itself. `restore --from DIR` refuses while the server runs.
 *
 * A backup is a directory: `manifest.json` (format, time, row counts per table, SHA-256 of every
 * file), `database.tar.gz` (PGlite's data directory), `evidence/<sha256>` and `session-secret`.
 */

export const BACKUP_FORMAT = 'leap-embedded-backup/1'
const DATABASE_FILE = 'database.tar.gz'
const SECRET_FILE = 'session-secret'

export interface BackupManifest {
  format: typeof BACKUP_FORMAT
  createdAt: string
  database: { file: string; sha256: string; bytes: number }
  evidence: { path: string; sha256: string; bytes: number }[]
  sessionSecret: boolean
  /** Rows per application table at the moment of the snapshot: checked again after a restore. */
  rows: Record<string, number>
}

/** Thrown when DATA_DIR is held by a live server process. */
export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(
      `DATA_DIR ${dataDir} is in use by another server process (pid ${pid}). The embedded database (PGlite) ` +
        'allows one process at a time: stop that server first, or run several instances on PostgreSQL (DATABASE_URL).',
    )
    this.name = 'DataDirInUseError'
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const lockPath = (dataDir: string) => path.join(dataDir, 'server.pid')
export const controlSocketPath = (dataDir: string) => path.join(dataDir, 'control.sock')
const tokenPath = (dataDir: string) => path.join(dataDir, 'control-token')

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The pid of the live process holding DATA_DIR, or null (no lock, or a stale one). */
export function dataDirOwner(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(lockPath(dataDir), 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : null
  } catch {
    return null
  }
}

/**
 * Claims DATA_DIR for this process (DATA_DIR/server.pid), or throws DataDirInUseError naming the
 * live process that holds it. A lock left by a process that died is taken over. Returns the release.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = lockPath(dataDir)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 })
      const release = () => {
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file)
        } catch {
          // already gone
        }
      }
      process.once('exit', release)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = dataDirOwner(dataDir)
      if (owner) throw new DataDirInUseError(dataDir, owner)
      fs.rmSync(file, { force: true })
    }
  }
  throw new Error(`could not claim ${file}`)
}

async function countRows(db: Kysely<unknown>): Promise<Record<string, number>> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_%' order by tablename`.execute(db)
  const out: Record<string, number> = {}
  for (const { tablename } of rows) {
    const result = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(tablename)}`.execute(db)
    out[tablename] = Number(result.rows[0]!.n)
  }
  return out
}

/**
 * Writes a consistent backup of the embedded database to `outDir` (which must not exist): waits for
 * the one connection (so no transaction is open), checkpoints and dumps the data directory, lists
 * the evidence files the rows name, then copies those files (content-addressed, never rewritten)
 * and the session secret, checking each file's SHA-256. Written under a temporary name and renamed
 * at the end, so a directory named `outDir` is always a complete backup.
 */
export async function snapshotEmbedded(database: DatabaseHandle, dataDir: string, outDir: string): Promise<BackupManifest> {
  const pglite = database.embedded
  if (database.kind !== 'pglite' || !pglite) throw new Error('backup is for the embedded database; with PostgreSQL use pg_dump (README "Running on PostgreSQL")')
  const target = path.resolve(outDir)
  if (fs.existsSync(target)) throw new Error(`${target} already exists: give a new directory for the backup`)
  const snapshot = await database.db.connection().execute(async (conn) => {
    await sql`checkpoint`.execute(conn)
    const rows = await countRows(conn as unknown as Kysely<unknown>)
    const files = await sql<{ path: string; sha256: string }>`
      select distinct path, sha256 from evidence_file where storage = 'disk' and path is not null order by path`.execute(conn)
    const dump = await pglite.dumpDataDir('gzip')
    return { rows, files: files.rows, tar: new Uint8Array(await dump.arrayBuffer()) }
  })

  const partial = `${target}.partial-${randomBytes(4).toString('hex')}`
  fs.mkdirSync(partial, { recursive: true, mode: 0o700 })
  try {
    fs.writeFileSync(path.join(partial, DATABASE_FILE), snapshot.tar, { mode: 0o600 })
    const evidence: BackupManifest['evidence'] = []
    for (const file of snapshot.files) {
      const bytes = fs.readFileSync(path.join(dataDir, file.path))
      const digest = sha256(bytes)
      if (digest !== file.sha256) throw new Error(`evidence file ${file.path} does not match its recorded SHA-256: the backup stops here`)
      fs.mkdirSync(path.dirname(path.join(partial, file.path)), { recursive: true })
      fs.writeFileSync(path.join(partial, file.path), bytes, { mode: 0o600 })
      evidence.push({ path: file.path, sha256: digest, bytes: bytes.length })
    }
    const secret = path.join(dataDir, SECRET_FILE)
    const hasSecret = fs.existsSync(secret)
    if (hasSecret) fs.copyFileSync(secret, path.join(partial, SECRET_FILE))
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      database: { file: DATABASE_FILE, sha256: sha256(snapshot.tar), bytes: snapshot.tar.length },
      evidence,
      sessionSecret: hasSecret,
      rows: snapshot.rows,
    }
    fs.writeFileSync(path.join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 })
    fs.renameSync(partial, target)
    return manifest
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true })
    throw error
  }
}

/**
 * Serves backup requests of `leap-server backup` on DATA_DIR/control.sock while the server runs
 * (embedded database only). A request is one JSON line `{ token, command: 'backup', out }`; the
 * answer one JSON line `{ ok: true, manifest }` or `{ ok: false, error }`.
 */
export async function startBackupControl(database: DatabaseHandle, dataDir: string): Promise<{ close(): Promise<void> }> {
  const socketPath = controlSocketPath(dataDir)
  const token = randomBytes(32).toString('hex')
  fs.writeFileSync(tokenPath(dataDir), `${token}\n`, { mode: 0o600 })
  fs.rmSync(socketPath, { force: true })
  const server = net.createServer((socket) => {
    let buffer = ''
    socket.setEncoding('utf8')
    socket.on('error', () => {})
    socket.on('data', (chunk: string) => {
      buffer += chunk
      if (buffer.length > 10_000) return void socket.destroy()
      const newline = buffer.indexOf('\n')
      if (newline < 0) return
      const answer = (body: unknown) => socket.end(`${JSON.stringify(body)}\n`)
      let request: { token?: unknown; command?: unknown; out?: unknown }
      try {
        request = JSON.parse(buffer.slice(0, newline)) as typeof request
      } catch {
        return void answer({ ok: false, error: 'request is not JSON' })
      }
      if (typeof request.token !== 'string' || request.token.length !== token.length || !safeEqual(request.token, token)) {
        return void answer({ ok: false, error: 'wrong control token' })
      }
      if (request.command !== 'backup' || typeof request.out !== 'string' || !path.isAbsolute(request.out)) {
        return void answer({ ok: false, error: 'expected { command: "backup", out: <absolute path> }' })
      }
      snapshotEmbedded(database, dataDir, request.out).then(
        (manifest) => answer({ ok: true, manifest }),
        (error: unknown) => answer({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      )
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(socketPath, () => resolve())
  })
  fs.chmodSync(socketPath, 0o600)
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        fs.rmSync(socketPath, { force: true })
        fs.rmSync(tokenPath(dataDir), { force: true })
      }),
  }
}

function safeEqual(a: string, b: string): boolean {
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/** Asks the server running on `dataDir` for a backup into `outDir` (see startBackupControl). */
export async function requestBackup(dataDir: string, outDir: string, timeoutMs = 600_000): Promise<BackupManifest> {
  let token: string
  try {
    token = fs.readFileSync(tokenPath(dataDir), 'utf8').trim()
  } catch {
    throw new Error(`the server on ${dataDir} offers no backup socket (${tokenPath(dataDir)} missing): is it a version without backup? Stop it and run backup again.`)
  }
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(controlSocketPath(dataDir))
    let buffer = ''
    const timer = setTimeout(() => socket.destroy(new Error('the server did not answer the backup request in time')), timeoutMs)
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write(`${JSON.stringify({ token, command: 'backup', out: path.resolve(outDir) })}\n`))
    socket.on('data', (chunk: string) => (buffer += chunk))
    socket.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    socket.on('end', () => {
      clearTimeout(timer)
      try {
        const answer = JSON.parse(buffer) as { ok: boolean; manifest?: BackupManifest; error?: string }
        if (answer.ok && answer.manifest) resolve(answer.manifest)
        else reject(new Error(`backup refused by the server: ${answer.error ?? 'no reason given'}`))
      } catch {
        reject(new Error('the server answered the backup request with something unreadable'))
      }
    })
  })
}

/** Reads and checks a backup directory: its manifest and the SHA-256 of every file it lists. */
export function verifyBackup(fromDir: string): BackupManifest {
  const dir = path.resolve(fromDir)
  let manifest: BackupManifest
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BackupManifest
  } catch {
    throw new Error(`${dir} is not a backup: no readable manifest.json`)
  }
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`${dir}: unknown backup format ${String(manifest.format)}`)
  const check = (file: string, expected: string) => {
    const full = path.join(dir, file)
    if (!fs.existsSync(full)) throw new Error(`${dir}: ${file} is missing`)
    if (sha256(fs.readFileSync(full)) !== expected) throw new Error(`${dir}: ${file} is damaged (SHA-256 differs from the manifest)`)
  }
  check(manifest.database.file, manifest.database.sha256)
  for (const file of manifest.evidence) check(file.path, file.sha256)
  return manifest
}

/**
 * Replaces DATA_DIR's database, evidence files and session secret with a backup's, after checking
 * every file of the backup. Refuses while a server holds DATA_DIR. What it replaces is kept beside
 * (`*.before-restore-<time>`) and put back if the restore fails; after the load the row counts
 * must equal the manifest's.
 */
export async function restoreEmbedded(dataDir: string, fromDir: string): Promise<{ manifest: BackupManifest; keptAside: string[] }> {
  const manifest = verifyBackup(fromDir)
  const release = acquireDataDirLock(dataDir)
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const moved: { from: string; to: string }[] = []
  const moveAside = (name: string) => {
    const from = path.join(dataDir, name)
    if (!fs.existsSync(from)) return
    const to = path.join(dataDir, `${name}.before-restore-${stamp}`)
    fs.renameSync(from, to)
    moved.push({ from, to })
  }
  try {
    moveAside('pglite')
    moveAside('evidence')
    moveAside(SECRET_FILE)
    const tar = fs.readFileSync(path.join(fromDir, manifest.database.file))
    const pglite = new PGlite(path.join(dataDir, 'pglite'), { loadDataDir: new Blob([tar]) })
    await pglite.waitReady
    try {
      const { Kysely } = await import('kysely')
      const { PGliteDialect } = await import('kysely-pglite-dialect')
      const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) })
      const rows = await countRows(db)
      for (const [table, n] of Object.entries(manifest.rows)) {
        if (rows[table] !== n) throw new Error(`restored table ${table} has ${rows[table] ?? 'no'} rows, the backup ${n}`)
      }
    } finally {
      await pglite.close()
    }
    for (const file of manifest.evidence) {
      const target = path.join(dataDir, file.path)
      fs.mkdirSync(path.dirname(target), { recursive: true })
      fs.copyFileSync(path.join(fromDir, file.path), target)
    }
    if (manifest.sessionSecret) fs.copyFileSync(path.join(fromDir, SECRET_FILE), path.join(dataDir, SECRET_FILE))
    return { manifest, keptAside: moved.map((m) => m.to) }
  } catch (error) {
    for (const name of ['pglite', 'evidence', SECRET_FILE]) {
      if (moved.some((m) => m.from === path.join(dataDir, name))) fs.rmSync(path.join(dataDir, name), { recursive: true, force: true })
    }
    for (const m of moved.reverse()) fs.renameSync(m.to, m.from)
    throw error
  } finally {
    release()
  }
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

/**
 * `leap-server backup --out DIR`: asks the running server for a snapshot, or takes one itself when
 * no server holds DATA_DIR. Returns the summary to print.
 */
export async function backupCommand(
  env: { DATABASE_URL?: string | undefined; DATA_DIR: string },
  args: string[],
  open: (dataDir: string) => Promise<DatabaseHandle>,
): Promise<string> {
  if (env.DATABASE_URL) throw new Error('backup is for the embedded database. With PostgreSQL use pg_dump and keep SESSION_SECRET (README "Running on PostgreSQL").')
  const out = option(args, '--out')
  if (!out) throw new Error('backup needs --out DIR (a directory that does not exist yet)')
  const target = path.resolve(out)
  let manifest: BackupManifest
  let how: string
  if (dataDirOwner(env.DATA_DIR)) {
    manifest = await requestBackup(env.DATA_DIR, target)
    how = 'taken by the running server'
  } else {
    const release = acquireDataDirLock(env.DATA_DIR)
    try {
      const database = await open(env.DATA_DIR)
      try {
        manifest = await snapshotEmbedded(database, env.DATA_DIR, target)
      } finally {
        await database.close()
      }
    } finally {
      release()
    }
    how = 'no server was running'
  }
  const rows = Object.values(manifest.rows).reduce((a, b) => a + b, 0)
  return `backup written to ${target} (${how}): ${rows} rows in ${Object.keys(manifest.rows).length} tables, ${manifest.evidence.length} evidence files${manifest.sessionSecret ? ', session secret' : ''}`
}

/** `leap-server restore --from DIR`: refuses while a server runs on DATA_DIR. */
export async function restoreCommand(env: { DATABASE_URL?: string | undefined; DATA_DIR: string }, args: string[]): Promise<string> {
  if (env.DATABASE_URL) throw new Error('restore is for the embedded database. With PostgreSQL use pg_restore (README "Running on PostgreSQL").')
  const from = option(args, '--from')
  if (!from) throw new Error('restore needs --from DIR (a directory written by backup)')
  const owner = dataDirOwner(env.DATA_DIR)
  if (owner) throw new Error(`the server (pid ${owner}) is running on ${env.DATA_DIR}: stop it, then restore (a running server would keep the old data)`)
  const { manifest, keptAside } = await restoreEmbedded(env.DATA_DIR, path.resolve(from))
  return (
    `restored ${env.DATA_DIR} from the backup of ${manifest.createdAt}: every table's row count matches, ${manifest.evidence.length} evidence files` +
    (keptAside.length ? `\nthe replaced data is kept in: ${keptAside.join(', ')}` : '')
  )
}
