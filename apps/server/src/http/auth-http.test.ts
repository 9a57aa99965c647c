import type { FastifyInstance } from 'fastify'
import type { LightMyRequestResponse } from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { callProcedure } from '../hardening/hostile-client.js'
import { FIXTURE_PASSWORD } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import { buildApp, type BuildAppOptions } from './app.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)
let app: FastifyInstance
let clock: Date

const csrf = 'csrf-token-for-tests-0123456789'

beforeEach(async () => {
  clock = new Date('2026-03-02T01:00:00Z')
  app = await makeApp()
})
afterEach(async () => {
  await app.close()
})

function makeApp(options: Partial<BuildAppOptions> = {}) {
  return buildApp({ database, logLevel: 'silent', sessionSecret: 'http-test-secret-0123456789-0123456789', now: () => clock, ...options })
}

const cookie = (res: LightMyRequestResponse, name: string) => res.cookies.find((c) => c.name === name)

function login(
  username: string,
  password = FIXTURE_PASSWORD,
  extra: { cookies?: Record<string, string>; headers?: Record<string, string>; remoteAddress?: string; on?: FastifyInstance } = {},
) {
  return (extra.on ?? app).inject({
    method: 'POST',
    url: '/trpc/auth.login',
    payload: { username, password },
    cookies: { leap_csrf: csrf, ...extra.cookies },
    headers: { 'x-csrf-token': csrf, ...extra.headers },
    ...(extra.remoteAddress ? { remoteAddress: extra.remoteAddress } : {}),
  })
}

async function sessionOf(username: string): Promise<string> {
  const res = await login(username)
  expect(res.statusCode).toBe(200)
  return cookie(res, 'leap_session')!.value
}

async function me(session: string | undefined) {
  const res = await app.inject({ method: 'GET', url: '/trpc/auth.me', cookies: session ? { leap_session: session } : {} })
  expect(res.statusCode).toBe(200)
  return (res.json() as { result: { data: { username: string } | null } }).result.data
}

describe('cookies', () => {
  it('any response sets a readable leap_csrf cookie when the browser has none', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' })
    const c = cookie(res, 'leap_csrf')!
    expect(c.value).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(c).toMatchObject({ path: '/', sameSite: 'Lax' })
    expect(c.httpOnly).toBeFalsy()
    const again = await app.inject({ method: 'GET', url: '/healthz', cookies: { leap_csrf: c.value } })
    expect(cookie(again, 'leap_csrf')).toBeUndefined()
    expect(again.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('sign-in sets leap_session httpOnly, SameSite=Lax, not Secure over plain HTTP, expiring with the session', async () => {
    const res = await login(users.staff.username)
    expect(res.statusCode).toBe(200)
    const c = cookie(res, 'leap_session')!
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    expect(c.secure).toBeFalsy()
    expect(new Date(c.expires!).getTime()).toBe(clock.getTime() + 12 * 3_600_000)
    expect(await me(c.value)).toMatchObject({ username: users.staff.username })
  })

  it('marks cookies Secure over HTTPS behind a trusted proxy, and ignores X-Forwarded-Proto otherwise', async () => {
    const proxied = await makeApp({ trustProxy: true })
    const secure = await login(users.staff.username, FIXTURE_PASSWORD, { on: proxied, headers: { 'x-forwarded-proto': 'https' } })
    expect(cookie(secure, 'leap_session')!.secure).toBe(true)
    const first = await proxied.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } })
    expect(cookie(first, 'leap_csrf')!.secure).toBe(true)
    await proxied.close()
    const direct = await login(users.staff.username, FIXTURE_PASSWORD, { headers: { 'x-forwarded-proto': 'https' } })
    expect(cookie(direct, 'leap_session')!.secure).toBeFalsy()
  })
})

describe('CSRF double-submit', () => {
  it('refuses a POST to /trpc without the header, with a wrong header, or without the cookie', async () => {
    const payload = { username: users.staff.username, password: FIXTURE_PASSWORD }
    const cases: { cookies: Record<string, string>; headers: Record<string, string> }[] = [
      { cookies: { leap_csrf: csrf }, headers: {} },
      { cookies: { leap_csrf: csrf }, headers: { 'x-csrf-token': `${csrf}x` } },
      { cookies: {}, headers: { 'x-csrf-token': csrf } },
    ]
    for (const c of cases) {
      const res = await app.inject({ method: 'POST', url: '/trpc/auth.login', payload, ...c })
      expect(res.statusCode).toBe(403)
      expect(cookie(res, 'leap_session')).toBeUndefined()
    }
    expect(await database.db.selectFrom('loginAttempt').selectAll().execute()).toEqual([])
  })

  it('refuses a POST to /api/* without the header, and accepts a matching pair on /trpc', async () => {
    const api = await app.inject({ method: 'POST', url: '/api/anything', payload: {}, cookies: { leap_csrf: csrf } })
    expect(api.statusCode).toBe(403)
    expect((await login(users.staff.username)).statusCode).toBe(200)
  })

  it('does not run a mutation sent as GET (no way around the header)', async () => {
    const session = await sessionOf(users.staff.username)
    const res = await app.inject({ method: 'GET', url: '/trpc/auth.logoutAll', cookies: { leap_session: session } })
    expect(res.statusCode).toBe(405)
    expect(await me(session)).toMatchObject({ username: users.staff.username })
  })

  it('lets GET queries through without the header', async () => {
    const session = await sessionOf(users.staff.username)
    const res = await app.inject({ method: 'GET', url: '/trpc/auth.me', cookies: { leap_session: session } })
    expect(res.statusCode).toBe(200)
  })
})

