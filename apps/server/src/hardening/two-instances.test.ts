// Several server processes on one database, as the README promises for PostgreSQL: two real
// processes (`leap-server start`) share a fresh database; a session made on one works on the other,
// a write conflict between two writers on different instances is reported (409 with the current
// row), never lost, and the sign-in limit counts failures made on both. On the embedded database
// (PGlite, one process only) what applies is checked instead: a second process on the same
// DATA_DIR is refused with a clear message naming the first, which keeps serving, and a backup is
// taken by the running server through the CLI.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { MAX_FAILURES_PER_ACCOUNT } from '../auth/login-throttle.repository.js'
import { DEMO_PASSWORD } from '../seed/accounts.seed.js'

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const baseUrl = process.env.DATABASE_URL
const CSRF = 'two-instances-csrf-token'
const children: ChildProcess[] = []
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'leap-two-'))

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)))
  fs.rmSync(temp, { recursive: true, force: true })
})

/** Runs `leap-server <args>` (from source) with `env`; resolves when it exits, or when it prints its URL. */
function server(args: string[], env: Record<string, string>): { child: ChildProcess; ready: Promise<string>; exited: Promise<{ code: number | null; output: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? '', HOME: temp, LOG_LEVEL: 'warn', ADMIN_DIST: path.join(temp, 'no-admin'), HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /ready at (http:\/\/[^\s/]+)\//.exec(output)
      if (match) resolve(match[1]!)
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${output.slice(-2000)}`)))
  })
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })))
  ready.catch(() => {})
  return { child, ready, exited }
}

interface Instance {
  url: string
  call(method: 'GET' | 'POST', procedure: string, input?: unknown, session?: string): Promise<{ status: number; body: { result?: { data: unknown }; error?: { data: { httpStatus: number; errorCode?: string; params?: { current?: { version: number; finding: string | null } } } } }; session?: string }>
}

function instance(url: string): Instance {
  return {
    url,
    async call(method, procedure, input, session) {
      const cookie = `leap_csrf=${CSRF}${session ? `; leap_session=${session}` : ''}`
      const res =
        method === 'GET'
          ? await fetch(`${url}/trpc/${procedure}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers: { cookie } })
          : await fetch(`${url}/trpc/${procedure}`, { method: 'POST', headers: { cookie, 'x-csrf-token': CSRF, 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}) })
      const set = res.headers.getSetCookie().find((c) => c.startsWith('leap_session='))
      return { status: res.status, body: (await res.json()) as never, ...(set ? { session: set.slice('leap_session='.length).split(';')[0] } : {}) }
    },
  }
}

