// The baseline: node:http + pg issuing the same SQL as the server for the two load scenarios, with
// nothing else (no framework, no validation library, no query builder). It speaks the same tRPC
// wire format, so one load definition drives both. Run as its own process:
//   DATABASE_URL=… SESSION_SECRET=… PORT=… tsx src/baseline-server.ts
import { createHmac } from 'node:crypto'
import http from 'node:http'
import pg from 'pg'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20, connectionTimeoutMillis: 5_000 })
pool.on('error', () => {})
const secret = process.env.SESSION_SECRET ?? ''

interface Tier {
  id: string
  points: number
}
interface CatalogueData {
  dimensions: { code: string; title: { zh: string }; maxPoints: number; criteria: { code: string; maxPoints: number; tiers: Tier[] }[] }[]
}
interface SessionUser {
  id: number
  agency_role: string | null
  branch_id: number | null
  branch_role: string | null
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
    `select "user_session"."expires_at", "user_session"."last_seen_at", "app_user"."id", "app_user"."username", "app_user"."display_name",
       "app_user"."agency_role", "app_user"."branch_id", "app_user"."branch_role", "app_user"."active"
     from "user_session" inner join "app_user" on "app_user"."id" = "user_session"."user_id" where "user_session"."id" = $1`,
    [id],
  )
  const row = rows[0]
  if (!row || !row.active || row.expires_at.getTime() <= Date.now()) return null
  return row
}

/** Parsed catalogues by content hash, like the server's cache. */
const catalogues = new Map<string, { data: CatalogueData }>()

const scoreColumns = `"inspection_id", "member_id", "criterion_code", "tier_id", "points", "finding", "not_applicable", "version", "updated_at"`

interface SaveInput {
  inspectionId: number
  criterionCode: string
  tierId: string
  finding?: string
  expectedVersion: number
}

