// API load: the server (Fastify + tRPC + kysely) against a node:http + pg baseline doing the same
// SQL, on PostgreSQL grown to 20 years × 2 rounds × 13 branches with full committees.
//   pnpm --filter @leap/bench load            20 s per run (the full measurement)
//   BENCH_LOAD_SECONDS=3 …                     shorter runs (what `pnpm bench` does)
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { fileURLToPath } from 'node:url'
import { SERVICE_LEAP_V2 } from '@leap/domain'
import autocannon from 'autocannon'
import pg from 'pg'
import { growDataset, type DatasetInfo } from './dataset.js'
import { createScratchDatabase, dropScratchDatabase } from './postgres.js'
import { cpuMs, freePort, signIn, startServer, waitFor, type ServerProcess, type Session } from './server-process.js'
import type { BenchResult } from './results.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const criteria = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria)
export const SCORERS = ['convener', 'member1', 'member2', 'member3', 'member4', 'member5', 'member6']
export const CONNECTIONS = [10, 50] as const
/** Scenarios to run: both by default; `BENCH_LOAD_SCENARIOS=read` (or `write`) for one while tuning. */
const SCENARIOS = (['write', 'read'] as const).filter((s) => (process.env.BENCH_LOAD_SCENARIOS ?? 'write,read').split(',').includes(s))
/** Length of one turn of server or baseline within a full run (short runs take two turns each). */
const SLICE_SECONDS = 5

/** One autocannon run's figures. */
export interface RunFigures {
  target: 'server' | 'baseline'
  scenario: 'write' | 'read'
  connections: number
  /** Requests per second (a write request is a full 22-criterion member sheet). */
  rps: number
  p50: number
  p99: number
  /** Transport errors + timeouts + non-2xx responses + calls refused inside a batch. */
  errors: number
  requests: number
  /** The first refusal seen, to tell what went wrong. */
  firstError?: string
  /** CPU time (user + system) the target process spent per request, in ms. */
  cpuMsPerRequest?: number
}

export interface LoadReport {
  dataset: DatasetInfo
  seconds: number
  runs: RunFigures[]
  rss: { idleMiB: number; peakMiB: number; afterMiB: number }
  results: BenchResult[]
}

/**
 * Waits until no query of `database` is running (up to 120 s): requests a load run left in flight
 * must not slow down the next run.
 */
export async function drain(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const end = Date.now() + 120_000
    while (Date.now() < end) {
      const { rows } = await client.query<{ n: string }>(
        `select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state not in ('idle')`,
      )
      if (Number(rows[0]!.n) === 0) return
      await new Promise((r) => setTimeout(r, 200))
    }
  } finally {
    await client.end()
  }
}

/** Current versions of the member rows the write load touches, keyed `inspection:member:criterion`. */
export async function loadVersions(url: string, inspections: readonly number[]): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const { rows } = await client.query<{ inspection_id: number; member_id: number; criterion_code: string; version: number }>(
    `select inspection_id, member_id, criterion_code, version from member_score where inspection_id = any($1)`,
    [inspections],
  )
  await client.end()
  return new Map(rows.map((r) => [`${r.inspection_id}:${r.member_id}:${r.criterion_code}`, r.version]))
}

export interface Slot {
  inspectionId: number
  session: Session
  memberId: number
  /** Sheets sent from this slot so far (alternates the tiers). */
  sent: number
}

interface WriteContext {
  index?: number
}

/** A full member sheet as one tRPC batch of 22 `inspection.score.save` calls (what httpBatchLink sends). */
const SAVE_PATH = `/trpc/${criteria.map(() => 'inspection.score.save').join(',')}?batch=1`

