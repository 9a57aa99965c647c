// Faults, one command: `pnpm --filter @leap/bench faults` (about 3–5 minutes).
//  1. kill -9 the server (PostgreSQL) during a burst of member scores, full consensus sheets and
//     remediation progress reports; restart; every acknowledged write is there and no sheet or
//     item is half-written (22 consensus rows of one version, or none; every committed change
//     has its audit entry/event and nothing more). Three cycles.
//  2. Stop PostgreSQL for a few seconds under load: /healthz and API calls answer 503 meanwhile, the process
//     stays up, and it serves again by itself once PostgreSQL is back. PostgreSQL is always
//     started again, even when the run fails or is interrupted.
//  3. The embedded PGlite data directory after kill -9 during writes: does it open again, with
//     every acknowledged write? Five cycles.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SERVICE_LEAP_V2 } from '@leap/domain'
import pg from 'pg'
import { createScratchDatabase, dropScratchDatabase } from './postgres.js'
import { appendResult, LONG_RUNS_DIR, startResults, type BenchResult } from './results.js'
import { signIn, startServer, type ServerProcess, type Session } from './server-process.js'

const criteria = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria)
const PG_CLUSTER = (process.env.BENCH_PG_CLUSTER ?? '15 main').split(' ')
const results: BenchResult[] = []
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface Call {
  status: number
  body: unknown
}

