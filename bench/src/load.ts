// API load: the server (Fastify + tRPC + kysely) against the best raw node:http + pg implementation
// of the same work (src/baseline-server.ts), on PostgreSQL grown to 20 years × 2 rounds × 13
// branches with full committees. Scenarios (issue 18):
//   (a) save      one criterion saved as the admin sends it: `inspection.score.saveMany` with one
//                 entry (the coalesced autosave of one change), in a tRPC batch of one call
//   (b) sheet     a full 22-criterion member sheet in one `inspection.score.saveMany`
//   (c) overview  the national dashboard (`dashboard.overview`, agency admin)
//   (d) trend     one branch's history (`dashboard.branchTrend`, agency admin)
// each at 10 and 50 connections (closed loop, server and baseline alternating in short turns),
// then (e) an open-loop run: one-criterion saves arriving at a fixed rate (200/s), latency measured
// from the scheduled send time (no coordinated omission).
//   pnpm --filter @leap/bench load            20 s per run (the full measurement)
//   BENCH_LOAD_SECONDS=3 …                     shorter runs (what `pnpm bench` does)
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { fileURLToPath } from 'node:url'
import { SERVICE_LEAP_V2 } from '@leap/domain'
import autocannon from 'autocannon'
import pg from 'pg'
import { measureTransfer, type TransferReport } from './assets.js'
import { growDataset, type DatasetInfo } from './dataset.js'
import { createScratchDatabase, dropScratchDatabase } from './postgres.js'
import { cpuMs, freePort, signIn, startServer, waitFor, type ServerProcess, type Session } from './server-process.js'
import type { BenchResult } from './results.js'
import { LABELS, OPEN_RATE, type Scenario } from './scenarios.js'

export type { Scenario } from './scenarios.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const criteria = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria)
export const SCORERS = ['convener', 'member1', 'member2', 'member3', 'member4', 'member5', 'member6']
export const CONNECTIONS = [10, 50] as const
const ALL_SCENARIOS: readonly Scenario[] = ['save', 'sheet', 'overview', 'trend']
/** Scenarios to run: all by default; `BENCH_LOAD_SCENARIOS=overview,trend` (say) while tuning; `open` for the open loop. */
const CHOSEN = (process.env.BENCH_LOAD_SCENARIOS ?? 'save,sheet,overview,trend,open').split(',')
const SCENARIOS = ALL_SCENARIOS.filter((s) => CHOSEN.includes(s))
const OPEN_LOOP = CHOSEN.includes('open')
/** Length of one turn of server or baseline within a full run (short runs take two turns each). */
const SLICE_SECONDS = 5


