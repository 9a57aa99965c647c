// The baseline: the best raw implementation of the bench's scenarios that we know how to write —
// node:http + pg, no framework, no validation library, no query builder — with the server's
// guarantees and answers. It speaks the same tRPC wire format, so one load definition drives both.
//
// Writes (`inspection.score.saveMany`, one criterion or a whole member sheet), per request:
//   1. the session (one statement: session ⋈ user, active, absolute and idle expiry; touched like the server),
//   2. BEGIN,
//   3. the inspection under a shared lock (FOR SHARE) with the caller's seat on the round, their
//      recusal and the catalogue's content hash — one statement; role, recusal, status and every
//      tier and finding are checked against the catalogue (parsed once per content hash) in JS,
//   4. ONE statement for the whole sheet: the per-row version checks and updates, the inserts of
//      new rows (expectedVersion 0), one audit row per saved score, and the current row of every
//      stale entry — set-based from `unnest` arrays in data-modifying CTEs,
//   5. COMMIT (or ROLLBACK when an entry was stale: all or nothing, CONFLICT with the current rows).
// Reads (`dashboard.overview`, `dashboard.branchTrend`): the session, then the rows computed fresh
// from the stored totals every request (no cache); the branch history with its `comparable` basis
// (other catalogue versions carried by the recorded mapping with @leap/domain's carryScores).
//
// `bench/src/load.ts` checks before every run that, for the same requests, this leaves the database
// in the same state as the server (score rows and audit entries) and answers the same (statuses,
// saved rows, current rows of a conflict, dashboards figure for figure).
// Run as its own process:  DATABASE_URL=… SESSION_SECRET=… PORT=… tsx src/baseline-server.ts
import { createHmac } from 'node:crypto'
import http from 'node:http'
import { carryScores, isDomainError, type Catalogue, type CatalogueMapping } from '@leap/domain'
import pg from 'pg'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20, connectionTimeoutMillis: 5_000 })
pool.on('error', () => {})
const secret = process.env.SESSION_SECRET ?? ''
/** The server's defaults (SESSION_IDLE_MINUTES 120) and its touch interval (60 s). */
const IDLE_MS = Number(process.env.SESSION_IDLE_MINUTES ?? 120) * 60_000
const TOUCH_AFTER_MS = 60_000

interface Tier {
  id: string
  points: number
}
interface Criterion {
  code: string
  maxPoints: number
  tiers: Tier[]
}
interface CatalogueData {
  dimensions: { code: string; criteria: Criterion[] }[]
}
interface SessionUser {
  id: number
  agency_role: string | null
  branch_id: number | null
}

function cookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim()
  }
  return out
}

async function sessionUser(token: string | undefined): Promise<SessionUser | null> {
  if (!token) return null
  const id = createHmac('sha256', secret).update(token).digest('hex')
  const { rows } = await pool.query(
    `select s.expires_at, s.last_seen_at, u.id, u.agency_role, u.branch_id, u.active
     from user_session s join app_user u on u.id = s.user_id where s.id = $1`,
    [id],
  )
  const row = rows[0]
  const now = Date.now()
  if (!row || !row.active || row.expires_at.getTime() <= now || row.last_seen_at.getTime() + IDLE_MS <= now) return null
  if (now - row.last_seen_at.getTime() > TOUCH_AFTER_MS) await pool.query(`update user_session set last_seen_at = $1 where id = $2`, [new Date(now), id])
  return row
}

/** Parsed catalogues by content hash (a catalogue's content never changes under its hash): criteria by code. */
const catalogues = new Map<string, Map<string, Criterion>>()

interface EntryInput {
  criterionCode: string
  tierId: string
  finding?: string
  expectedVersion: number
}

type Answer = { status: number; body: unknown }

function refusal(status: number, code: string, message: string, extra: Record<string, unknown> = {}): Answer {
  return { status, body: { error: { message, code: -32_000, data: { code, httpStatus: status, path: 'inspection.score.saveMany', ...extra } } } }
}

const isInt = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= 2_147_483_647