/** One `inspection.score.save`: the server's statements in the server's order, in one transaction. */
async function saveScore(user: SessionUser, input: SaveInput, ip: string): Promise<{ status: number; body: unknown }> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    // Like the server: the inspection, the caller's seat and recusal and the catalogue's content
    // hash in one statement; the catalogue's content from a cache keyed by that hash.
    const inspection = (
      await client.query(
        `select "inspection"."id", "inspection"."round_id", "round"."roc_year", "round"."half", "round"."catalogue_id", "inspection"."branch_id",
           "branch"."code" as "branch_code", "branch"."name" as "branch_name", "inspection"."inspected_on"::text as "inspected_on", "inspection"."status",
           "inspection"."version", "inspection"."total_points", "inspection"."pass_threshold", "inspection"."passed", "inspection"."dimension_totals",
           "inspection"."signed_at", "inspection"."signed_by", "inspection"."closed_at", "inspection"."closed_by", "inspection"."created_at", "inspection"."updated_at",
           "catalogue"."code" as "catalogue_code", "catalogue"."version" as "catalogue_version", "catalogue"."title" as "catalogue_title",
           "catalogue"."effective_roc_year" as "catalogue_effective_roc_year", "catalogue"."locked_at" as "catalogue_locked_at",
           "catalogue"."created_at" as "catalogue_created_at", "catalogue"."content_md5" as "catalogue_content_md5", "round_member"."role" as "my_role",
           exists (select "conflict_of_interest"."id" from "conflict_of_interest" where "conflict_of_interest"."round_id" = "inspection"."round_id"
             and "conflict_of_interest"."branch_id" = "inspection"."branch_id" and "conflict_of_interest"."user_id" = $1) as "recused"
         from "inspection" inner join "round" on "round"."id" = "inspection"."round_id" inner join "branch" on "branch"."id" = "inspection"."branch_id"
           inner join "catalogue" on "catalogue"."id" = "round"."catalogue_id"
           left join "round_member" on "round_member"."round_id" = "inspection"."round_id" and "round_member"."user_id" = $2
         where "inspection"."id" = $3 for share of "inspection"`,
        [user.id, user.id, input.inspectionId],
      )
    ).rows[0]
    if (!inspection || (user.agency_role === null && user.branch_id !== inspection.branch_id && inspection.my_role === null)) {
      await client.query('rollback')
      return { status: 404, body: { error: { message: 'not found' } } }
    }
    let catalogue = catalogues.get(inspection.catalogue_content_md5)
    if (!catalogue) {
      const row = (await client.query(`select "data", "content_md5" from "catalogue" where "id" = $1`, [inspection.catalogue_id])).rows[0] as { data: CatalogueData; content_md5: string }
      catalogue = row
      catalogues.set(row.content_md5, row)
    }
    const roles = inspection.my_role === null ? [] : [{ role: inspection.my_role as string }]
    const recused = inspection.recused ? [inspection] : []
    const criterion = catalogue.data.dimensions.flatMap((d) => d.criteria).find((c) => c.code === input.criterionCode)
    const tier = criterion?.tiers.find((t) => t.id === input.tierId)
    if (!roles.some((r) => r.role === 'member' || r.role === 'convener') || recused.length > 0 || inspection.status !== 'scoring' || !criterion || !tier) {
      await client.query('rollback')
      return { status: 400, body: { error: { message: 'refused' } } }
    }
    const finding = input.finding?.trim() || null
    const now = new Date()
    const value = [input.criterionCode, tier.id, tier.points, finding, false]
    const row =
      input.expectedVersion === 0
        ? (
            await client.query(
              `insert into "member_score" ("inspection_id", "member_id", "criterion_code", "tier_id", "points", "finding", "not_applicable", "version", "updated_at")
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict ("inspection_id", "member_id", "criterion_code") do nothing returning ${scoreColumns}`,
              [inspection.id, user.id, ...value, 1, now],
            )
          ).rows[0]
        : (
            await client.query(
              `update "member_score" set "criterion_code" = $1, "tier_id" = $2, "points" = $3, "finding" = $4, "not_applicable" = $5, "version" = "version" + $6, "updated_at" = $7
               where "inspection_id" = $8 and "member_id" = $9 and "criterion_code" = $10 and "version" = $11 returning ${scoreColumns}`,
              [...value, 1, now, inspection.id, user.id, input.criterionCode, input.expectedVersion],
            )
          ).rows[0]
    if (!row) {
      const current = (await client.query(`select ${scoreColumns} from "member_score" where "inspection_id" = $1 and "member_id" = $2 and "criterion_code" = $3`, [inspection.id, user.id, input.criterionCode])).rows[0]
      await client.query('rollback')
      return { status: 409, body: { error: { message: 'changed since you loaded it', data: { code: 'CONFLICT', current: current && { criterionCode: current.criterion_code, version: current.version } } } } }
    }
    await client.query(
      `insert into "audit_log" ("at", "actor_id", "action", "entity", "entity_id", "branch_id", "before", "after", "ip") values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [now, user.id, 'inspection.score.save', 'member_score', `${inspection.id}:${user.id}:${input.criterionCode}`, inspection.branch_id, null, JSON.stringify({ criterionCode: input.criterionCode, tierId: tier.id, points: tier.points, finding, notApplicable: false, version: row.version }), ip],
    )
    await client.query('commit')
    return { status: 200, body: { result: { data: { inspectionId: row.inspection_id, memberId: row.member_id, criterionCode: row.criterion_code, tierId: row.tier_id, points: Number(row.points), finding: row.finding, notApplicable: row.not_applicable, version: row.version, updatedAt: row.updated_at } } } }
  } catch (error) {
    await client.query('rollback').catch(() => {})
    throw error
  } finally {
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

/** Like the server: each group's figures in one pass over the cells. */
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

/** `dashboard.overview` for an agency user: the server's statements (after the session), the same figures. */
async function overview(): Promise<unknown> {
  const rows = (
    await pool.query<Cell>(
      `select "inspection"."id" as "inspection_id", "inspection"."round_id", "round"."roc_year", "round"."half", "inspection"."branch_id", "inspection"."status",
         "inspection"."total_points", "inspection"."pass_threshold", "inspection"."passed"
       from "inspection" inner join "round" on "round"."id" = "inspection"."round_id" order by "round"."roc_year", "round"."half", "inspection"."branch_id"`,
    )
  ).rows
  const cells = rows.map((r) => ({
    inspectionId: r.inspection_id,
    roundId: r.round_id,
    rocYear: r.roc_year,
    half: r.half,
    branchId: r.branch_id,
    status: r.status,
    total: r.total_points === null ? null : Number(r.total_points),
    passThreshold: r.pass_threshold === null ? null : Number(r.pass_threshold),
    passed: r.passed,
  }))
  const byRound = tallyBy(cells, 'roundId')
  const byBranch = tallyBy(cells, 'branchId')
  const roundIds = [...byRound.keys()]
  const [rounds, branches] = await Promise.all([
    pool.query<{ id: number; roc_year: number; half: number; status: string; catalogue_id: number }>(
      `select "round"."id", "round"."roc_year", "round"."half", "round"."status", "round"."catalogue_id"
       from "round" where "round"."id" in (${roundIds.map((_, i) => `$${i + 1}`).join(', ')})
       order by "round"."roc_year", "round"."half"`,
      roundIds,
    ),
    pool.query<{ id: number; code: string; name: string; name_en: string }>(`select "id", "code", "name", "name_en" from "branch" order by "id"`),
  ])
  return {
    rounds: rounds.rows.map((r) => ({
      id: r.id,
      rocYear: r.roc_year,
      half: r.half,
      status: r.status,
      catalogueId: r.catalogue_id,
      ...byRound.get(r.id),
    })),
    branches: branches.rows.filter((b) => byBranch.has(b.id)).map((b) => ({ id: b.id, code: b.code, name: b.name, nameEn: b.name_en, ...byBranch.get(b.id) })),
    cells,
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    void (async () => {
      const jar = cookies(req.headers.cookie)
      const url = new URL(req.url ?? '/', 'http://x')
      if (url.pathname === '/healthz') return send(res, 200, { status: 'ok' })
      const user = await sessionUser(jar.leap_session)
      if (!user) return send(res, 401, { error: { message: 'sign in first' } })
      if (req.method === 'GET' && url.pathname === '/trpc/dashboard.overview') return send(res, 200, { result: { data: await overview() } })
      if (req.method === 'POST' && url.pathname.startsWith('/trpc/inspection.score.save')) {
        if (!jar.leap_csrf || req.headers['x-csrf-token'] !== jar.leap_csrf) return send(res, 403, { error: { message: 'CSRF' } })
        const batch = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, SaveInput>
        // Like tRPC: the calls of a batch run concurrently, each in its own transaction.
        const results = await Promise.all(Object.values(batch).map((input) => saveScore(user, input, req.socket.remoteAddress ?? '')))
        const status = results.every((r) => r.status === 200) ? 200 : 207
        return send(res, status, results.map((r) => r.body))
      }
      send(res, 404, { error: { message: 'no such route' } })
    })().catch((error: unknown) => send(res, 500, { error: { message: error instanceof Error ? error.message : String(error) } }))
  })
})
server.listen(Number(process.env.PORT ?? 3999), '127.0.0.1')
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))))