export async function runOne(
  base: string,
  scenario: 'write' | 'read',
  connections: number,
  seconds: number,
  state: { slots: Slot[]; versions: Map<string, number>; admin: Session },
): Promise<{ result: autocannon.Result; refused: number; firstError?: string }> {
  let refused = 0
  let firstError: string | undefined
  // autocannon resets the context before every request of a one-request list, so a connection
  // cannot keep a slot in it: a request takes the lowest free slot and gives it back on its
  // response. One request in flight per connection and more slots than connections: never two
  // writers on one member's sheet, so every refusal is a real error.
  const busy = state.slots.map(() => false)
  const requests: autocannon.Request[] =
    scenario === 'read'
      ? [{ method: 'GET', path: '/trpc/dashboard.overview', headers: { cookie: state.admin.cookie } }]
      : [
          {
            method: 'POST',
            path: SAVE_PATH,
            setupRequest: (req, raw) => {
              const context = raw as WriteContext
              const index = busy.indexOf(false)
              busy[index] = true
              context.index = index
              const slot = state.slots[index]!
              const sent = (slot.sent += 1)
              const batch = Object.fromEntries(
                criteria.map((c, i) => {
                  // Alternate between the top tier and a deduction, so every save is a real change.
                  const tier = c.tiers[(sent + i) % 2 === 0 ? 0 : c.tiers.length - 1]!
                  const key = `${slot.inspectionId}:${slot.memberId}:${c.code}`
                  return [
                    String(i),
                    {
                      inspectionId: slot.inspectionId,
                      criterionCode: c.code,
                      tierId: tier.id,
                      ...(tier.points < c.maxPoints ? { finding: `${c.title.zh}：負載測試紀錄 ${sent}` } : {}),
                      expectedVersion: state.versions.get(key) ?? 0,
                    },
                  ]
                }),
              )
              return { ...req, headers: { ...req.headers, cookie: slot.session.cookie, 'x-csrf-token': slot.session.csrf, 'content-type': 'application/json' }, body: JSON.stringify(batch) }
            },
            onResponse: (_status, body, raw) => {
              const { index } = raw as WriteContext
              const slot = state.slots[index!]!
              busy[index!] = false
              try {
                const results = JSON.parse(body) as { result?: { data: { criterionCode: string; version: number } }; error?: { data?: { current?: { criterionCode: string; version: number } } } }[]
                for (const r of results) {
                  const row = r.result?.data ?? r.error?.data?.current
                  if (r.error) {
                    refused += 1
                    firstError ??= JSON.stringify(r.error).slice(0, 300)
                  }
                  if (row) state.versions.set(`${slot.inspectionId}:${slot.memberId}:${row.criterionCode}`, row.version)
                }
              } catch {
                refused += 1
                firstError ??= body.slice(0, 300)
              }
            },
          },
        ]
  const result = await autocannon({ url: base, connections, duration: seconds, requests, timeout: 10 })
  return { result, refused, ...(firstError ? { firstError } : {}) }
}

function figures(target: RunFigures['target'], scenario: RunFigures['scenario'], connections: number, run: { result: autocannon.Result; refused: number; firstError?: string }): RunFigures {
  const { result } = run
  return {
    target,
    scenario,
    connections,
    rps: Math.round(result.requests.average * 10) / 10,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + run.refused,
    requests: result.requests.total,
    ...(run.firstError ? { firstError: run.firstError } : {}),
  }
}

/** Slices of one target's run: requests per second over all of them, the worst p99, the median p50. */
function combine(parts: readonly RunFigures[]): RunFigures {
  const first = parts[0]!
  const p50s = parts.map((p) => p.p50).sort((a, b) => a - b)
  const firstError = parts.find((p) => p.firstError)?.firstError
  return {
    ...first,
    rps: Math.round((parts.reduce((n, p) => n + p.rps, 0) / parts.length) * 10) / 10,
    p50: p50s[Math.floor(p50s.length / 2)]!,
    p99: Math.max(...parts.map((p) => p.p99)),
    errors: parts.reduce((n, p) => n + p.errors, 0),
    requests: parts.reduce((n, p) => n + p.requests, 0),
    ...(firstError ? { firstError } : {}),
    ...(parts.every((p) => p.cpuMsPerRequest !== undefined)
      ? { cpuMsPerRequest: parts.reduce((n, p) => n + p.cpuMsPerRequest! * p.requests, 0) / Math.max(1, parts.reduce((n, p) => n + p.requests, 0)) }
      : {}),
  }
}

function startBaseline(env: Record<string, string>, port: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(here, 'baseline-server.ts')], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}

/**
 * The baseline must answer what the server answers: the same national dashboard, figure for figure
 * (otherwise the comparison would measure different work). Throws on any difference.
 */