async function call(base: string, s: Session, pathName: string, input: unknown, mutation: boolean): Promise<Call> {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`
  const url = mutation ? `${base}/trpc/${pathName}` : `${base}/trpc/${pathName}${query}`
  const res = await fetch(url, {
    method: mutation ? 'POST' : 'GET',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    ...(mutation ? { body: JSON.stringify(input) } : {}),
    signal: AbortSignal.timeout(10_000),
  })
  return { status: res.status, body: await res.json().catch(() => null) }
}

const data = <T>(c: Call) => (c.body as { result: { data: T } }).result.data

// ---------------------------------------------------------------- write burst and its checks

interface Acked {
  memberScores: { inspectionId: number; memberId: number; criterionCode: string; version: number }[]
  consensus: { inspectionId: number; version: number }[]
  items: { id: number; version: number }[]
}

interface Targets {
  scoring: { inspectionId: number; session: Session; memberId: number }[]
  consensus: number[]
  items: number[]
  convener: Session
  manager: Session | null
}

/** Writes as fast as it can until `stop()` says so or the server goes away; returns what was acknowledged. */
async function burst(base: string, targets: Targets, stop: () => boolean): Promise<Acked> {
  const acked: Acked = { memberScores: [], consensus: [], items: [] }
  const memberLoop = async (t: Targets['scoring'][number]) => {
    const mine = await call(base, t.session, 'inspection.score.mine', { inspectionId: t.inspectionId }, false)
    const versions = new Map(data<{ criterionCode: string; version: number }[]>(mine).map((r) => [r.criterionCode, r.version]))
    for (let n = 0; !stop(); n++) {
      const c = criteria[n % criteria.length]!
      const tier = c.tiers[n % 2 === 0 ? 0 : c.tiers.length - 1]!
      const res = await call(base, t.session, 'inspection.score.save', { inspectionId: t.inspectionId, criterionCode: c.code, tierId: tier.id, ...(tier.points < c.maxPoints ? { finding: `fault burst ${n}` } : {}), expectedVersion: versions.get(c.code) ?? 0 }, true)
      if (res.status !== 200) throw new Error(`score.save ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`)
      const row = data<{ version: number }>(res)
      versions.set(c.code, row.version)
      acked.memberScores.push({ inspectionId: t.inspectionId, memberId: t.memberId, criterionCode: c.code, version: row.version })
    }
  }
  const consensusLoop = async (inspectionId: number) => {
    for (let n = 0; !stop(); n++) {
      const view = data<{ criteria: { criterionCode: string; saved: { version: number } | null }[] }>(await call(base, targets.convener, 'inspection.consensus.view', { inspectionId }, false))
      const entries = criteria.map((c, i) => {
        const tier = c.tiers[(n + i) % 2 === 0 ? 0 : 1]!
        return { criterionCode: c.code, tierId: tier.id, ...(tier.points < c.maxPoints ? { finding: `consensus ${n}` } : {}), expectedVersion: view.criteria.find((x) => x.criterionCode === c.code)?.saved?.version ?? 0 }
      })
      const res = await call(base, targets.convener, 'inspection.consensus.save', { inspectionId, entries }, true)
      if (res.status !== 200) throw new Error(`consensus.save ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`)
      acked.consensus.push({ inspectionId, version: Math.min(...data<{ saved: { version: number }[] }>(res).saved.map((s) => s.version)) })
    }
  }
  const itemLoop = async (id: number) => {
    const manager = targets.manager!
    for (let n = 0; !stop(); n++) {
      const item = data<{ version: number }>(await call(base, manager, 'remediation.byId', { id }, false))
      const res = await call(base, manager, 'remediation.postProgress', { id, expectedVersion: item.version, note: `進度回報 ${n}` }, true)
      if (res.status !== 200) throw new Error(`postProgress ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`)
      acked.items.push({ id, version: data<{ version: number }>(res).version })
    }
  }
  // A loop ends at the first failed call: once the server is killed, that is every loop.
  await Promise.allSettled([...targets.scoring.map(memberLoop), ...targets.consensus.map(consensusLoop), ...(targets.manager ? targets.items.map(itemLoop) : [])])
  return acked
}

interface Snapshot {
  memberVersions: Map<string, number>
  consensusVersions: Map<number, number>
  itemVersions: Map<number, number>
  at: Date
}

async function snapshot(client: pg.Client, targets: Targets): Promise<Snapshot> {
  const inspections = [...new Set(targets.scoring.map((t) => t.inspectionId))]
  const ms = (await client.query(`select inspection_id, member_id, criterion_code, version from member_score where inspection_id = any($1)`, [inspections])).rows
  const cs = (await client.query(`select inspection_id, max(version) as v from consensus_score where inspection_id = any($1) group by inspection_id`, [targets.consensus])).rows
  const it = (await client.query(`select id, version from remediation_item where id = any($1)`, [targets.items])).rows
  return {
    memberVersions: new Map(ms.map((r) => [`${r.inspection_id}:${r.member_id}:${r.criterion_code}`, r.version])),
    consensusVersions: new Map(cs.map((r) => [r.inspection_id, Number(r.v)])),
    itemVersions: new Map(it.map((r) => [r.id, r.version])),
    at: (await client.query(`select now() as t`)).rows[0].t,
  }
}

/** Violations of "every acknowledged write is there, nothing is half-written" after a crash. */
async function checkAfterCrash(client: pg.Client, targets: Targets, before: Snapshot, acked: Acked): Promise<string[]> {
  const problems: string[] = []
  const after = await snapshot(client, targets)
  for (const a of acked.memberScores) {
    const key = `${a.inspectionId}:${a.memberId}:${a.criterionCode}`
    if ((after.memberVersions.get(key) ?? 0) < a.version) problems.push(`member score ${key} v${a.version} acknowledged but missing`)
  }
  for (const a of acked.consensus) if ((after.consensusVersions.get(a.inspectionId) ?? 0) < a.version) problems.push(`consensus of ${a.inspectionId} v${a.version} acknowledged but missing`)
  for (const a of acked.items) if ((after.itemVersions.get(a.id) ?? 0) < a.version) problems.push(`item ${a.id} v${a.version} acknowledged but missing`)
  // Whole sheets only: 22 rows of one version (a save writes them all), status consensus.
  for (const id of targets.consensus) {
    const rows = (await client.query(`select count(*)::int as n, count(distinct version)::int as versions from consensus_score where inspection_id = $1`, [id])).rows[0]
    if (rows.n !== criteria.length || rows.versions !== 1) problems.push(`consensus sheet of ${id} half-written: ${rows.n} rows in ${rows.versions} versions`)
  }
  // Each committed change has its audit entry (and, for items, its event) — and nothing more.
  const audits = (await client.query(`select action, entity_id, count(*)::int as n from audit_log where at >= $1 group by action, entity_id`, [before.at])).rows
  const auditCount = (action: string, entityId: string) => audits.find((r) => r.action === action && r.entity_id === entityId)?.n ?? 0
  for (const [key, v] of after.memberVersions) {
    const changes = v - (before.memberVersions.get(key) ?? 0)
    if (changes !== auditCount('inspection.score.save', key)) problems.push(`member score ${key}: ${changes} changes but ${auditCount('inspection.score.save', key)} audit entries`)
  }
  for (const [id, v] of after.consensusVersions) {
    const changes = v - (before.consensusVersions.get(id) ?? 0)
    if (changes !== auditCount('inspection.consensus.save', String(id))) problems.push(`consensus ${id}: ${changes} saves but ${auditCount('inspection.consensus.save', String(id))} audit entries`)
  }
  const events = (await client.query(`select remediation_item_id as id, count(*)::int as n from remediation_event where at >= $1 group by remediation_item_id`, [before.at])).rows
  for (const [id, v] of after.itemVersions) {
    const changes = v - (before.itemVersions.get(id) ?? 0)
    const n = events.find((e) => e.id === id)?.n ?? 0
    if (changes !== n) problems.push(`item ${id}: ${changes} version steps but ${n} timeline events`)
  }
  return problems
}

async function prepareTargets(base: string, client: pg.Client): Promise<Targets> {
  const convener = await signIn(base, 'convener')
  const newest = (await client.query(`select id from round order by roc_year desc, half desc limit 1`)).rows[0].id
  const inspections = (await client.query(`select i.id, i.status, b.code from inspection i join branch b on b.id = i.branch_id where i.round_id = $1 order by i.id`, [newest])).rows
  const scoring = inspections.filter((i) => i.status === 'scoring').slice(0, 3)
  const consensus = inspections.filter((i) => i.status === 'consensus').slice(0, 2).map((i) => i.id as number)
  const users = new Map((await client.query(`select id, username from app_user`)).rows.map((r) => [r.username as string, r.id as number]))
  const scorers: Targets['scoring'] = []
  for (const [k, name] of ['member1', 'member2', 'member3'].entries()) {
    const session = await signIn(base, name)
    for (const i of scoring.slice(k, k + 1)) scorers.push({ inspectionId: i.id, session, memberId: users.get(name)! })
  }
  const items = (await client.query(`select ri.id from remediation_item ri join branch b on b.id = ri.branch_id where b.code = 'TPE' and ri.status = 'in_progress' order by ri.id limit 2`)).rows.map((r) => r.id as number)
  let manager: Session | null = await signIn(base, 'tpe-manager')
  if (items.length > 0) {
    const probe = await call(base, manager, 'remediation.postProgress', { id: items[0], expectedVersion: data<{ version: number }>(await call(base, manager, 'remediation.byId', { id: items[0] }, false)).version, note: '測試' }, true)
    if (probe.status !== 200) manager = null
  } else manager = null
  return { scoring: scorers, consensus, items: manager ? items : [], convener, manager }
}

async function crashDuringWrites(): Promise<void> {
  const db = await createScratchDatabase('faults')
  const env = { DATABASE_URL: db.url, SESSION_SECRET: randomBytes(32).toString('hex') }
  const client = new pg.Client({ connectionString: db.url })
  let server: ServerProcess | undefined
  const problems: string[] = []
  let ackedTotal = 0
  try {
    server = await startServer(env)
    await client.connect()
    const cycles = 3
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const targets = await prepareTargets(server.base, client)
      const before = await snapshot(client, targets)
      let stopped = false
      const running = burst(server.base, targets, () => stopped)
      await sleep(1500 + cycle * 500)
      await server.kill9()
      const acked = await running
      stopped = true
      const n = acked.memberScores.length + acked.consensus.length + acked.items.length
      ackedTotal += n
      const port = server.port
      server = await startServer(env, { port })
      const found = await checkAfterCrash(client, targets, before, acked)
      console.log(`crash ${cycle}: ${acked.memberScores.length} scores, ${acked.consensus.length} consensus sheets, ${acked.items.length} item reports acknowledged; ${found.length} problems`)
      problems.push(...found)
    }
    results.push({ name: 'kill -9 during writes (PostgreSQL): acknowledged writes lost or half-written sheets/items', value: problems.length, unit: 'problems', target: '0', pass: problems.length === 0 && ackedTotal > 0, note: `3 crashes, ${ackedTotal} acknowledged writes checked${problems.length ? `; ${problems.slice(0, 3).join('; ')}` : ''}` })
  } finally {
    await client.end().catch(() => {})
    await server?.stop()
    await dropScratchDatabase(db.name)
  }
}

// ---------------------------------------------------------------- PostgreSQL stop and start

function pgctl(action: 'stop' | 'start'): void {
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', ...PG_CLUSTER, action], { stdio: 'inherit' })
}

let pgStopped = false
function ensurePostgresStarted(): void {
  if (!pgStopped) return
  try {
    pgctl('start')
    pgStopped = false
  } catch (error) {
    console.error(`could not start PostgreSQL again — run: pg_ctlcluster --skip-systemctl-redirect ${PG_CLUSTER.join(' ')} start\n${String(error)}`)
  }
}

async function postgresRestart(): Promise<void> {
  const db = await createScratchDatabase('pgrestart')
  const env = { DATABASE_URL: db.url, SESSION_SECRET: randomBytes(32).toString('hex') }
  let server: ServerProcess | undefined
  try {
    server = await startServer(env)
    const admin = await signIn(server.base, 'admin')
    const health: { t: number; status: number }[] = []
    let stop = false
    const t0 = Date.now()
    const poll = (async () => {
      while (!stop) {
        const status = await fetch(`${server!.base}/healthz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => 0)
        health.push({ t: Date.now() - t0, status })
        await sleep(200)
      }
    })()
    const readerStatuses: { t: number; status: number }[] = []
    const readers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const status = await call(server!.base, admin, 'dashboard.overview', undefined, false).then((r) => r.status, () => 0)
        readerStatuses.push({ t: Date.now() - t0, status })
      }
    })
    await sleep(2_000)
    const stoppedAt = Date.now() - t0
    pgStopped = true
    pgctl('stop')
    await sleep(5_000)
    pgctl('start')
    pgStopped = false
    const startedAt = Date.now() - t0
    let recoveredAt: number | null = null
    while (Date.now() - t0 < startedAt + 60_000) {
      const last = health.at(-1)
      if (last && last.t > startedAt && last.status === 200) {
        recoveredAt = last.t
        break
      }
      await sleep(200)
    }
    await sleep(1_000)
    stop = true
    await Promise.all([poll, ...readers])
    const during = health.filter((h) => h.t > stoppedAt + 2_500 && h.t < startedAt)
    const answered503 = during.length > 0 && during.every((h) => h.status === 503)
    const alive = server.child.exitCode === null && server.child.signalCode === null
    const after = await call(server.base, admin, 'dashboard.overview', undefined, false)
    results.push({
      name: 'PostgreSQL stopped under load: /healthz during the outage',
      value: during.filter((h) => h.status === 503).length,
      unit: `of ${during.length} polls 503`,
      target: 'all 503',
      pass: answered503,
      note: `statuses seen: ${[...new Set(during.map((h) => h.status))].join(', ')}`,
    })
    // API calls answered while PostgreSQL was down (after the pool noticed): 503 with Retry-After, never 500.
    const calls = readerStatuses.filter((r) => r.t > stoppedAt + 2_500 && r.t < startedAt)
    results.push({
      name: 'PostgreSQL stopped under load: API calls during the outage',
      value: calls.filter((r) => r.status === 503).length,
      unit: `of ${calls.length} dashboard calls 503`,
      target: 'all 503',
      pass: calls.length > 0 && calls.every((r) => r.status === 503),
      note: `statuses seen: ${[...new Set(calls.map((r) => r.status))].join(', ')}`,
    })
    results.push({
      name: 'PostgreSQL back: the server serves again by itself',
      value: recoveredAt === null ? NaN : Math.round((recoveredAt - startedAt) / 100) / 10,
      unit: 's after start',
      target: 'recovers, process alive',
      pass: recoveredAt !== null && alive && after.status === 200,
      note: `process ${alive ? 'alive' : 'DEAD'}; dashboard after: ${after.status}`,
    })
  } finally {
    ensurePostgresStarted()
    await server?.stop()
    await dropScratchDatabase(db.name)
  }
}