/** Shape checks the server's zod schema makes (the subset of fields the bench sends). */
function parseSaveMany(input: unknown): { inspectionId: number; entries: EntryInput[] } | null {
  if (typeof input !== 'object' || input === null) return null
  const { inspectionId, entries } = input as { inspectionId?: unknown; entries?: unknown }
  if (!isInt(inspectionId, 1) || !Array.isArray(entries) || entries.length < 1 || entries.length > 300) return null
  for (const e of entries as Partial<EntryInput>[]) {
    if (typeof e !== 'object' || e === null) return null
    if (typeof e.criterionCode !== 'string' || e.criterionCode.trim().length < 1 || e.criterionCode.length > 64) return null
    if (typeof e.tierId !== 'string' || e.tierId.trim().length < 1 || e.tierId.length > 32) return null
    if (e.finding !== undefined && (typeof e.finding !== 'string' || e.finding.length > 4000)) return null
    if (!isInt(e.expectedVersion, 0)) return null
  }
  return { inspectionId, entries: entries as EntryInput[] }
}

/**
 * The whole sheet in one statement: version-checked updates and inserts from `unnest` arrays, one
 * audit row per saved score (the server's action, entity id and snapshot), and the current row of
 * each entry that was not saved (stale) — read from the statement's snapshot, i.e. as it was.
 */
const SAVE_SHEET = `
with input as (
  select * from unnest($3::text[], $4::text[], $5::numeric[], $6::text[], $7::int[]) as i(criterion_code, tier_id, points, finding, expected)
), updated as (
  update member_score m
     set tier_id = i.tier_id, points = i.points, finding = i.finding, not_applicable = false, version = m.version + 1, updated_at = $8
    from input i
   where m.inspection_id = $1 and m.member_id = $2 and m.criterion_code = i.criterion_code and i.expected > 0 and m.version = i.expected
  returning m.criterion_code, m.tier_id, m.points, m.finding, m.not_applicable, m.version
), inserted as (
  insert into member_score (inspection_id, member_id, criterion_code, tier_id, points, finding, not_applicable, version, updated_at)
  select $1, $2, i.criterion_code, i.tier_id, i.points, i.finding, false, 1, $8 from input i where i.expected = 0
  on conflict (inspection_id, member_id, criterion_code) do nothing
  returning criterion_code, tier_id, points, finding, not_applicable, version
), saved as (
  select * from updated union all select * from inserted
), audit as (
  insert into audit_log (at, actor_id, action, entity, entity_id, branch_id, after, ip)
  select $8, $2, 'inspection.score.save', 'member_score', $11::text || s.criterion_code, $9,
         jsonb_build_object('criterionCode', s.criterion_code, 'tierId', s.tier_id, 'points', s.points, 'finding', s.finding, 'notApplicable', s.not_applicable, 'version', s.version),
         $10
    from saved s
)
select true as saved, s.criterion_code, s.tier_id, s.points, s.finding, s.not_applicable, s.version, $8::timestamptz as updated_at from saved s
union all
select false, i.criterion_code, m.tier_id, m.points, m.finding, m.not_applicable, m.version, m.updated_at
  from input i left join member_score m on m.inspection_id = $1 and m.member_id = $2 and m.criterion_code = i.criterion_code
 where not exists (select 1 from saved s where s.criterion_code = i.criterion_code)`

interface SheetRow {
  saved: boolean
  criterion_code: string
  tier_id: string | null
  points: string | null
  finding: string | null
  not_applicable: boolean | null
  version: number | null
  updated_at: Date | null
}

function scoreRecord(inspectionId: number, memberId: number, r: SheetRow) {
  return {
    inspectionId,
    memberId,
    criterionCode: r.criterion_code,
    tierId: r.tier_id,
    points: r.points === null ? null : Number(r.points),
    finding: r.finding,
    notApplicable: r.not_applicable,
    version: r.version,
    updatedAt: r.updated_at,
  }
}