async function assertSameOverview(serverBase: string, baselineBase: string, admin: Session): Promise<void> {
  const get = async (base: string) => {
    const res = await fetch(`${base}/trpc/dashboard.overview`, { headers: { cookie: admin.cookie } })
    if (!res.ok) throw new Error(`${base}: dashboard.overview answered ${res.status}`)
    return res.json() as Promise<unknown>
  }
  const [a, b] = await Promise.all([get(serverBase), get(baselineBase)])
  if (!isDeepStrictEqual(a, b)) {
    throw new Error(`the baseline's dashboard.overview differs from the server's:\nserver   ${JSON.stringify(a).slice(0, 600)}\nbaseline ${JSON.stringify(b).slice(0, 600)}`)
  }
}

/**
 * Runs the whole load measurement: scratch database, server and baseline processes, write and read
 * scenarios at 10 and 50 connections, `seconds` each, alternating server and baseline.
 * Always stops the processes and drops the database.
 */
export async function runLoad(seconds: number, log: (line: string) => void = console.log): Promise<LoadReport> {
  const db = await createScratchDatabase('load')
  const secret = randomBytes(32).toString('hex')
  const env = { DATABASE_URL: db.url, SESSION_SECRET: secret }
  let server: ServerProcess | undefined
  let baseline: ChildProcess | undefined
  try {
    log(`database ${db.name}: migrate and demo seed (server start), then grow to 20 years`)
    server = await startServer(env)
    const dataset = await growDataset(db.url, 20)
    log(`data: ${dataset.rounds} rounds, ${dataset.inspections} inspections, ${dataset.memberScores} member scores, ${dataset.consensusScores} consensus scores`)
    const basePort = await freePort()
    baseline = startBaseline(env, basePort)
    const baselineBase = `http://127.0.0.1:${basePort}`
    if (!(await waitFor(`${baselineBase}/healthz`, 30_000))) throw new Error('baseline did not start')

    const sessions = new Map<string, Session>()
    for (const name of [...SCORERS, 'admin']) sessions.set(name, await signIn(server.base, name))
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    const ids = new Map((await client.query<{ id: number; username: string }>(`select id, username from app_user`)).rows.map((r) => [r.username, r.id]))
    await client.end()
    // Slot k: inspection k mod 13, scorer ⌊k / 13⌋ — spread over inspections first (row locks).
    const slots: Slot[] = []
    for (const name of SCORERS) {
      for (const inspectionId of dataset.scoringInspections) slots.push({ inspectionId, session: sessions.get(name)!, memberId: ids.get(name)!, sent: 0 })
    }
    const admin = sessions.get('admin')!
    await assertSameOverview(server.base, baselineBase, admin)

    const runs: RunFigures[] = []
    const rssSamples: number[] = []
    const idle = server.rssMiB() ?? 0
    const sampler = setInterval(() => {
      const v = server?.rssMiB()
      if (v) rssSamples.push(v)
    }, 250)
    try {
      for (const scenario of SCENARIOS) {
        for (const connections of CONNECTIONS) {
          // Server and baseline take turns in short slices, so a burst of other work on a shared
          // machine falls on both instead of deciding the ratio.
          const slices = seconds >= 10 ? Math.round(seconds / SLICE_SECONDS) : 2
          const parts: Record<'server' | 'baseline', RunFigures[]> = { server: [], baseline: [] }
          for (let slice = 0; slice < slices; slice++) {
            for (const [target, base] of [
              ['server', server.base],
              ['baseline', baselineBase],
            ] as const) {
              await drain(db.url)
              const versions = await loadVersions(db.url, dataset.scoringInspections)
              const pid = target === 'server' ? server.pid : baseline.pid!
              const cpuBefore = cpuMs(pid)
              const run = figures(target, scenario, connections, await runOne(base, scenario, connections, seconds / slices, { slots, versions, admin }))
              const cpuAfter = cpuMs(pid)
              if (cpuBefore !== null && cpuAfter !== null && run.requests > 0) run.cpuMsPerRequest = (cpuAfter - cpuBefore) / run.requests
              parts[target].push(run)
            }
          }
          for (const target of ['server', 'baseline'] as const) {
            const run = combine(parts[target])
            runs.push(run)
            log(
              `${scenario.padEnd(5)} ${target.padEnd(8)} ${String(connections).padStart(2)} conn: ${run.rps} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ` +
                `${run.cpuMsPerRequest === undefined ? '' : `${run.cpuMsPerRequest.toFixed(2)} CPU ms/request, `}${run.errors} errors${run.firstError ? ` (first: ${run.firstError})` : ''}`,
            )
          }
        }
      }
    } finally {
      clearInterval(sampler)
    }
    const rss = { idleMiB: idle, peakMiB: Math.max(idle, ...rssSamples), afterMiB: server.rssMiB() ?? 0 }
    log(`server RSS: ${rss.idleMiB} MiB idle, ${rss.peakMiB} MiB peak under load, ${rss.afterMiB} MiB after`)
    return { dataset, seconds, runs, rss, results: judge(runs, rss, dataset, seconds) }
  } finally {
    await server?.stop()
    if (baseline && baseline.exitCode === null) {
      const gone = new Promise((r) => baseline!.once('exit', r))
      baseline.kill('SIGTERM')
      const timer = setTimeout(() => baseline!.kill('SIGKILL'), 5_000)
      await gone
      clearTimeout(timer)
    }
    await dropScratchDatabase(db.name)
  }
}

