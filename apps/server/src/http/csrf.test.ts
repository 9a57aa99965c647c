// CSRF regressions found from outside: a percent-encoded spelling of /trpc or /api ran without the
// token (the check read the raw URL, the router the decoded path), and a wrong token of the same
// length as the cookie was never tried.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn } from '../hardening/hostile-client.js'
import { createFixtureUsers, FIXTURE_PASSWORD, type FixtureUsers } from '../test/fixtures.js'
import { useTestDatabase } from '../test/test-database.js'
import { buildApp } from './app.js'
import { sameToken } from './csrf.js'

const database = useTestDatabase({ reset: 'never' })
let users: FixtureUsers
let app: FastifyInstance
const csrf = 'csrf-token-for-tests-0123456789'

beforeAll(async () => {
  users = await createFixtureUsers(database.db)
  app = await buildApp({ database, logLevel: 'silent', sessionSecret: 'csrf-test-secret-0123456789-0123456789' })
}, 60_000)
afterAll(async () => {
  await app?.close()
})

const cookie = (res: LightMyRequestResponse, name: string) => res.cookies.find((c) => c.name === name)

const sessionOf = (username: string) => signIn(app, username, { password: FIXTURE_PASSWORD, csrf })

async function signedIn(session: string): Promise<boolean> {
  const res = await app.inject({ method: 'GET', url: '/trpc/auth.me', cookies: { leap_session: session } })
  return res.statusCode === 200 && (res.json() as { result: { data: unknown } }).result.data !== null
}

/** Spellings the router decodes to a protected route. */
const LOGOUT_SPELLINGS = ['/%74rpc/auth.logout', '/tr%70c/auth.logout', '/trpc/auth%2Elogout', '/trpc/%61uth.logout']

describe('CSRF is decided by the method, whatever the spelling of the path', () => {
  it('the router does run percent-encoded spellings of a procedure (so the check must not read the raw URL)', async () => {
    const session = await sessionOf(users.staff.username)
    const res = await app.inject({ method: 'GET', url: '/%74rpc/auth.me', cookies: { leap_session: session } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ result: { data: { username: users.staff.username } } })
  })

  it('an encoded ? or # stays part of the procedure name (unknown: 404), never turns into a query', async () => {
    const session = await sessionOf(users.staff.username)
    for (const url of ['/trpc/auth.me%3Fx=1', '/trpc/auth.me%23x', '/trpc/auth.me%25']) {
      const res = await app.inject({ method: 'GET', url, cookies: { leap_session: session } })
      expect(res.statusCode, url).toBe(404)
    }
  })

  it('a form-data body to a procedure is refused with a 4xx (no procedure takes form data)', async () => {
    const session = await sessionOf(users.staff.username)
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/auth.logout',
      cookies: { leap_session: session, leap_csrf: csrf },
      headers: { 'x-csrf-token': csrf, 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x--\r\n',
    })
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    expect(res.statusCode).toBeLessThan(500)
    expect(await signedIn(session)).toBe(true)
  })

  it.each(LOGOUT_SPELLINGS)('POST %s without the header is 403 and the session survives', async (url) => {
    const session = await sessionOf(users.staff.username)
    const res = await app.inject({ method: 'POST', url, cookies: { leap_session: session, leap_csrf: csrf }, headers: { 'content-type': 'application/json' }, payload: '' })
    expect(res.statusCode, res.body).toBe(403)
    expect(await signedIn(session)).toBe(true)
    // With the token the same spelling reaches the procedure: the 403 above was the CSRF check.
    const withToken = await app.inject({ method: 'POST', url, cookies: { leap_session: session, leap_csrf: csrf }, headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' }, payload: '' })
    expect(withToken.statusCode, withToken.body).toBe(200)
    expect(await signedIn(session)).toBe(false)
  })

  it.each(['/%61pi/evidence', '/ap%69/evidence/score', '/ap%69/reports/indicators/import', '/api/%65vidence', '/anything-else'])('POST %s without the header is 403 before any handler', async (url) => {
    const session = await sessionOf(users.manager.username)
    const res = await app.inject({
      method: 'POST',
      url,
      cookies: { leap_session: session, leap_csrf: csrf },
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\ncontent-disposition: form-data; name="itemId"\r\n\r\n1\r\n--x--\r\n',
    })
    expect(res.statusCode, res.body).toBe(403)
    expect(res.json()).toMatchObject({ message: expect.stringContaining('CSRF') })
  })

  it('a wrong token of the same length as the cookie is refused (not only a longer one)', async () => {
    const wrong = `${csrf.slice(0, -1)}${csrf.endsWith('9') ? '8' : '9'}`
    expect(wrong).toHaveLength(csrf.length)
    const before = await database.db.selectFrom('loginAttempt').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/auth.login',
      payload: { username: users.staff.username, password: FIXTURE_PASSWORD },
      cookies: { leap_csrf: csrf },
      headers: { 'x-csrf-token': wrong },
    })
    expect(res.statusCode).toBe(403)
    expect(cookie(res, 'leap_session')).toBeUndefined()
    const after = await database.db.selectFrom('loginAttempt').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })

  it('sameToken: equal only for identical tokens, whatever the lengths', () => {
    expect(sameToken(csrf, csrf)).toBe(true)
    expect(sameToken(csrf, `${csrf.slice(0, -1)}x`)).toBe(false)
    expect(sameToken(csrf, `${csrf}x`)).toBe(false)
    expect(sameToken(csrf, csrf.slice(0, -1))).toBe(false)
    expect(sameToken('', csrf)).toBe(false)
  })
})
