/**
 * Test support for routes over HTTP (`app.inject`): the app built on the test database with a
 * known session secret — and, when asked, its own evidence data directory — opened before the
 * file's tests (or each test) and closed after, and session cookies for fixture users.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { insertSession, newSessionToken, sessionIdFor } from '../auth/session.repository.js'
import type { DatabaseHandle } from '../db/client.js'
import { buildApp, type BuildAppOptions } from '../http/app.js'

export interface TestApp {
  /** The app of the current test (or file); reading it outside hooks and tests throws. */
  readonly app: FastifyInstance
  /** Its evidence data directory (removed afterwards); null without `dataDir`. */
  readonly dataDir: string | null
  /** A signed-in session of `user` as a Cookie header value, with the CSRF cookie beside it. */
  cookieFor(user: { id: number }): Promise<string>
}

export interface TestAppOptions {
  /** The session secret the cookies are signed with. */
  secret: string
  /** The CSRF token the cookie carries (send the same one as `x-csrf-token`). */
  csrf: string
  /** Build afresh before each test (after `useTestDatabase()` reset it) instead of once per file. */
  each?: boolean
  /** A fresh evidence data directory named with this prefix; none when omitted. */
  dataDir?: string
  /** More buildApp options (a SPA dist, a clock, a font…). */
  build?: () => Partial<BuildAppOptions>
}

/**
 * Registers the hooks that build and close the app; call it after `useTestDatabase()`.
 *
 * ```ts
 * const database = useTestDatabase()
 * const http = useTestApp(database, { secret: SECRET, csrf: CSRF, each: true, dataDir: 'leap-evidence-' })
 * const res = await http.app.inject({ method: 'GET', url: '/api/evidence/1', headers: { cookie: await http.cookieFor(user) } })
 * ```
 */
export function useTestApp(database: DatabaseHandle, options: TestAppOptions): TestApp {
  let app: FastifyInstance | null = null
  let dataDir: string | null = null
  const open = async () => {
    dataDir = options.dataDir ? fs.mkdtempSync(path.join(os.tmpdir(), options.dataDir)) : null
    app = await buildApp({ database, logLevel: 'silent', sessionSecret: options.secret, ...(dataDir ? { dataDir } : {}), ...options.build?.() })
  }
  const close = async () => {
    await app?.close()
    app = null
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  }
  if (options.each) {
    beforeEach(open)
    afterEach(close)
  } else {
    beforeAll(open, 60_000)
    afterAll(close)
  }
  return {
    get app() {
      if (!app) throw new Error('the test app opens in a hook: use it inside hooks and tests')
      return app
    },
    get dataDir() {
      return dataDir
    },
    cookieFor: (user) => sessionCookie(database, options, user),
  }
}

/** Inserts a session of `user` signed with `secret`; returns the Cookie header value (session and CSRF cookies). */
export async function sessionCookie(database: DatabaseHandle, keys: { secret: string; csrf: string }, user: { id: number }): Promise<string> {
  const token = newSessionToken()
  await insertSession(database.db, { id: sessionIdFor(keys.secret, token), userId: user.id, now: new Date(), ip: '127.0.0.1', userAgent: 'test' })
  return `leap_session=${token}; leap_csrf=${keys.csrf}`
}