/** The load targets: writes ≥ 50% and reads ≥ 70% of the baseline, p99 < 100 ms at 50 connections, no errors. */
function judge(runs: readonly RunFigures[], rss: LoadReport['rss'], dataset: DatasetInfo, seconds: number): BenchResult[] {
  const find = (target: string, scenario: string, connections: number) => runs.find((r) => r.target === target && r.scenario === scenario && r.connections === connections)!
  const data = `${dataset.inspections} inspections, ${dataset.memberScores} member scores, ${seconds} s per run`
  const results: BenchResult[] = []
  for (const scenario of SCENARIOS) {
    const floor = scenario === 'write' ? 50 : 70
    const label = scenario === 'write' ? 'full member sheet (22 × inspection.score.save, one batch)' : 'dashboard.overview (national)'
    for (const connections of CONNECTIONS) {
      const s = find('server', scenario, connections)
      const b = find('baseline', scenario, connections)
      const share = b.rps > 0 ? Math.round((s.rps / b.rps) * 1000) / 10 : 0
      results.push({
        name: `load ${scenario}: ${label}, ${connections} conn, share of baseline`,
        value: share,
        unit: '%',
        target: `≥ ${floor}%`,
        pass: share >= floor,
        note: `server ${s.rps} req/s vs baseline ${b.rps} req/s${s.cpuMsPerRequest !== undefined && b.cpuMsPerRequest !== undefined ? `; CPU per request ${s.cpuMsPerRequest.toFixed(2)} vs ${b.cpuMsPerRequest.toFixed(2)} ms` : ''}; ${data}`,
      })
      results.push({
        name: `load ${scenario}: ${connections} conn p99 latency`,
        value: s.p99,
        unit: 'ms',
        target: connections === 50 ? '< 100 ms' : '(reported)',
        pass: connections === 50 ? s.p99 < 100 : true,
        note: `p50 ${s.p50} ms; baseline p99 ${b.p99} ms`,
      })
    }
  }
  const errors = runs.reduce((n, r) => n + r.errors, 0)
  results.push({ name: 'load: errors (server and baseline, all runs)', value: errors, unit: 'errors', target: '0', pass: errors === 0, note: runs.filter((r) => r.errors > 0).map((r) => `${r.target} ${r.scenario} ${r.connections}: ${r.errors}`).join('; ') })
  results.push({ name: 'load: server RSS peak', value: rss.peakMiB, unit: 'MiB', target: '(reported)', pass: true, note: `idle ${rss.idleMiB} MiB, after ${rss.afterMiB} MiB` })
  return results
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const { startResults, appendResult, LONG_RUNS_DIR } = await import('./results.js')
  const full = process.argv.includes('--full')
  const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? (full ? 20 : 6))
  const report = await runLoad(seconds)
  const file = full ? startResults('load', LONG_RUNS_DIR) : startResults('bench-load')
  for (const r of report.results) appendResult(file, r)
  const { writeLoadDetails } = await import('./summarize.js')
  writeLoadDetails(report)
  for (const r of report.results) console.log(`${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.value} ${r.unit} (target ${r.target}) ${r.note ?? ''}`)
  if (report.results.some((r) => !r.pass)) process.exitCode = 1
}