/** `inspection.score.saveMany`: one transaction, all or nothing, same rules and answers as the server. */
async function saveMany(user: SessionUser, raw: unknown, ip: string): Promise<Answer> {
  const input = parseSaveMany(raw)
  if (!input) return refusal(400, 'BAD_REQUEST', 'invalid input')
  const client = await pool.connect()
  let open = false
  try {
    await client.query('begin')
    open = true
    const inspection = (
      await client.query<{ branch_id: number; status: string; catalogue_id: number; content_md5: string; my_role: string | null; recused: boolean }>(
        `select i.branch_id, i.status, r.catalogue_id, c.content_md5, rm.role as my_role,
                exists (select 1 from conflict_of_interest x where x.round_id = i.round_id and x.branch_id = i.branch_id and x.user_id = $1) as recused
           from inspection i join round r on r.id = i.round_id join catalogue c on c.id = r.catalogue_id
           left join round_member rm on rm.round_id = i.round_id and rm.user_id = $1
          where i.id = $2 for share of i`,
        [user.id, input.inspectionId],
      )
    ).rows[0]
    // Visibility like the server's: agency, the caller's own branch, or a seat on the round.
    if (!inspection || (user.agency_role === null && user.branch_id !== inspection.branch_id && inspection.my_role === null)) {
      return refusal(404, 'NOT_FOUND', 'not found')
    }
    if (inspection.my_role !== 'member' && inspection.my_role !== 'convener') return refusal(403, 'FORBIDDEN', 'role not allowed')
    if (inspection.recused) return refusal(403, 'FORBIDDEN', 'recused')
    if (inspection.status !== 'scoring') return refusal(412, 'PRECONDITION_FAILED', 'not scoring')
    let criteria = catalogues.get(inspection.content_md5)
    if (!criteria) {
      const row = (await client.query<{ data: CatalogueData }>(`select data from catalogue where id = $1`, [inspection.catalogue_id])).rows[0]!
      criteria = new Map(row.data.dimensions.flatMap((d) => d.criteria).map((c) => [c.code, c]))
      catalogues.set(inspection.content_md5, criteria)
    }
    const n = input.entries.length
    const codes: string[] = new Array(n)
    const tiers: string[] = new Array(n)
    const points: number[] = new Array(n)
    const findings: (string | null)[] = new Array(n)
    const expected: number[] = new Array(n)
    const seen = new Set<string>()
    const issues: { path: string[]; message: string }[] = []
    for (let k = 0; k < n; k++) {
      const e = input.entries[k]!
      const code = e.criterionCode.trim()
      const criterion = criteria.get(code)
      const tier = criterion?.tiers.find((t) => t.id === e.tierId.trim())
      const finding = e.finding?.trim() || null
      if (!criterion) issues.push({ path: ['entries', String(k), 'criterionCode'], message: 'unknown criterion' })
      else if (seen.has(code)) issues.push({ path: ['entries', String(k), 'criterionCode'], message: 'scored twice' })
      else if (!tier) issues.push({ path: ['entries', String(k), 'tierId'], message: 'unknown tier' })
      else if (tier.points < criterion.maxPoints && finding === null) issues.push({ path: ['entries', String(k), 'finding'], message: 'finding required' })
      seen.add(code)
      codes[k] = code
      tiers[k] = tier?.id ?? ''
      points[k] = tier?.points ?? 0
      findings[k] = finding
      expected[k] = e.expectedVersion
    }
    if (issues.length > 0) return refusal(400, 'BAD_REQUEST', 'invalid score', { fieldErrors: issues })
    const now = new Date()
    const rows = (await client.query<SheetRow>(SAVE_SHEET, [input.inspectionId, user.id, codes, tiers, points, findings, expected, now, inspection.branch_id, ip, `${input.inspectionId}:${user.id}:`])).rows
    const stale = rows.filter((r) => !r.saved)
    if (stale.length > 0) {
      return refusal(409, 'CONFLICT', 'changed since you loaded it', {
        current: stale.map((r) => (r.version === null ? null : scoreRecord(input.inspectionId, user.id, r))),
      })
    }
    await client.query('commit')
    open = false
    // In the order of the request's entries, like the server.
    const byCode = new Map(rows.map((r) => [r.criterion_code, r]))
    return { status: 200, body: { result: { data: codes.map((c) => scoreRecord(input.inspectionId, user.id, byCode.get(c)!)) } } }
  } finally {
    if (open) await client.query('rollback').catch(() => {})
    client.release()
  }
}

interface Cell {
  inspection_id: number
  round_id: number
  roc_year: number
  half: number
  branch_id: number
  status: string
  total_points: string | null
  pass_threshold: string | null
  passed: boolean | null
}

/** Each group's figures in one pass over the cells (averages in exact hundredths). */
function tallyBy(cells: readonly { roundId: number; branchId: number; total: number | null; passed: boolean | null }[], key: 'roundId' | 'branchId') {
  const sums = new Map<number, { inspections: number; signed: number; passed: number; failed: number; hundredths: number }>()
  for (const c of cells) {
    let s = sums.get(c[key])
    if (!s) sums.set(c[key], (s = { inspections: 0, signed: 0, passed: 0, failed: 0, hundredths: 0 }))
    s.inspections += 1
    if (c.total === null) continue
    s.signed += 1
    s.hundredths += Math.round(c.total * 100)
    if (c.passed === true) s.passed += 1
    else if (c.passed === false) s.failed += 1
  }
  return new Map(
    [...sums].map(([k, s]) => [k, { inspections: s.inspections, signed: s.signed, passed: s.passed, failed: s.failed, average: s.signed === 0 ? null : Math.round(s.hundredths / s.signed) / 100 }]),
  )
}

