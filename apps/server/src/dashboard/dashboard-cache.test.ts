import { BRANCHES } from '@leap/domain'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertBranches } from '../branch/branch.repository.js'
import { buildApp } from '../http/app.js'
import { seedInspections } from '../seed/inspections.seed.js'
import { callerFor, createTestUser, FIXTURE_PASSWORD } from '../test/fixtures.js'
import { useTestDatabase } from '../test/test-database.js'
import type { SessionUser } from '../trpc/context.js'
import { matchesEtag } from './dashboard-etag.js'
import { dashboardVersion } from './dashboard.repository.js'

const database = useTestDatabase({ reset: 'never' })
let app: FastifyInstance
const demo: Record<string, SessionUser> = {}
const csrf = 'csrf-token-for-tests-0123456789'

beforeAll(async () => {
  await insertBranches(database.db, BRANCHES)
  for (const username of ['admin', 'viewer', 'convener', 'secretary', 'member1', 'member2', 'member3', 'member4', 'member5', 'member6']) {
    const role = username === 'admin' || username === 'viewer' ? username : 'member'
    demo[username] = await createTestUser(database.db, { role, username })
  }
  await seedInspections(database.db)
  app = await buildApp({ database, logLevel: 'silent', sessionSecret: 'dashboard-cache-test-secret-0123456789' })
})
afterAll(async () => {
  await app.close()
})

/** A signed inspection of the demo data, with its stored total. */
async function signedInspection() {
  return database.db
    .selectFrom('inspection')
    .select(['id', 'branchId', 'totalPoints', 'status'])
    .where('status', 'in', ['signed', 'closed'])
    .orderBy('id')
    .executeTakeFirstOrThrow()
}

describe('dashboards served by data version (issue 18)', () => {
  it('a score save does not move the version; any change of an inspection does, in its own transaction', async () => {
    const before = await dashboardVersion(database.db)
    const { id } = await signedInspection()
    await sql`update member_score set finding = finding where inspection_id = (select min(id) from inspection)`.execute(database.db)
    expect(await dashboardVersion(database.db)).toBe(before)
    // A rolled-back change leaves the version where it was.
    await database.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('inspection').set({ updatedAt: new Date() }).where('id', '=', id).execute()
        throw new Error('roll back')
      })
      .catch(() => {})
    expect(await dashboardVersion(database.db)).toBe(before)
    await database.db.updateTable('inspection').set({ updatedAt: new Date() }).where('id', '=', id).execute()
    const after = await dashboardVersion(database.db)
    expect(after).not.toBe(before)
    // Emptied (a test reset, a restore): the next change never reuses a version an answer may be cached under.
    await sql`truncate dashboard_version`.execute(database.db)
    await database.db.updateTable('inspection').set({ updatedAt: new Date() }).where('id', '=', id).execute()
    const fresh = await dashboardVersion(database.db)
    expect([before, after]).not.toContain(fresh)
    expect(BigInt(fresh)).toBeGreaterThan(BigInt(after))
  })

  it('the overview and a branch history show a corrected total and a reopened sheet at once, never the cached answer', async () => {
    const viewer = callerFor(database, demo.viewer!)
    const target = await signedInspection()
    const first = await viewer.dashboard.overview()
    const trend = await viewer.dashboard.branchTrend({ branchId: target.branchId })
    // Served again unchanged while nothing changed.
    expect(await viewer.dashboard.overview()).toEqual(first)
    expect(await viewer.dashboard.branchTrend({ branchId: target.branchId })).toEqual(trend)

    // A correction of the stored total (whichever code path writes it).
    await database.db.updateTable('inspection').set({ totalPoints: '612.50', passed: false }).where('id', '=', target.id).execute()
    const corrected = await viewer.dashboard.overview()
    expect(corrected.cells.find((c) => c.inspectionId === target.id)).toMatchObject({ total: 612.5, passed: false })
    expect(corrected.branches.find((b) => b.id === target.branchId)!.failed).toBeGreaterThanOrEqual(1)
    expect((await viewer.dashboard.branchTrend({ branchId: target.branchId })).points.find((p) => p.inspectionId === target.id)).toMatchObject({ total: 612.5 })

    // Reopened: back to consensus, no result.
    await database.db.updateTable('inspection').set({ status: 'consensus', totalPoints: null, passThreshold: null, passed: null, dimensionTotals: null }).where('id', '=', target.id).execute()
    const reopened = await viewer.dashboard.overview()
    expect(reopened.cells.find((c) => c.inspectionId === target.id)).toMatchObject({ status: 'consensus', total: null, passed: null })
    expect((await viewer.dashboard.branchTrend({ branchId: target.branchId })).points.find((p) => p.inspectionId === target.id)).toMatchObject({ status: 'consensus', total: null })
  })

  it('keeps answers of different scopes apart (a branch user never gets the national answer from the cache)', async () => {
    const admin = await callerFor(database, demo.admin!).dashboard.overview()
    const staff = await createTestUser(database.db, { role: 'staff', branchCode: 'ILA' })
    const own = await callerFor(database, staff).dashboard.overview()
    const ila = (await database.db.selectFrom('branch').select('id').where('code', '=', 'ILA').executeTakeFirstOrThrow()).id
    expect(admin.cells.some((c) => c.branchId !== ila)).toBe(true)
    expect(own.cells.length).toBeGreaterThan(0)
    expect(own.cells.every((c) => c.branchId === ila)).toBe(true)
  })
})