// ---------------------------------------------------------------- PGlite after kill -9

async function pgliteCrash(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leap-bench-pglite-'))
  const cycles = 5
  let survived = 0
  let lost = 0
  const notes: string[] = []
  let server: ServerProcess | undefined
  try {
    for (let cycle = 1; cycle <= cycles; cycle++) {
      try {
        server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '' }, { timeoutMs: 180_000 })
      } catch (error) {
        notes.push(`cycle ${cycle}: did not open again: ${String(error).slice(0, 300)}`)
        break
      }
      const member = await signIn(server.base, 'member4')
      const list = data<{ id: number; status: string; branchCode: string }[]>(await call(server.base, member, 'inspection.list', { status: 'scoring' }, false))
      const inspectionId = list[0]!.id
      const acked: { criterionCode: string; version: number }[] = []
      let stopped = false
      const loop = (async () => {
        const versions = new Map(data<{ criterionCode: string; version: number }[]>(await call(server!.base, member, 'inspection.score.mine', { inspectionId }, false)).map((r) => [r.criterionCode, r.version]))
        for (let n = 0; !stopped; n++) {
          const c = criteria[n % criteria.length]!
          const tier = c.tiers[n % 2 === 0 ? 0 : c.tiers.length - 1]!
          const res = await call(server!.base, member, 'inspection.score.save', { inspectionId, criterionCode: c.code, tierId: tier.id, ...(tier.points < c.maxPoints ? { finding: `pglite ${n}` } : {}), expectedVersion: versions.get(c.code) ?? 0 }, true)
          if (res.status !== 200) break
          const v = data<{ version: number }>(res).version
          versions.set(c.code, v)
          acked.push({ criterionCode: c.code, version: v })
        }
      })().catch(() => {})
      await sleep(1500 + cycle * 300)
      await server.kill9()
      stopped = true
      await loop
      try {
        server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '' }, { timeoutMs: 180_000 })
      } catch (error) {
        notes.push(`cycle ${cycle}: data directory did not open after kill -9: ${String(error).slice(0, 300)}`)
        server = undefined
        break
      }
      const again = await signIn(server.base, 'member4')
      const mine = new Map(data<{ criterionCode: string; version: number }[]>(await call(server.base, again, 'inspection.score.mine', { inspectionId }, false)).map((r) => [r.criterionCode, r.version]))
      const missing = acked.filter((a) => (mine.get(a.criterionCode) ?? 0) < a.version)
      lost += missing.length
      if (missing.length === 0) survived += 1
      else notes.push(`cycle ${cycle}: ${missing.length} of ${acked.length} acknowledged writes missing`)
      console.log(`pglite crash ${cycle}: ${acked.length} writes acknowledged, ${missing.length} missing after restart`)
      await server.stop()
      server = undefined
    }
  } finally {
    await server?.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  results.push({ name: 'PGlite data directory after kill -9 during writes: reopened with every acknowledged write', value: survived, unit: `of ${cycles} crashes`, target: `${cycles} of ${cycles}`, pass: survived === cycles && lost === 0, note: notes.join('; ') || 'opened every time, nothing lost' })
}

// ---------------------------------------------------------------- main

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    ensurePostgresStarted()
    process.exit(130)
  })
}
process.once('exit', ensurePostgresStarted)

const only = process.argv.slice(2)
const parts: [string, () => Promise<void>][] = [
  ['crash', crashDuringWrites],
  ['postgres', postgresRestart],
  ['pglite', pgliteCrash],
]
for (const [name, run] of parts) {
  if (only.length > 0 && !only.includes(name)) continue
  console.log(`== ${name}`)
  try {
    await run()
  } catch (error) {
    results.push({ name: `${name}: did not complete`, value: NaN, unit: '', target: 'completes', pass: false, note: error instanceof Error ? error.message.slice(0, 300) : String(error) })
  }
}
ensurePostgresStarted()
const file = startResults(only.length > 0 ? `faults-${only.join('-')}` : 'faults', LONG_RUNS_DIR)
for (const r of results) {
  appendResult(file, r)
  console.log(`${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.value} ${r.unit} (target ${r.target}) ${r.note ?? ''}`)
}
if (results.some((r) => !r.pass)) process.exitCode = 1
