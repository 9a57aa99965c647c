import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addCalendarDays, formatRocDate, roundOf, roundRange, taipeiDate, type IsoDate } from '@leap/domain'
import { TRPCError } from '@trpc/server'
import ExcelJS from 'exceljs'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PolicyMap, ProcedurePolicy } from '../access/matrix/access-spec.js'
import { buildApp } from '../http/app.js'
import { callerFor } from '../test/fixtures.js'
import { sessionCookie } from '../test/http-app.js'
import { createInspectionWorld, type InspectionWorld } from '../test/inspection-world.js'
import { useTestDatabase } from '../test/test-database.js'
import { appRouter } from '../trpc/app-router.js'
import type { SessionUser } from '../trpc/context.js'

declare global {
  interface ImportMeta {
    glob<T>(pattern: string, options: { eager: true }): Record<string, T>
  }
}

/**
 * Unannounced inspections (不定期考核): before the inspection day (Asia/Taipei) no branch user
 * learns of a scheduled inspection or its date through any procedure or /api route. This test
 * schedules one for TPE in the future, then calls every procedure a branch user may call (with
 * their own inputs and with inputs aimed at the hidden inspection and its round) and every GET
 * /api route, and searches every answer — JSON, PDF text, Excel cells, .docx text — for the date
 * (ISO and ROC forms) and the inspection's and round's ids.
 */

const modules = import.meta.glob<{ policy?: PolicyMap }>('../access/matrix/*.access-spec.ts', { eager: true })
const policies = new Map<string, ProcedurePolicy>()
for (const module of Object.values(modules)) for (const [path, entry] of Object.entries(module.policy ?? {})) policies.set(path, entry)

interface ProcedureLike {
  _def: { type: 'query' | 'mutation' | 'subscription' }
}
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureLike>).map(([path, p]) => ({ path, type: p._def.type }))

const SECRET = 'unannounced-test-secret-0123456789abcdef'
// Ids no other record of the test reaches, so finding one in an answer means this inspection/round.
const HIDDEN_INSPECTION_ID = 987_651
const HIDDEN_ROUND_ID = 876_541

const database = useTestDatabase({ reset: 'never' })
let world: InspectionWorld
let app: FastifyInstance
let hiddenDay: IsoDate
let todayInspectionId: number

function secretsIn(text: string): string[] {
  const found: string[] = []
  for (const form of [hiddenDay, formatRocDate(hiddenDay, 'long'), formatRocDate(hiddenDay, 'slash'), formatRocDate(hiddenDay, 'compact'), hiddenDay.replaceAll('-', '/')]) {
    if (text.includes(form)) found.push(form)
  }
  for (const id of [HIDDEN_INSPECTION_ID, HIDDEN_ROUND_ID]) if (new RegExp(`(?<![0-9])${id}(?![0-9])`).test(text)) found.push(String(id))
  return found
}

beforeAll(async () => {
  world = await createInspectionWorld(database)
  const admin = world.as(world.users.admin)
  const today = taipeiDate(new Date())
  const half = roundOf(addCalendarDays(today, 1))
  const range = roundRange(half)
  hiddenDay = addCalendarDays(today, 3) > range.end ? range.end : addCalendarDays(today, 3)
  await sql`select setval('round_id_seq', ${HIDDEN_ROUND_ID - 1})`.execute(database.db)
  await sql`select setval('inspection_id_seq', ${HIDDEN_INSPECTION_ID - 1})`.execute(database.db)
  const roster = [
    { userId: world.users.convener.id, role: 'convener' as const },
    { userId: world.users.member.id, role: 'member' as const },
  ]
  const round = await admin.round.create({ ...half, catalogueId: world.catalogueId, roster })
  expect(round.id).toBe(HIDDEN_ROUND_ID)
  const hidden = await admin.inspection.create({ roundId: round.id, branchId: world.users.branchIds.TPE!, inspectedOn: hiddenDay })
  expect(hidden.id).toBe(HIDDEN_INSPECTION_ID)
  // The day has come for ILA: scheduled today, in today's half year.
  await sql`select setval('inspection_id_seq', 500)`.execute(database.db)
  await sql`select setval('round_id_seq', 400)`.execute(database.db)
  const todayHalf = roundOf(today)
  const todayRound = todayHalf.half === half.half && todayHalf.rocYear === half.rocYear ? round : await admin.round.create({ ...todayHalf, catalogueId: world.catalogueId, roster })
  todayInspectionId = (await admin.inspection.create({ roundId: todayRound.id, branchId: world.users.branchIds.ILA!, inspectedOn: today })).id
  // Something for the branch's past inspection to show: it was scored and the round's convener started it.
  await world.as(world.users.convener).inspection.startScoring({ id: world.inspectionId, expectedVersion: 1 })
  app = await buildApp({ database, logLevel: 'silent', sessionSecret: SECRET })
}, 120_000)