const CELL_COLUMNS = `i.id as inspection_id, i.round_id, r.roc_year, r.half, i.branch_id, i.status, i.total_points, i.pass_threshold, i.passed`

function toCell(r: Cell) {
  return {
    inspectionId: r.inspection_id,
    roundId: r.round_id,
    rocYear: r.roc_year,
    half: r.half,
    branchId: r.branch_id,
    status: r.status,
    total: r.total_points === null ? null : Number(r.total_points),
    passThreshold: r.pass_threshold === null ? null : Number(r.pass_threshold),
    passed: r.passed,
  }
}

/** `dashboard.overview` for an agency user: the stored totals of every inspection, tallied per round and branch, and on the newest catalogue's basis. */
async function overview(): Promise<unknown> {
  const rows = (await pool.query<Cell>(`select ${CELL_COLUMNS} from inspection i join round r on r.id = i.round_id order by r.roc_year, r.half, i.branch_id`)).rows
  const cells = rows.map(toCell)
  const byRound = tallyBy(cells, 'roundId')
  const byBranch = tallyBy(cells, 'branchId')
  const [rounds, branches] = await Promise.all([
    pool.query<TrendRound>(`select ${ROUND_COLUMNS} from round r join catalogue c on c.id = r.catalogue_id where r.id = any($1) order by r.roc_year, r.half`, [[...byRound.keys()]]),
    pool.query<{ id: number; code: string; name: string; name_en: string }>(`select id, code, name, name_en from branch order by id`),
  ])
  const comparable = await comparableTrend(rows, rounds.rows)
  return {
    rounds: rounds.rows.map((r) => ({ id: r.id, rocYear: r.roc_year, half: r.half, status: r.status, catalogueId: r.catalogue_id, ...byRound.get(r.id) })),
    branches: branches.rows.filter((b) => byBranch.has(b.id)).map((b) => ({ id: b.id, code: b.code, name: b.name, nameEn: b.name_en, ...byBranch.get(b.id) })),
    cells,
    comparable,
  }
}

/** A round with what the comparison basis needs of its catalogue. */
const ROUND_COLUMNS = `r.id, r.roc_year, r.half, r.status, r.catalogue_id, c.title as catalogue_title, c.data->'title'->>'en' as catalogue_title_en, c.version as catalogue_version, c.content_md5`

interface TrendRound {
  id: number
  roc_year: number
  half: number
  status: string
  catalogue_id: number
  catalogue_title: string
  catalogue_title_en: string
  catalogue_version: number
  content_md5: string
  dimensions?: { code: string; title: string; maxPoints: number }[]
}

/** Parsed domain catalogues by content hash (content never changes under its hash), for carrying scores. */
const domainCatalogues = new Map<string, Catalogue>()

type BasisReason = 'same' | 'carried' | 'noMapping' | 'notSigned'
interface ComparablePoint {
  inspectionId: number
  catalogueId: number
  total: number | null
  passed: boolean | null
  comparable: boolean
  reason: BasisReason
  uncarried?: string[]
  via?: number[]
}

interface StoredMapping {
  from_catalogue_id: number
  to_catalogue_id: number
  data: CatalogueMapping
}

/** The shortest chain of stored mappings from `sourceId` to `basisId` (breadth first), or null. */
function chainTo(mappings: readonly StoredMapping[], sourceId: number, basisId: number): StoredMapping[] | null {
  const cameBy = new Map<number, StoredMapping | null>([[sourceId, null]])
  for (const queue = [sourceId]; queue.length > 0 && !cameBy.has(basisId); ) {
    const at = queue.shift()!
    for (const m of mappings) {
      if (m.from_catalogue_id !== at || cameBy.has(m.to_catalogue_id)) continue
      cameBy.set(m.to_catalogue_id, m)
      queue.push(m.to_catalogue_id)
    }
  }
  if (!cameBy.has(basisId)) return null
  const chain: StoredMapping[] = []
  for (let step = cameBy.get(basisId); step; step = cameBy.get(step.from_catalogue_id)) chain.unshift(step)
  return chain
}