/** One load run's figures. */
export interface RunFigures {
  target: 'server' | 'baseline'
  scenario: Scenario | 'open'
  connections: number
  /** Requests per second (a sheet request is a full 22-criterion member sheet). */
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
  /** What the browser downloads on a first and a repeat visit (null when Chromium or the built admin is missing). */
  transfer: Omit<TransferReport, 'results'> | null
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

/**
 * Waits until both processes have stopped working (CPU over 300 ms below 10 % of a core) and the
 * database is idle, up to 60 s: a run that ends leaves requests in flight that the server or the
 * baseline still finish (and commit) after the load generator has gone. Reading the versions before
 * they land would make the next run's first writes stale (CONFLICT) for no fault of either side.
 */
export async function settle(url: string, pids: readonly number[]): Promise<void> {
  const end = Date.now() + 60_000
  while (Date.now() < end) {
    const before = pids.map((pid) => cpuMs(pid) ?? 0)
    await new Promise((r) => setTimeout(r, 300))
    const busy = pids.some((pid, i) => (cpuMs(pid) ?? 0) - before[i]! > 30)
    if (!busy) break
  }
  await drain(url)
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

/** `inspection:member` of every member recused (conflict of interest) from one of these inspections' branch and round. */
export async function recusedSheets(client: pg.Client, inspections: readonly number[]): Promise<Set<string>> {
  const { rows } = await client.query<{ inspection_id: number; user_id: number }>(
    `select i.id as inspection_id, c.user_id from inspection i join conflict_of_interest c on c.round_id = i.round_id and c.branch_id = i.branch_id where i.id = any($1)`,
    [inspections],
  )
  return new Set(rows.map((r) => `${r.inspection_id}:${r.user_id}`))
}

/** One member's sheet on one inspection: what a writer owns while its request is in flight. */
export interface Slot {
  inspectionId: number
  session: Session
  memberId: number
  /** Requests sent from this slot so far (alternates the tiers). */
  sent: number
}

/** One criterion of one member's sheet (the unit of the one-criterion scenarios). */
interface RowSlot {
  sheet: Slot
  criterion: number
  sent: number
}

export interface LoadState {
  slots: Slot[]
  versions: Map<string, number>
  admin: Session
  /** The branch whose history scenario (d) asks for. */
  trendBranchId: number
}

const SAVE_MANY_PATH = '/trpc/inspection.score.saveMany?batch=1'

/** One entry of a sheet: alternates the top tier and the lowest (with a finding), so every save is a real change. */
function entryFor(slot: Slot, criterionIndex: number, sent: number, versions: Map<string, number>) {
  const c = criteria[criterionIndex]!
  const tier = c.tiers[(sent + criterionIndex) % 2 === 0 ? 0 : c.tiers.length - 1]!
  return {
    criterionCode: c.code,
    tierId: tier.id,
    ...(tier.points < c.maxPoints ? { finding: `${c.title.zh}：負載測試紀錄 ${sent}` } : {}),
    expectedVersion: versions.get(`${slot.inspectionId}:${slot.memberId}:${c.code}`) ?? 0,
  }
}

/** Reads a saveMany answer (a batch of one): stores the new versions; returns the refusal, if any. */
function readSaveAnswer(body: string, slot: Slot, versions: Map<string, number>): string | undefined {
  try {
    const [answer] = JSON.parse(body) as { result?: { data: { criterionCode: string; version: number }[] }; error?: unknown }[]
    const rows = answer?.result?.data ?? (currentRows(answer?.error) as { criterionCode: string; version: number }[] | undefined) ?? []
    for (const row of rows) if (row) versions.set(`${slot.inspectionId}:${slot.memberId}:${row.criterionCode}`, row.version)
    return answer?.result ? undefined : JSON.stringify(answer?.error ?? body).slice(0, 300)
  } catch {
    return body.slice(0, 300)
  }
}

/** The current rows a CONFLICT carries, wherever the error shape keeps them (`data.current`, `data.params.current`). */
function currentRows(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return undefined
  const data = (error as { data?: Record<string, unknown> }).data
  return data?.current ?? (data?.params as Record<string, unknown> | undefined)?.current
}

/** Builds the one-criterion write request for a row slot (shared by the closed and open loops). */
function saveBody(row: RowSlot, versions: Map<string, number>): string {
  row.sent += 1
  return JSON.stringify({ 0: { inspectionId: row.sheet.inspectionId, entries: [entryFor(row.sheet, row.criterion, row.sent, versions)] } })
}

function sessionHeaders(session: Session): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' }
}

function rowSlots(slots: readonly Slot[]): RowSlot[] {
  // Spread over inspections and members first, so neighbouring rows are on different sheets.
  return criteria.flatMap((_, criterion) => slots.map((sheet) => ({ sheet, criterion, sent: 0 })))
}

interface WriteContext {
  index?: number
}

export async function runOne(
  base: string,
  scenario: Scenario,
  connections: number,
  seconds: number,
  state: LoadState,
): Promise<{ result: autocannon.Result; refused: number; firstError?: string }> {
  let refused = 0
  let firstError: string | undefined
  const note = (error: string | undefined) => {
    if (error === undefined) return
    refused += 1
    firstError ??= error
  }
  let requests: autocannon.Request[]
  // Reads as a browser sends them: it always offers compressed answers (Chromium: gzip, deflate, br,
  // zstd). The server answers brotli from its cache; the baseline may ignore the header (as HTTP
  // allows) and sends plain JSON, the cheaper choice for it on the loopback.
  const browserRead = { cookie: state.admin.cookie, 'accept-encoding': 'gzip, deflate, br, zstd' }
  if (scenario === 'overview') {
    requests = [{ method: 'GET', path: '/trpc/dashboard.overview', headers: browserRead }]
  } else if (scenario === 'trend') {
    const input = encodeURIComponent(JSON.stringify({ branchId: state.trendBranchId }))
    requests = [{ method: 'GET', path: `/trpc/dashboard.branchTrend?input=${input}`, headers: browserRead }]
  } else {
    // autocannon resets the context before every request of a one-request list, so a connection
    // cannot keep a slot in it: a request takes the lowest free slot and gives it back on its
    // response. One request in flight per connection and more slots than connections: never two
    // writers on one row, so every refusal is a real error.
    const units: { slot: Slot; body: () => string }[] =
      scenario === 'sheet'
        ? state.slots.map((slot) => ({
            slot,
            body: () => {
              const sent = (slot.sent += 1)
              return JSON.stringify({ 0: { inspectionId: slot.inspectionId, entries: criteria.map((_, i) => entryFor(slot, i, sent, state.versions)) } })
            },
          }))
        : rowSlots(state.slots).map((row) => ({ slot: row.sheet, body: () => saveBody(row, state.versions) }))
    const busy = units.map(() => false)
    requests = [
      {
        method: 'POST',
        path: SAVE_MANY_PATH,
        setupRequest: (req, raw) => {
          const index = busy.indexOf(false)
          busy[index] = true
          ;(raw as WriteContext).index = index
          const unit = units[index]!
          return { ...req, headers: { ...req.headers, ...sessionHeaders(unit.slot.session) }, body: unit.body() }
        },
        onResponse: (_status, body, raw) => {
          const index = (raw as WriteContext).index!
          busy[index] = false
          note(readSaveAnswer(body, units[index]!.slot, state.versions))
        },
      },
    ]
  }
  const result = await autocannon({ url: base, connections, duration: seconds, requests, timeout: 10 })
  return { result, refused, ...(firstError ? { firstError } : {}) }
}

/**
 * Open loop: one-criterion saves sent at `rate` per second whatever the answers do, each on a row
 * no request in flight holds; latency from the moment the request was due (a late send counts).
 */
export async function runOpenLoop(base: string, rate: number, seconds: number, state: LoadState): Promise<{ latencies: number[]; errors: number; firstError?: string }> {
  const url = new URL(base)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 })
  const rows = rowSlots(state.slots)
  const busy = rows.map(() => false)
  const latencies: number[] = []
  let errors = 0
  let firstError: string | undefined
  const fail = (why: string) => {
    errors += 1
    firstError ??= why
  }
  const total = Math.round(rate * seconds)
  const start = performance.now() + 20
  let sent = 0
  let done = 0
  await new Promise<void>((resolve) => {
    const finish = () => {
      done += 1
      if (done === total) resolve()
    }
    const fire = (due: number) => {
      const index = busy.indexOf(false)
      if (index < 0) {
        fail('no free row (more than 2002 saves in flight)')
        return finish()
      }
      busy[index] = true
      const row = rows[index]!
      const body = saveBody(row, state.versions)
      const req = http.request(
        { host: url.hostname, port: url.port, path: SAVE_MANY_PATH, method: 'POST', agent, headers: { ...sessionHeaders(row.sheet.session), 'content-length': Buffer.byteLength(body) }, timeout: 10_000 },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            latencies.push(performance.now() - due)
            busy[index] = false
            const text = Buffer.concat(chunks).toString('utf8')
            const refused = readSaveAnswer(text, row.sheet, state.versions)
            if (res.statusCode !== 200 || refused !== undefined) fail(refused ?? `status ${res.statusCode}`)
            finish()
          })
        },
      )
      req.on('error', (error) => {
        busy[index] = false
        fail(error.message)
        finish()
      })
      req.on('timeout', () => req.destroy(new Error('timeout')))
      req.end(body)
    }
    const tick = () => {
      const now = performance.now()
      while (sent < total && start + (sent * 1000) / rate <= now) fire(start + (sent++ * 1000) / rate)
      if (sent < total) setTimeout(tick, 1)
    }
    setTimeout(tick, 20)
  })
  agent.destroy()
  return { latencies, errors, ...(firstError ? { firstError } : {}) }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

