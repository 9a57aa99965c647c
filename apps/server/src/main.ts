import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadSessionSecret } from './auth/session-secret.js'
import { acquireDataDirLock, backupCommand, restoreCommand, startBackupControl } from './cli/backup.js'
import { demoLoginsTable } from './cli/demo-logins.js'
import { readPassword } from './cli/read-password.js'
import { createUserFromCli } from './cli/user-create.js'
import { openDatabase } from './db/client.js'
import { migrateToLatest } from './db/migrate.js'
import { readEnv } from './env.js'
import { buildApp } from './http/app.js'
import { startScheduledJobs } from './jobs/scheduled-jobs.js'
import { kaiFontProblem, reportFontSource } from './report/report-font.js'
import { isEmpty, seedDemo } from './seed/demo.seed.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const usage = `usage: leap-server <command>
  start          migrate, load demo data into an empty database, serve (prints the URL and demo logins)
  migrate        apply pending migrations
  seed --demo    load the demo data set (branches, units, demo accounts, …)
  user create --username NAME --name DISPLAY_NAME --role admin|viewer|manager|staff|committee [--branch TPE] [--email ADDRESS]
                 add a user; the password comes from LEAP_PASSWORD or the first line of stdin
                 (typed without echo on a terminal), at least 10 characters
  backup --out DIR   embedded database only: a consistent copy of the database, evidence files and
                 session secret into DIR (new); taken by the running server when one runs on DATA_DIR
  restore --from DIR embedded database only, server stopped: replace DATA_DIR's data with a backup
                 (what it replaces is kept beside it). With PostgreSQL use pg_dump/pg_restore (README)`

async function main(argv: string[]): Promise<void> {
  const env = readEnv()
  const [command = 'start', ...rest] = argv
  if (!['start', 'migrate', 'seed', 'user', 'backup', 'restore'].includes(command)) {
    console.error(usage)
    process.exitCode = 2
    return
  }
  // Refuse to start before touching anything when PostgreSQL has no shared secret.
  const sessionSecret = command === 'start' ? loadSessionSecret(env) : null
  if (command === 'backup' || command === 'restore') {
    console.log(command === 'backup' ? await backupCommand(env, rest, (dataDir) => openDatabase({ dataDir })) : await restoreCommand(env, rest))
    return
  }
  // The embedded database allows one process: a second one on the same DATA_DIR is refused, naming the first.
  if (!env.DATABASE_URL) acquireDataDirLock(env.DATA_DIR)
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR })
  try {
    if (command === 'migrate') {
      const applied = await migrateToLatest(database.db)
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
      await database.close()
      return
    }
    if (command === 'seed') {
      if (!rest.includes('--demo')) throw new Error('seed needs --demo')
      await migrateToLatest(database.db)
      console.log(await seedDemo(database.db))
      await database.close()
      return
    }
    if (command === 'user') {
      const [sub, ...args] = rest
      if (sub !== 'create') throw new Error(usage)
      await migrateToLatest(database.db)
      const password = env.LEAP_PASSWORD ?? (await readPassword('Password (at least 10 characters): '))
      console.log(await createUserFromCli(database.db, args, password))
      await database.close()
      return
    }
    await migrateToLatest(database.db)
    if (await isEmpty(database.db)) await seedDemo(database.db)
    const adminDist = env.ADMIN_DIST ?? path.resolve(here, '../../admin/dist')
    const app = await buildApp({
      database,
      adminDist,
      logLevel: env.LOG_LEVEL,
      sessionSecret: sessionSecret!,
      trustProxy: env.TRUST_PROXY,
      dataDir: database.kind === 'pglite' ? env.DATA_DIR : null,
      sessionLifetimes: { idleMs: env.SESSION_IDLE_MINUTES * 60_000, absoluteMs: env.SESSION_MAX_HOURS * 3_600_000 },
      reportFont: reportFontSource(env),
    })
    // Without a Kai font every document download answers 503: say so now, with the fix, not at the first download.
    const fontProblem = kaiFontProblem(reportFontSource(env))
    if (fontProblem) app.log.warn({ fix: fontProblem }, 'no Kai font: document downloads answer 503')
    const address = await app.listen({ port: env.PORT, host: env.HOST })
    // `leap-server backup` asks this process for a consistent snapshot (embedded database only).
    const backups = database.kind === 'pglite' ? await startBackupControl(database, env.DATA_DIR) : null
    // Daily deadline notifications and e-mail digests; safe on every instance (claims live in the database).
    const jobs = startScheduledJobs(env, database, (level, message, detail) => app.log[level](detail ?? {}, message))
    const shutdown = async () => {
      await jobs.stop()
      await backups?.close()
      await app.close()
      await database.close()
      process.exit(0)
    }
    process.once('SIGINT', shutdown)
    process.once('SIGTERM', shutdown)
    const logins = await demoLoginsTable(database.db)
    console.log(
      `\n服務躍升考核系統 ready at ${address}/  (database: ${database.kind}${database.kind === 'pglite' ? `, data in ${env.DATA_DIR}` : ''})\n` +
        (logins ? `\n${logins}\n` : '') +
        `\n通知信 (e-mail digests): ${jobs.mailEnabled ? `on, daily from ${env.DIGEST_HOUR}:00 Asia/Taipei` : 'off (set SMTP_URL and MAIL_FROM to send them)'}\n` +
        (fontProblem ? `\n警告 (warning): ${fontProblem}\n` : ''),
    )
  } catch (error) {
    await database.close().catch(() => {})
    throw error
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