describe('session lifecycle over HTTP', () => {
  it('issues a new session id at sign-in: a cookie set before sign-in is never reused', async () => {
    const planted = 'attacker-chosen-session-token'
    const res = await login(users.staff.username, FIXTURE_PASSWORD, { cookies: { leap_session: planted } })
    const issued = cookie(res, 'leap_session')!.value
    expect(issued).not.toBe(planted)
    expect(await me(planted)).toBeNull()
    // Signing in again from a signed-in browser replaces the old session too.
    const again = await login(users.manager.username, FIXTURE_PASSWORD, { cookies: { leap_session: issued } })
    const second = cookie(again, 'leap_session')!.value
    expect(second).not.toBe(issued)
    expect(await me(issued)).toBeNull()
    expect(await me(second)).toMatchObject({ username: users.manager.username })
  })

  it('logout clears the cookie and ends the session', async () => {
    const session = await sessionOf(users.staff.username)
    const res = await callProcedure(app, session, 'auth.logout', 'mutation', {}, csrf)
    expect(res.statusCode).toBe(200)
    expect(cookie(res, 'leap_session')).toMatchObject({ value: '' })
    expect(await me(session)).toBeNull()
  })

  it('logout everywhere ends the sessions of every browser of the user', async () => {
    const laptop = await sessionOf(users.staff.username)
    const phone = await sessionOf(users.staff.username)
    const colleague = await sessionOf(users.manager.username)
    const res = await callProcedure(app, phone, 'auth.logoutAll', 'mutation', {}, csrf)
    expect(res.statusCode).toBe(200)
    expect(await me(laptop)).toBeNull()
    expect(await me(phone)).toBeNull()
    expect(await me(colleague)).toMatchObject({ username: users.manager.username })
  })

  it('expires after 2 hours idle: the request is anonymous and the stale cookie is cleared', async () => {
    const session = await sessionOf(users.staff.username)
    clock = new Date(clock.getTime() + 90 * 60_000)
    expect(await me(session)).toMatchObject({ username: users.staff.username })
    clock = new Date(clock.getTime() + 2 * 3_600_000 + 1000)
    const res = await app.inject({ method: 'GET', url: '/trpc/auth.me', cookies: { leap_session: session } })
    expect(res.json()).toMatchObject({ result: { data: null } })
    expect(cookie(res, 'leap_session')).toMatchObject({ value: '' })
    const guarded = await app.inject({ method: 'GET', url: '/trpc/user.list', cookies: { leap_session: session } })
    expect(guarded.statusCode).toBe(401)
  })
})

describe('rate limiting over HTTP', () => {
  it('answers 429 with the wait in seconds on the 6th attempt, even with the right password', async () => {
    for (let i = 0; i < 5; i += 1) expect((await login(users.staff.username, 'wrong-password')).statusCode).toBe(401)
    const res = await login(users.staff.username)
    expect(res.statusCode).toBe(429)
    expect(res.json()).toMatchObject({ error: { message: expect.stringMatching(/retry after 900 seconds/) } })
    expect(res.headers['retry-after']).toBe('900')
    expect(cookie(res, 'leap_session')).toBeUndefined()
  })

  it('limits an address to 20 failures across usernames; another address still signs in', async () => {
    for (let i = 0; i < 20; i += 1) {
      expect((await login(`guess-${i}`, 'wrong-password', { remoteAddress: '203.0.113.5' })).statusCode).toBe(401)
    }
    expect((await login(users.staff.username, FIXTURE_PASSWORD, { remoteAddress: '203.0.113.5' })).statusCode).toBe(429)
    expect((await login(users.staff.username, FIXTURE_PASSWORD, { remoteAddress: '203.0.113.6' })).statusCode).toBe(200)
  })

  it('gives the same answer for an unknown user as for a wrong password, without a stack trace', async () => {
    const unknown = await login('no-such-user', FIXTURE_PASSWORD)
    const wrong = await login(users.staff.username, 'wrong-password')
    expect(unknown.statusCode).toBe(401)
    expect(unknown.json().error.message).toBe(wrong.json().error.message)
    expect(JSON.stringify(unknown.json())).not.toMatch(/stack|\.ts:/)
  })
})

describe('configured session lifetimes (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS)', () => {
  it('ends a session after the configured idle time and sets the cookie to the configured length', async () => {
    await app.close()
    app = await makeApp({ sessionLifetimes: { idleMs: 15 * 60_000, absoluteMs: 8 * 3_600_000 } })
    const signedIn = await login(users.staff.username)
    expect(new Date(cookie(signedIn, 'leap_session')!.expires!).getTime()).toBe(clock.getTime() + 8 * 3_600_000)
    const session = cookie(signedIn, 'leap_session')!.value
    clock = new Date(clock.getTime() + 14 * 60_000)
    expect(await me(session)).toMatchObject({ username: users.staff.username })
    // 14 minutes after that request the session is still alive (the idle clock restarted) …
    clock = new Date(clock.getTime() + 14 * 60_000)
    expect(await me(session)).toMatchObject({ username: users.staff.username })
    // … but 15 minutes without a request end it, where the default (2 hours) would not.
    clock = new Date(clock.getTime() + 15 * 60_000)
    expect(await me(session)).toBeNull()
  })
})