function figures(target: RunFigures['target'], scenario: Scenario, connections: number, run: { result: autocannon.Result; refused: number; firstError?: string }): RunFigures {
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

/** The bytes of an answer as they cross the wire (not decoded), for a client offering `encoding`. */
function wireBytes(base: string, pathname: string, cookie: string, encoding: string): Promise<number> {
  const url = new URL(pathname, base)
  return new Promise((resolve, reject) => {
    http
      .get({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers: { cookie, 'accept-encoding': encoding } }, (res) => {
        let n = 0
        res.on('data', (chunk: Buffer) => (n += chunk.length))
        res.on('end', () => resolve(n))
      })
      .on('error', reject)
  })
}

async function getJson(base: string, procedure: string, admin: Session, input?: unknown): Promise<unknown> {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`
  const res = await fetch(`${base}/trpc/${procedure}${query}`, { headers: { cookie: admin.cookie } })
  if (!res.ok) throw new Error(`${base}: ${procedure} answered ${res.status}`)
  return res.json()
}

/**
 * The baseline must answer what the server answers: the same national dashboard and the same branch
 * history, figure for figure (otherwise the comparison would measure different work). Throws on any difference.
 */
async function assertSameReads(serverBase: string, baselineBase: string, admin: Session, branchId: number): Promise<void> {
  for (const [procedure, input] of [
    ['dashboard.overview', undefined],
    ['dashboard.branchTrend', { branchId }],
  ] as const) {
    const [a, b] = await Promise.all([getJson(serverBase, procedure, admin, input), getJson(baselineBase, procedure, admin, input)])
    if (!isDeepStrictEqual(a, b)) {
      throw new Error(`the baseline's ${procedure} differs from the server's:\nserver   ${JSON.stringify(a).slice(0, 600)}\nbaseline ${JSON.stringify(b).slice(0, 600)}`)
    }
  }
}

/** A score row without what legitimately differs between two inspections and two moments. */
function normalScore(row: unknown): unknown {
  if (row === null || row === undefined) return null
  const r = row as Record<string, unknown>
  return { criterionCode: r.criterionCode, tierId: r.tierId, points: r.points === null ? null : Number(r.points), finding: r.finding, notApplicable: r.notApplicable, version: r.version }
}

const byCode = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b))

/**
 * The same requests against the server (on inspection `a`) and the baseline (on inspection `b`, the
 * same member, same starting versions): the same statuses, the same saved rows and current rows of a
 * conflict, and afterwards the same stored rows and the same audit entries (one per saved score,
 * same action, entity, snapshot, actor and address). Throws on any difference.
 */
async function assertSameWrites(url: string, serverBase: string, baselineBase: string, member: Session, admin: Session, a: number, b: number): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows: ids } = await client.query<{ id: number; username: string }>(`select id, username from app_user where username = $1`, [member.username])
    const memberId = ids[0]!.id
    const versions = async (inspectionId: number) =>
      new Map((await client.query<{ criterion_code: string; version: number }>(`select criterion_code, version from member_score where inspection_id = $1 and member_id = $2`, [inspectionId, memberId])).rows.map((r) => [r.criterion_code, r.version]))
    const [va, vb] = [await versions(a), await versions(b)]
    if (!isDeepStrictEqual(va, vb)) throw new Error(`write check: inspections ${a} and ${b} do not start from the same versions`)
    const v = (code: string) => va.get(code) ?? 0
    const [c0, c1, c2] = criteria
    const top = (c: (typeof criteria)[number]) => c.tiers[0]!.id
    const low = (c: (typeof criteria)[number]) => c.tiers.at(-1)!.id
    const steps: { who: Session; entries: Record<string, unknown>[] }[] = [
      // A full sheet: every criterion moves on one version.
      { who: member, entries: criteria.map((c, i) => ({ criterionCode: c.code, tierId: i % 2 ? low(c) : top(c), ...(i % 2 ? { finding: `  ${c.title.zh}：檢查 ` } : {}), expectedVersion: v(c.code) })) },
      // One criterion, then a stale one with a good one (nothing saved, CONFLICT with the current row).
      { who: member, entries: [{ criterionCode: c0!.code, tierId: top(c0!), expectedVersion: v(c0!.code) + 1 }] },
      { who: member, entries: [{ criterionCode: c1!.code, tierId: top(c1!), expectedVersion: v(c1!.code) + 1 }, { criterionCode: c0!.code, tierId: low(c0!), finding: '過期', expectedVersion: v(c0!.code) + 1 }] },
      // "I saw no score yet" on a stored row: CONFLICT.
      { who: member, entries: [{ criterionCode: c2!.code, tierId: top(c2!), expectedVersion: 0 }] },
      // Refusals before any write: unknown tier, deduction without a finding, a criterion twice, no seat.
      { who: member, entries: [{ criterionCode: c1!.code, tierId: 'no-such-tier', expectedVersion: v(c1!.code) + 1 }] },
      { who: member, entries: [{ criterionCode: c1!.code, tierId: low(c1!), finding: '   ', expectedVersion: v(c1!.code) + 1 }] },
      { who: member, entries: [{ criterionCode: c1!.code, tierId: top(c1!), expectedVersion: v(c1!.code) + 1 }, { criterionCode: c1!.code, tierId: top(c1!), expectedVersion: v(c1!.code) + 1 }] },
      { who: admin, entries: [{ criterionCode: c1!.code, tierId: top(c1!), expectedVersion: v(c1!.code) + 1 }] },
    ]
    const auditFrom = Number((await client.query<{ n: string }>(`select coalesce(max(id), 0) as n from audit_log`)).rows[0]!.n)
    const run = async (base: string, inspectionId: number) => {
      const answers: unknown[] = []
      for (const step of steps) {
        const res = await fetch(`${base}${SAVE_MANY_PATH}`, { method: 'POST', headers: sessionHeaders(step.who), body: JSON.stringify({ 0: { inspectionId, entries: step.entries } }) })
        const [answer] = (await res.json()) as { result?: { data: unknown[] }; error?: unknown }[]
        const current = currentRows(answer?.error)
        answers.push({
          status: res.status,
          saved: answer?.result?.data.map(normalScore).sort(byCode) ?? null,
          current: Array.isArray(current) ? current.map(normalScore).sort(byCode) : (current ?? null),
        })
      }
      const stored = (
        await client.query(`select criterion_code as "criterionCode", tier_id as "tierId", points, finding, not_applicable as "notApplicable", version from member_score where inspection_id = $1 and member_id = $2`, [
          inspectionId,
          memberId,
        ])
      ).rows
        .map(normalScore)
        .sort(byCode)
      const audit = (
        await client.query<{ actor_id: number; action: string; entity: string; entity_id: string; branch_id: number; before: unknown; after: unknown; ip: string; own_branch: boolean }>(
          `select a.actor_id, a.action, a.entity, a.entity_id, a.before, a.after, a.ip, a.branch_id = i.branch_id as own_branch
             from audit_log a join inspection i on i.id = $2 where a.id > $1 and a.entity_id like $3`,
          [auditFrom, inspectionId, `${inspectionId}:%`],
        )
      ).rows
        .map((r) => ({ ...r, entity_id: r.entity_id.slice(String(inspectionId).length), branch_id: undefined }))
        .sort(byCode)
      return { answers, stored, audit }
    }
    const server = await run(serverBase, a)
    const baseline = await run(baselineBase, b)
    for (const part of ['answers', 'stored', 'audit'] as const) {
      if (!isDeepStrictEqual(server[part], baseline[part])) {
        throw new Error(`the baseline's saveMany ${part} differ from the server's:\nserver   ${JSON.stringify(server[part]).slice(0, 1500)}\nbaseline ${JSON.stringify(baseline[part]).slice(0, 1500)}`)
      }
    }
    if (server.audit.length !== criteria.length + 1) throw new Error(`write check: expected ${criteria.length + 1} audit entries, found ${server.audit.length}`)
  } finally {
    await client.end()
  }
}

/**
 * Runs the whole load measurement: scratch database, server and baseline processes, every scenario
 * at 10 and 50 connections, `seconds` each, alternating server and baseline, then the open loop.
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
    const trendBranchId = (await client.query<{ id: number }>(`select branch_id as id from inspection where id = $1`, [dataset.scoringInspections[0]])).rows[0]!.id
    const recused = await recusedSheets(client, dataset.scoringInspections)
    await client.end()
    // Slot k: inspection k mod 13, scorer ⌊k / 13⌋ — spread over inspections first (row locks).
    // A member recused from a branch (the demo declares some) may not score it: no slot there.
    const slots: Slot[] = []
    for (const name of SCORERS) {
      for (const inspectionId of dataset.scoringInspections) {
        if (!recused.has(`${inspectionId}:${ids.get(name)}`)) slots.push({ inspectionId, session: sessions.get(name)!, memberId: ids.get(name)!, sent: 0 })
      }
    }
    const admin = sessions.get('admin')!
    await assertSameReads(server.base, baselineBase, admin, trendBranchId)
    const plain = await wireBytes(server.base, '/trpc/dashboard.overview', admin.cookie, 'identity')
    const brotli = await wireBytes(server.base, '/trpc/dashboard.overview', admin.cookie, 'gzip, deflate, br, zstd')
    log(`national overview over the wire: ${(plain / 1024).toFixed(1)} KB as JSON, ${(brotli / 1024).toFixed(1)} KB to a browser (brotli)`)
    const [a, b] = dataset.scoringInspections.slice(-2) as [number, number]
    await assertSameWrites(db.url, server.base, baselineBase, sessions.get('member6')!, admin, a, b)
    log('checked: the baseline answers the dashboards like the server, and the same saves leave the same rows and audit entries')

    const runs: RunFigures[] = []
    const rssSamples: number[] = []
    const idle = server.rssMiB() ?? 0
    const sampler = setInterval(() => {
      const v = server?.rssMiB()
      if (v) rssSamples.push(v)
    }, 250)
    const state = async (): Promise<LoadState> => ({ slots, versions: await loadVersions(db.url, dataset.scoringInspections), admin, trendBranchId })
    const targets = [
      ['server', server.base, server.pid],
      ['baseline', baselineBase, baseline.pid!],
    ] as const
    try {
      // Warm-up (not measured): both processes' JIT and pools see every scenario once.
      for (const scenario of SCENARIOS) for (const [, base] of targets) await runOne(base, scenario, 10, 1, await state())
      for (const scenario of SCENARIOS) {
        for (const connections of CONNECTIONS) {
          // Server and baseline take turns in short slices, so a burst of other work on a shared
          // machine falls on both instead of deciding the ratio.
          const slices = seconds >= 10 ? Math.round(seconds / SLICE_SECONDS) : 2
          const parts: Record<'server' | 'baseline', RunFigures[]> = { server: [], baseline: [] }
          for (let slice = 0; slice < slices; slice++) {
            for (const [target, base, pid] of targets) {
              await settle(db.url, [server.pid, baseline.pid!])
              const cpuBefore = cpuMs(pid)
              const run = figures(target, scenario, connections, await runOne(base, scenario, connections, seconds / slices, await state()))
              const cpuAfter = cpuMs(pid)
              if (cpuBefore !== null && cpuAfter !== null && run.requests > 0) run.cpuMsPerRequest = (cpuAfter - cpuBefore) / run.requests
              parts[target].push(run)
            }
          }
          for (const target of ['server', 'baseline'] as const) logRun(log, runs, combine(parts[target]))
        }
      }
      if (OPEN_LOOP) {
        const openSeconds = Math.max(5, seconds)
        const slices = openSeconds >= 10 ? Math.round(openSeconds / SLICE_SECONDS) : 2
        const parts: Record<'server' | 'baseline', { latencies: number[]; errors: number; cpu: number; firstError?: string }> = {
          server: { latencies: [], errors: 0, cpu: 0 },
          baseline: { latencies: [], errors: 0, cpu: 0 },
        }
        for (let slice = 0; slice < slices; slice++) {
          for (const [target, base, pid] of targets) {
            await settle(db.url, [server.pid, baseline.pid!])
            const cpuBefore = cpuMs(pid) ?? 0
            const run = await runOpenLoop(base, OPEN_RATE, openSeconds / slices, await state())
            parts[target].cpu += (cpuMs(pid) ?? 0) - cpuBefore
            parts[target].latencies.push(...run.latencies)
            parts[target].errors += run.errors
            parts[target].firstError ??= run.firstError
          }
        }
        for (const target of ['server', 'baseline'] as const) {
          const p = parts[target]
          const sorted = p.latencies.sort((x, y) => x - y)
          logRun(log, runs, {
            target,
            scenario: 'open',
            connections: 0,
            rps: Math.round((sorted.length / openSeconds) * 10) / 10,
            p50: Math.round(percentile(sorted, 50) * 10) / 10,
            p99: Math.round(percentile(sorted, 99) * 10) / 10,
            errors: p.errors,
            requests: sorted.length,
            cpuMsPerRequest: p.cpu / Math.max(1, sorted.length),
            ...(p.firstError ? { firstError: p.firstError } : {}),
          })
        }
      }
    } finally {
      clearInterval(sampler)
    }
    const rss = { idleMiB: idle, peakMiB: Math.max(idle, ...rssSamples), afterMiB: server.rssMiB() ?? 0 }
    log(`server RSS: ${rss.idleMiB} MiB idle, ${rss.peakMiB} MiB peak under load, ${rss.afterMiB} MiB after`)
    // What a branch office's browser downloads from this server (the built admin it serves).
    let transfer: TransferReport | null = null
    const transferResults: BenchResult[] = []
    try {
      transfer = await measureTransfer(server.base)
      transferResults.push(...transfer.results)
      for (const r of transfer.results) log(`${r.name}: ${r.value} ${r.unit} (${r.note ?? ''})`)
    } catch (error) {
      transferResults.push({ name: 'admin first/repeat visit transfer', value: NaN, unit: '', target: 'measured', pass: false, note: `not measured: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` })
    }
    const { results: _omit, ...transferFigures } = transfer ?? { results: [] }
    return {
      dataset,
      seconds,
      runs,
      rss,
      transfer: transfer ? (transferFigures as Omit<TransferReport, 'results'>) : null,
      results: [...judge(runs, rss, dataset, seconds), ...transferResults],
    }
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

function logRun(log: (line: string) => void, runs: RunFigures[], run: RunFigures): void {
  runs.push(run)
  const conn = run.scenario === 'open' ? `${OPEN_RATE}/s` : `${run.connections} conn`
  log(
    `${run.scenario.padEnd(8)} ${run.target.padEnd(8)} ${conn.padStart(7)}: ${run.rps} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ` +
      `${run.cpuMsPerRequest === undefined ? '' : `${run.cpuMsPerRequest.toFixed(2)} CPU ms/request, `}${run.errors} errors${run.firstError ? ` (first: ${run.firstError})` : ''}`,
  )
}

/** A target: what is measured, the rule, and whether the run met it. */
interface Rule {
  name: string
  value: number
  unit: string
  target: string
  pass: boolean
  note: string
}

/** The issue-18 targets, judged on one run's figures (ratios against the baseline measured alternating in the same run). */
function judge(runs: readonly RunFigures[], rss: LoadReport['rss'], dataset: DatasetInfo, seconds: number): BenchResult[] {
  const find = (target: string, scenario: string, connections: number) => runs.find((r) => r.target === target && r.scenario === scenario && r.connections === connections)
  const data = `${dataset.inspections} inspections, ${dataset.memberScores} member scores, ${seconds} s per run`
  const cpu = (s: RunFigures, b: RunFigures) => (s.cpuMsPerRequest !== undefined && b.cpuMsPerRequest !== undefined ? `; CPU per request ${s.cpuMsPerRequest.toFixed(2)} vs ${b.cpuMsPerRequest.toFixed(2)} ms` : '')
  const rules: Rule[] = []
  const share = (scenario: Scenario, connections: number, floor: number) => {
    const s = find('server', scenario, connections)
    const b = find('baseline', scenario, connections)
    if (!s || !b) return
    const value = b.rps > 0 ? Math.round((s.rps / b.rps) * 1000) / 10 : 0
    rules.push({ name: `${LABELS[scenario]}, ${connections} conn: share of baseline`, value, unit: '%', target: `≥ ${floor} %`, pass: value >= floor, note: `server ${s.rps} req/s vs baseline ${b.rps} req/s${cpu(s, b)}; ${data}` })
  }
  const p99 = (scenario: Scenario | 'open', connections: number, limit: number | 'report' | 'twice-baseline') => {
    const s = find('server', scenario, connections)
    const b = find('baseline', scenario, connections)
    if (!s || !b) return
    const bound = limit === 'twice-baseline' ? 2 * b.p99 : limit
    rules.push({
      name: `${LABELS[scenario]}${scenario === 'open' ? '' : `, ${connections} conn`}: p99 latency`,
      value: s.p99,
      unit: 'ms',
      target: limit === 'report' ? '(reported)' : limit === 'twice-baseline' ? `≤ 2 × baseline p99 (${bound} ms)` : `< ${limit} ms`,
      pass: typeof bound === 'number' ? (limit === 'twice-baseline' ? s.p99 <= bound : s.p99 < bound) : true,
      note: `p50 ${s.p50} ms; baseline p50 ${b.p50} / p99 ${b.p99} ms; server ${s.rps} req/s vs baseline ${b.rps}${cpu(s, b)}`,
    })
  }
  if (SCENARIOS.includes('save')) {
    share('save', 10, 60)
    share('save', 50, 60)
    p99('save', 10, 50)
    p99('save', 50, 'report')
  }
  if (SCENARIOS.includes('sheet')) {
    share('sheet', 10, 50)
    share('sheet', 50, 50)
    p99('sheet', 10, 100)
    p99('sheet', 50, 'twice-baseline')
  }
  for (const scenario of ['overview', 'trend'] as const) {
    if (!SCENARIOS.includes(scenario)) continue
    p99(scenario, 10, 'report')
    p99(scenario, 50, 50)
  }
  const overview = find('server', 'overview', 50)
  const overviewBase = find('baseline', 'overview', 50)
  if (overview && overviewBase) {
    rules.push({ name: `${LABELS.overview}, 50 conn: throughput`, value: overview.rps, unit: 'req/s', target: '≥ 2000 req/s', pass: overview.rps >= 2000, note: `baseline (computed per request, no cache) ${overviewBase.rps} req/s${cpu(overview, overviewBase)}` })
  }
  if (OPEN_LOOP) p99('open', 0, 50)
  const errors = runs.reduce((n, r) => n + r.errors, 0)
  rules.push({ name: 'errors (server and baseline, all runs)', value: errors, unit: 'errors', target: '0', pass: errors === 0, note: runs.filter((r) => r.errors > 0).map((r) => `${r.target} ${r.scenario} ${r.connections}: ${r.errors} (${r.firstError ?? ''})`).join('; ') })
  rules.push({ name: 'server RSS peak', value: rss.peakMiB, unit: 'MiB', target: '(reported)', pass: true, note: `idle ${rss.idleMiB} MiB, after ${rss.afterMiB} MiB` })
  return rules.map((r) => ({ ...r, name: `load ${r.name}` }))
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