/**
 * The trend on the newest round's catalogue (the server's `comparableTrend`, issue 19): a point of
 * another catalogue is carried by the recorded mapping to the basis (the domain's `carryScores` on
 * its consensus points, not-applicable and unscored criteria left out), else marked `noMapping`;
 * unsigned points are `notSigned`. Set-based: the mappings, the consensus points of every point to
 * carry and any catalogue not yet parsed are read in three statements at once, whatever the
 * number of rounds.
 */
async function comparableTrend(cells: readonly Pick<Cell, 'inspection_id' | 'round_id' | 'total_points' | 'passed'>[], rounds: readonly TrendRound[]) {
  const newest = rounds[rounds.length - 1]
  if (!newest) return { basis: null, points: [] }
  const basisId = newest.catalogue_id
  const roundOf = new Map(rounds.map((r) => [r.id, r]))
  const toCarry: number[] = []
  const sourceIds = new Set<number>()
  for (const c of cells) {
    const catalogueId = roundOf.get(c.round_id)?.catalogue_id ?? basisId
    if (c.total_points === null || catalogueId === basisId) continue
    toCarry.push(c.inspection_id)
    sourceIds.add(catalogueId)
  }
  const [mappings, scores] = await Promise.all([
    sourceIds.size === 0 ? null : pool.query<StoredMapping>(`select from_catalogue_id, to_catalogue_id, data from catalogue_mapping`),
    toCarry.length === 0
      ? null
      : pool.query<{ inspection_id: number; criterion_code: string; points: string }>(
          `select inspection_id, criterion_code, points from consensus_score where inspection_id = any($1) and not_applicable = false and points is not null`,
          [toCarry],
        ),
  ])
  const chains = new Map([...sourceIds].map((id) => [id, chainTo(mappings?.rows ?? [], id, basisId)]))
  // Every catalogue a point or a chain step needs, parsed once per content hash.
  const needed = new Set([basisId, ...[...chains.values()].flatMap((chain) => (chain ?? []).flatMap((m) => [m.from_catalogue_id, m.to_catalogue_id]))])
  const hashes = await pool.query<{ id: number; content_md5: string }>(`select id, content_md5 from catalogue where id = any($1)`, [[...needed]])
  const hashOf = new Map(hashes.rows.map((r) => [r.id, r.content_md5]))
  const unparsed = [...needed].filter((id) => !domainCatalogues.has(hashOf.get(id)!))
  if (unparsed.length > 0) {
    for (const row of (await pool.query<{ content_md5: string; data: Catalogue }>(`select content_md5, data from catalogue where id = any($1)`, [unparsed])).rows) domainCatalogues.set(row.content_md5, row.data)
  }
  const catalogueById = (id: number) => domainCatalogues.get(hashOf.get(id)!)!
  const scored = new Map<number, Record<string, number>>()
  for (const s of scores?.rows ?? []) {
    let sheet = scored.get(s.inspection_id)
    if (!sheet) scored.set(s.inspection_id, (sheet = {}))
    sheet[s.criterion_code] = Number(s.points)
  }
  const points: ComparablePoint[] = cells.map((c) => {
    const catalogueId = roundOf.get(c.round_id)?.catalogue_id ?? basisId
    const base = { inspectionId: c.inspection_id, catalogueId }
    if (c.total_points === null) return { ...base, total: null, passed: null, comparable: false, reason: 'notSigned' }
    if (catalogueId === basisId) return { ...base, total: Number(c.total_points), passed: c.passed, comparable: true, reason: 'same' }
    const chain = chains.get(catalogueId)
    if (!chain) return { ...base, total: null, passed: null, comparable: false, reason: 'noMapping' }
    try {
      let sheet = scored.get(c.inspection_id) ?? {}
      let carried: ReturnType<typeof carryScores> | null = null
      for (const m of chain) {
        carried = carryScores(m.data, catalogueById(m.from_catalogue_id), catalogueById(m.to_catalogue_id), sheet)
        sheet = carried.points
      }
      const via = chain.slice(1).map((m) => m.from_catalogue_id)
      return { ...base, total: carried!.total, passed: carried!.passed, comparable: true, reason: 'carried', uncarried: carried!.uncarried, ...(via.length > 0 ? { via } : {}) }
    } catch (error) {
      // A mapping stored before its catalogue changed no longer fits: not comparable, like the server.
      if (!isDomainError(error)) throw error
      return { ...base, total: null, passed: null, comparable: false, reason: 'noMapping' }
    }
  })
  return { basis: { catalogueId: basisId, title: newest.catalogue_title, titleEn: newest.catalogue_title_en, version: newest.catalogue_version }, points }
}