describe('conditional GET of the dashboards', () => {
  async function session(username: string): Promise<string> {
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { username, password: FIXTURE_PASSWORD },
      cookies: { leap_csrf: csrf },
      headers: { 'x-csrf-token': csrf },
    })
    expect(res.statusCode).toBe(200)
    return res.cookies.find((c) => c.name === 'leap_session')!.value
  }

  it('answers with an ETag and private no-cache, then 304 without a body while unchanged, and 200 again after a change', async () => {
    const cookies = { leap_session: await session('viewer') }
    const first = await app.inject({ method: 'GET', url: '/trpc/dashboard.overview', cookies })
    expect(first.statusCode).toBe(200)
    expect(first.headers['cache-control']).toBe('private, no-cache')
    expect(first.headers['content-type']).toMatch(/application\/json/)
    const etag = String(first.headers['etag'])
    expect(etag).toMatch(/^"[\w-]+"$/)
    expect(first.json()).toMatchObject({ result: { data: { cells: expect.any(Array) } } })

    const unchanged = await app.inject({ method: 'GET', url: '/trpc/dashboard.overview', cookies, headers: { 'if-none-match': etag } })
    expect(unchanged.statusCode).toBe(304)
    expect(unchanged.body).toBe('')
    expect(unchanged.headers['etag']).toBe(etag)

    const target = await signedInspection()
    await database.db.updateTable('inspection').set({ totalPoints: '701.25' }).where('id', '=', target.id).execute()
    const changed = await app.inject({ method: 'GET', url: '/trpc/dashboard.overview', cookies, headers: { 'if-none-match': etag } })
    expect(changed.statusCode).toBe(200)
    expect(changed.headers['etag']).not.toBe(etag)
    expect((changed.json() as { result: { data: { cells: { inspectionId: number; total: number }[] } } }).result.data.cells.find((c) => c.inspectionId === target.id)!.total).toBe(701.25)
  })

  it('answers a repeated request from the answer cache (the procedure does not run) until the data changes', async () => {
    const cookies = { leap_session: await session('admin') }
    const url = '/trpc/dashboard.branchTrend?input=' + encodeURIComponent(JSON.stringify({ branchId: (await signedInspection()).branchId }))
    const first = await app.inject({ method: 'GET', url, cookies })
    expect(first.statusCode).toBe(200)
    const again = await app.inject({ method: 'GET', url, cookies })
    expect(again.headers['x-answer-cache']).toBe('hit')
    expect(again.body).toBe(first.body)
    expect(again.headers['etag']).toBe(first.headers['etag'])
    await database.db.updateTable('inspection').set({ updatedAt: new Date() }).where('id', '=', (await signedInspection()).id).execute()
    const afterChange = await app.inject({ method: 'GET', url, cookies })
    expect(afterChange.statusCode).toBe(200)
    expect(afterChange.headers['x-answer-cache']).toBeUndefined()
    expect((await app.inject({ method: 'GET', url, cookies })).headers['x-answer-cache']).toBe('hit')
  })

  it('sends the answer compressed to a client that accepts it (brotli, else gzip), the same JSON, with its own ETag', async () => {
    const cookies = { leap_session: await session('viewer') }
    const url = '/trpc/dashboard.overview'
    const plain = await app.inject({ method: 'GET', url, cookies })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(String(plain.headers['vary'])).toMatch(/accept-encoding/)
    for (const [accept, encoding, decode] of [
      ['gzip, deflate, br, zstd', 'br', brotliDecompressSync],
      ['gzip;q=1, br;q=0', 'gzip', gunzipSync],
    ] as const) {
      // Twice: the miss that stores the answer and the hit that reuses its compressed bytes.
      for (let n = 0; n < 2; n++) {
        const res = await app.inject({ method: 'GET', url, cookies, headers: { 'accept-encoding': accept } })
        expect(res.statusCode).toBe(200)
        expect(res.headers['content-encoding']).toBe(encoding)
        expect(decode(res.rawPayload).toString('utf8')).toBe(plain.body)
        expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length)
        expect(res.headers['etag']).not.toBe(plain.headers['etag'])
        const again = await app.inject({ method: 'GET', url, cookies, headers: { 'accept-encoding': accept, 'if-none-match': String(res.headers['etag']) } })
        expect(again.statusCode).toBe(304)
        expect(again.headers['content-encoding']).toBeUndefined()
      }
    }
    expect((await app.inject({ method: 'GET', url, cookies, headers: { 'accept-encoding': 'identity' } })).headers['content-encoding']).toBeUndefined()
  })

  it('serves a cached answer only to a valid session of the same scope: another scope gets its own, a stale session a 401', async () => {
    const viewerCookies = { leap_session: await session('viewer') }
    const national = await app.inject({ method: 'GET', url: '/trpc/dashboard.overview', cookies: viewerCookies })
    const again = await app.inject({ method: 'GET', url: '/trpc/dashboard.overview', cookies: viewerCookies })
    expect(again.statusCode).toBe(200)
    expect(again.body).toBe(national.body)
    expect(again.headers['etag']).toBe(national.headers['etag'])

    await createTestUser(database.db, { role: 'staff', username: 'ila-staff-http', branchCode: 'ILA' })
    const ila = (await database.db.selectFrom('branch').select('id').where('code', '=', 'ILA').executeTakeFirstOrThrow()).id
    const staff = await app.inject({ method: 'GET', url: '/trpc/dashboard.overview', cookies: { leap_session: await session('ila-staff-http') } })
    expect(staff.statusCode).toBe(200)
    const cells = (staff.json() as { result: { data: { cells: { branchId: number }[] } } }).result.data.cells
    expect(cells.length).toBeGreaterThan(0)
    expect(cells.every((c) => c.branchId === ila)).toBe(true)
    expect(staff.headers['etag']).not.toBe(national.headers['etag'])

    const signedOut = await app.inject({ method: 'GET', url: '/trpc/dashboard.overview', cookies: { leap_session: 'not-a-session' } })
    expect(signedOut.statusCode).toBe(401)
    expect(signedOut.body).not.toBe(national.body)
  })

  it('leaves refusals and other procedures alone', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/trpc/dashboard.overview' })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.headers['etag']).toBeUndefined()
    const me = await app.inject({ method: 'GET', url: '/trpc/auth.me', cookies: { leap_session: await session('viewer') } })
    expect(me.headers['etag']).toBeUndefined()
  })

  it('leaves a malformed dashboard path to tRPC (a 4xx, never a 500)', async () => {
    const res = await app.inject({ method: 'GET', url: '/trpc/dashboard.overview%E0%A4%A', cookies: { leap_session: await session('viewer') } })
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    expect(res.statusCode).toBeLessThan(500)
  })

  it('matches If-None-Match lists and weak validators', () => {
    expect(matchesEtag('"a", W/"b"', '"b"')).toBe(true)
    expect(matchesEtag('*', '"x"')).toBe(true)
    expect(matchesEtag('"a"', '"b"')).toBe(false)
    expect(matchesEtag(undefined, '"b"')).toBe(false)
  })
})