async function signIn(on: Instance, username: string): Promise<string> {
  const res = await on.call('POST', 'auth.login', { username, password: DEMO_PASSWORD })
  if (res.status !== 200 || !res.session) throw new Error(`sign-in of ${username} on ${on.url}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.session
}

describe(baseUrl ? 'two server processes on one PostgreSQL database' : 'two server processes on one embedded DATA_DIR', () => {
  it(baseUrl ? 'share sessions, report write conflicts across instances, and count sign-in failures across both' : 'the second is refused naming the first, which keeps serving; a backup is taken by the running server', async () => {
    if (baseUrl) await postgresScenario(baseUrl)
    else await embeddedScenario()
  }, 240_000)
})

async function embeddedScenario(): Promise<void> {
  const dataDir = path.join(temp, 'data')
  const first = server(['start'], { DATA_DIR: dataDir })
  const url = await first.ready
  const second = server(['start'], { DATA_DIR: dataDir })
  const { code, output } = await second.exited
  expect(code).toBe(1)
  expect(output).toContain(`in use by another server process (pid ${first.child.pid})`)
  expect(output).toMatch(/PostgreSQL \(DATABASE_URL\)/)
  // Any other command that would open the database is refused the same way.
  const migrate = await server(['migrate'], { DATA_DIR: dataDir }).exited
  expect(migrate.code).toBe(1)
  expect(migrate.output).toContain('in use by another server process')
  // The first one was not disturbed.
  const health = await fetch(`${url}/healthz`)
  expect(health.status).toBe(200)
  const a = instance(url)
  expect((await a.call('GET', 'auth.me', undefined, await signIn(a, 'admin'))).body.result?.data).toMatchObject({ username: 'admin' })
  // The supported way to copy a running embedded database.
  const backup = await server(['backup', '--out', path.join(temp, 'backup')], { DATA_DIR: dataDir }).exited
  expect(backup.code, backup.output).toBe(0)
  expect(backup.output).toContain('taken by the running server')
  expect(fs.existsSync(path.join(temp, 'backup', 'manifest.json'))).toBe(true)
  const restore = await server(['restore', '--from', path.join(temp, 'backup')], { DATA_DIR: dataDir }).exited
  expect(restore.code).toBe(1)
  expect(restore.output).toContain('stop it, then restore')
}

async function postgresScenario(url: string): Promise<void> {
  const name = `leap_two_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const target = new URL(url)
  target.pathname = `/${name}`
  const env = { DATABASE_URL: target.toString(), SESSION_SECRET: randomBytes(32).toString('hex'), DATA_DIR: path.join(temp, 'unused') }
  try {
    // The first migrates and seeds the empty database; the second starts on it.
    const a = instance(await server(['start'], env).ready)
    const b = instance(await server(['start'], env).ready)

    // A session made on one instance works on the other; signing out on B ends it on A.
    const session = await signIn(a, 'tpe-manager')
    expect((await b.call('GET', 'auth.me', undefined, session)).body.result?.data).toMatchObject({ username: 'tpe-manager' })
    await b.call('POST', 'auth.logout', undefined, session)
    expect((await a.call('GET', 'auth.me', undefined, session)).body.result?.data).toBeNull()

    // One member in two tabs served by different instances, saving the same criterion from the same
    // version at the same time: one is acknowledged, the other told the row moved on; nothing lost.
    const db = new pg.Client({ connectionString: env.DATABASE_URL })
    await db.connect()
    try {
      const { rows } = await db.query<{ id: number; data: { dimensions: { criteria: { code: string; tiers: { id: string }[] }[] }[] } }>(
        `select i.id, c.data from inspection i join branch b on b.id = i.branch_id join round r on r.id = i.round_id join catalogue c on c.id = r.catalogue_id
         where i.status = 'scoring' and b.code = 'TPE' limit 1`,
      )
      const inspection = rows[0]!
      const criteria = inspection.data.dimensions.flatMap((d) => d.criteria).filter((c) => c.tiers.length > 1).slice(0, 6)
      const onA = await signIn(a, 'member3')
      const onB = await signIn(b, 'member3')
      const mine = (await a.call('GET', 'inspection.score.mine', { inspectionId: inspection.id }, onA)).body.result!.data as { criterionCode: string; version: number }[]
      for (const criterion of criteria) {
        const expectedVersion = mine.find((s) => s.criterionCode === criterion.code)?.version ?? 0
        const save = (on: Instance, s: string, finding: string) =>
          on.call('POST', 'inspection.score.save', { inspectionId: inspection.id, criterionCode: criterion.code, tierId: criterion.tiers.at(-1)!.id, finding, expectedVersion }, s)
        const [fromA, fromB] = await Promise.all([save(a, onA, `A:${criterion.code}`), save(b, onB, `B:${criterion.code}`)])
        const statuses = [fromA.status, fromB.status].sort()
        expect(statuses, criterion.code).toEqual([200, 409])
        const winner = fromA.status === 200 ? fromA : fromB
        const loser = fromA.status === 200 ? fromB : fromA
        const acked = winner.body.result!.data as { version: number; finding: string }
        expect(acked.version).toBe(expectedVersion + 1)
        expect(loser.body.error!.data.params?.current).toMatchObject({ version: acked.version, finding: acked.finding })
        const stored = await db.query<{ version: number; finding: string }>(
          `select s.version, s.finding from member_score s join app_user u on u.id = s.member_id where s.inspection_id = $1 and u.username = 'member3' and s.criterion_code = $2`,
          [inspection.id, criterion.code],
        )
        expect(stored.rows[0]).toEqual({ version: acked.version, finding: acked.finding })
      }
    } finally {
      await db.end()
    }

    // The sign-in limit counts failures on both instances together.
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      const on = i % 2 === 0 ? a : b
      const res = await on.call('POST', 'auth.login', { username: 'tpe-staff', password: 'wrong-password-123' })
      expect(res.status, `failure ${i + 1} on ${on.url}`).toBe(401)
    }
    for (const on of [a, b]) {
      const res = await on.call('POST', 'auth.login', { username: 'tpe-staff', password: DEMO_PASSWORD })
      expect(res.status, `after ${MAX_FAILURES_PER_ACCOUNT} failures split over both, ${on.url}`).toBe(429)
    }
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)))
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}