/** `dashboard.branchTrend` for an agency user: the branch, its rounds with their dimension heads, its cells with subtotals. */
async function branchTrend(raw: unknown): Promise<Answer> {
  const branchId = (raw as { branchId?: unknown } | null)?.branchId
  if (!isInt(branchId, 1)) return refusal(400, 'BAD_REQUEST', 'invalid input')
  const [branch, cells] = await Promise.all([
    pool.query<{ id: number; code: string; name: string; name_en: string }>(`select id, code, name, name_en from branch where id = $1`, [branchId]),
    pool.query<Cell & { dimension_totals: unknown }>(`select ${CELL_COLUMNS}, i.dimension_totals from inspection i join round r on r.id = i.round_id where i.branch_id = $1 order by r.roc_year, r.half, i.branch_id`, [branchId]),
  ])
  const b = branch.rows[0]
  if (!b) return { status: 404, body: { error: { message: 'not found', code: -32_004, data: { code: 'NOT_FOUND', httpStatus: 404 } } } }
  const rounds = await pool.query<TrendRound>(
    `select ${ROUND_COLUMNS},
            (select coalesce(jsonb_agg(jsonb_build_object('code', d.value->>'code', 'title', d.value->'title'->>'zh', 'maxPoints', d.value->'maxPoints') order by d.ordinality), '[]'::jsonb)
               from jsonb_array_elements(c.data->'dimensions') with ordinality as d) as dimensions
       from round r join catalogue c on c.id = r.catalogue_id where r.id = any($1) order by r.roc_year, r.half`,
    [cells.rows.map((c) => c.round_id)],
  )
  const comparable = await comparableTrend(cells.rows, rounds.rows)
  return {
    status: 200,
    body: {
      result: {
        data: {
          branch: { id: b.id, code: b.code, name: b.name, nameEn: b.name_en },
          rounds: rounds.rows.map((r) => ({
            id: r.id,
            rocYear: r.roc_year,
            half: r.half,
            status: r.status,
            catalogueId: r.catalogue_id,
            dimensions: (r.dimensions ?? []).map((d) => ({ code: d.code, title: d.title, maxPoints: Number(d.maxPoints) })),
          })),
          points: cells.rows.map((r) => ({ ...toCell(r), dimensions: r.dimension_totals ?? null })),
          comparable,
        },
      },
    },
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** A tRPC request: the procedure path and its input (`?batch=1` with `{"0": input}`, or a plain body / `?input=`). */
function callOf(req: http.IncomingMessage, url: URL, body: string): { path: string; batch: boolean; input: unknown } {
  const path = url.pathname.slice('/trpc/'.length)
  const batch = url.searchParams.get('batch') === '1'
  const text = req.method === 'GET' ? (url.searchParams.get('input') ?? '') : body
  const parsed: unknown = text === '' ? undefined : JSON.parse(text)
  return { path, batch, input: batch ? (parsed as Record<string, unknown> | undefined)?.['0'] : parsed }
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (url.pathname === '/healthz') return send(res, 200, { status: 'ok' })
      if (!url.pathname.startsWith('/trpc/')) return send(res, 404, { error: { message: 'no such route' } })
      const jar = cookies(req.headers.cookie)
      const call = callOf(req, url, Buffer.concat(chunks).toString('utf8'))
      const reply = (answer: Answer) => send(res, answer.status, call.batch ? [answer.body] : answer.body)
      if (req.method === 'POST' && (!jar.leap_csrf || req.headers['x-csrf-token'] !== jar.leap_csrf)) return reply(refusal(403, 'FORBIDDEN', 'CSRF'))
      const user = await sessionUser(jar.leap_session)
      if (!user) return reply(refusal(401, 'UNAUTHORIZED', 'sign in first'))
      if (req.method === 'GET' && call.path === 'dashboard.overview' && user.agency_role !== null) return reply({ status: 200, body: { result: { data: await overview() } } })
      if (req.method === 'GET' && call.path === 'dashboard.branchTrend' && user.agency_role !== null) return reply(await branchTrend(call.input))
      if (req.method === 'POST' && call.path === 'inspection.score.saveMany') return reply(await saveMany(user, call.input, req.socket.remoteAddress ?? ''))
      send(res, 404, { error: { message: 'no such procedure in the baseline' } })
    })().catch((error: unknown) => send(res, 500, { error: { message: error instanceof Error ? error.message : String(error) } }))
  })
})
server.keepAliveTimeout = 65_000
server.listen(Number(process.env.PORT ?? 3999), '127.0.0.1')
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))))