afterAll(async () => {
  await app?.close()
})

/** What one call answered, as text: the result, or the refusal's code, message and data. */
async function answer(user: SessionUser, path: string, input: unknown): Promise<string> {
  let target: unknown = callerFor(database, user)
  for (const key of path.split('.')) target = (target as Record<string, unknown>)[key]
  try {
    return JSON.stringify(await (target as (input: unknown) => Promise<unknown>)(input)) ?? ''
  } catch (error) {
    if (error instanceof TRPCError) return JSON.stringify({ code: error.code, message: error.message, cause: String(error.cause) })
    return `non-tRPC error: ${String(error)}`
  }
}

function branchMayCall(policy: ProcedurePolicy | undefined): boolean {
  if (!policy) return true
  if (policy.allowed === 'anyone' || policy.allowed === 'signedIn') return true
  return policy.allowed.includes('manager') || policy.allowed.includes('staff')
}

describe('an unannounced inspection before its day', () => {
  it('appears in no answer of any procedure a branch user calls, in any input aimed at it', async () => {
    const tpe = world.users.branchIds.TPE!
    const aimed = [
      undefined,
      {},
      { id: HIDDEN_INSPECTION_ID },
      { inspectionId: HIDDEN_INSPECTION_ID },
      { id: HIDDEN_INSPECTION_ID, expectedVersion: 1 },
      { roundId: HIDDEN_ROUND_ID },
      { id: HIDDEN_ROUND_ID },
      { branchId: tpe },
      { roundId: HIDDEN_ROUND_ID, branchId: tpe },
      { inspectionId: HIDDEN_INSPECTION_ID, criterionCode: 'website', tierId: 'A', expectedVersion: 0 },
    ]
    const leaks: string[] = []
    let calls = 0
    for (const { path, type } of procedures) {
      const policy = policies.get(path)
      // Sign-in, sign-out and password changes would end the session the calls use; `auth.me` is asked.
      if (!branchMayCall(policy) || (path.startsWith('auth.') && type === 'mutation')) continue
      for (const user of [world.users.manager, world.users.staff]) {
        const inputs: unknown[] = [...aimed]
        // The procedure's own sample (fresh rows of the branch), for queries: their answers are lists and counts too.
        if (type === 'query' && policy?.sampleInput) inputs.push(await policy.sampleInput({ db: database.db, users: world.users, ownBranchId: tpe, otherBranchId: world.users.branchIds.ILA! }, { branchId: tpe, role: 'manager' }))
        for (const input of inputs) {
          calls += 1
          const text = await answer(user, path, input)
          const found = secretsIn(text)
          if (found.length > 0) leaks.push(`${path} as ${user.username} with ${JSON.stringify(input)}: ${found.join(', ')} in ${text.slice(0, 300)}`)
        }
      }
    }
    expect(leaks).toEqual([])
    expect(calls).toBeGreaterThan(100)
  }, 300_000)

  it('the same search finds it for the agency and the committee, and the branch whose day has come sees its inspection as today', async () => {
    // The search can fail: the date and id are there for those allowed to know.
    expect(secretsIn(await answer(world.users.admin, 'inspection.list', undefined))).toEqual(expect.arrayContaining([hiddenDay, String(HIDDEN_INSPECTION_ID)]))
    expect(secretsIn(await answer(world.users.convener, 'inspection.upcoming', undefined))).toEqual(expect.arrayContaining([hiddenDay, String(HIDDEN_INSPECTION_ID)]))
    const ila = await callerFor(database, world.users.otherManager).inspection.list()
    expect(ila.find((i) => i.id === todayInspectionId)).toMatchObject({ inspectedOn: taipeiDate(new Date()), status: 'draft' })
    expect((await callerFor(database, world.users.otherManager).inspection.byId({ id: todayInspectionId })).inspection.id).toBe(todayInspectionId)
    const tpe = await callerFor(database, world.users.manager).inspection.list()
    expect(tpe.map((i) => i.id)).toContain(world.inspectionId)
    expect(tpe.map((i) => i.id)).not.toContain(HIDDEN_INSPECTION_ID)
    const rounds = (await callerFor(database, world.users.manager).round.list()).map((r) => r.id)
    expect(rounds).toContain(world.roundId)
    expect(rounds).not.toContain(HIDDEN_ROUND_ID)
  })

  it('appears in no document or answer of any /api route a branch user can reach', async () => {
    const cookie = await sessionCookie(database, { secret: SECRET, csrf: 'unannounced-csrf' }, world.users.manager)
    const tpe = world.users.branchIds.TPE!
    const urls = [
      `/api/reports/inspections/${HIDDEN_INSPECTION_ID}/score-sheet.pdf`,
      `/api/reports/inspections/${world.inspectionId}/score-sheet.pdf`,
      `/api/reports/branches/${tpe}/results-report.pdf`,
      `/api/reports/branches/${tpe}/results-report.docx`,
      `/api/reports/meetings/1/pack.pdf`,
      '/api/reports/national.xlsx',
      '/api/reports/remediation-register.xlsx',
      '/api/reports/indicators/template.xlsx',
      `/api/reports/branches/${tpe}/indicators.xlsx`,
      `/api/evidence/1`,
    ]
    // Every GET route under /api is in the list above (a new one must be added here).
    const routes = [...app.printRoutes({ commonPrefix: false }).matchAll(/(\/api\/\S+) \(([^)]*)\)/g)].filter((m) => m[2]!.includes('GET')).map((m) => m[1]!)
    const pattern = (route: string) => new RegExp(`^${route.replace(/[.]/g, '\\.').replace(/:[a-zA-Z]+/g, '[^/]+')}$`)
    expect(routes.filter((r) => !urls.some((u) => pattern(r).test(u)))).toEqual([])

    const dir = mkdtempSync(join(tmpdir(), 'unannounced-'))
    const leaks: string[] = []
    try {
      for (const url of urls) {
        const res = await app.inject({ method: 'GET', url, headers: { cookie } })
        const type = String(res.headers['content-type'] ?? '')
        let text = res.body
        if (res.statusCode === 200 && type.includes('pdf')) text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: res.rawPayload }).toString('utf8')
        else if (res.statusCode === 200 && type.includes('spreadsheetml')) {
          const workbook = new ExcelJS.Workbook()
          await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
          text = workbook.worksheets.flatMap((s) => s.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map((c) => JSON.stringify(c ?? '')) : []))).join('\n')
        } else if (res.statusCode === 200 && type.includes('wordprocessingml')) {
          const file = join(dir, 'report.docx')
          writeFileSync(file, res.rawPayload)
          text = execFileSync('unzip', ['-p', file]).toString('utf8')
        }
        if (url.includes(String(HIDDEN_INSPECTION_ID))) expect(res.statusCode, url).toBe(404)
        const found = secretsIn(text)
        if (found.length > 0) leaks.push(`${url} (${res.statusCode}): ${found.join(', ')}`)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    expect(leaks).toEqual([])
  }, 120_000)
})
