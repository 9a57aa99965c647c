import { TRPCError } from '@trpc/server'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { findSessionUser, sessionIdFor } from '../auth/session.repository.js'
import type { SessionLifetimes } from '../auth/session-lifetimes.js'
import type { DatabaseHandle } from '../db/client.js'
import { isDatabaseUnavailable, OUTAGE_MESSAGE } from '../db/outage.js'
import { createContextInner, type Context, type SessionCookies } from '../trpc/context.js'
import { SESSION_COOKIE, sessionCookieOptions } from './cookies.js'

export interface HttpContextOptions {
  database: DatabaseHandle
  sessionSecret: string
  dataDir: string | null
  now: () => Date
  sessionLifetimes: SessionLifetimes
}

/** True when the request came over HTTPS (directly, or per X-Forwarded-Proto when trustProxy allows it). */
export function isSecureRequest(req: FastifyRequest): boolean {
  return req.protocol === 'https'
}

/**
 * The adapter half of the context: reads `leap_session`, loads its active user (expired or
 * deactivated → anonymous, and the stale cookie is cleared), and wires cookie setting and request
 * metadata. Everything else is `createContextInner`. An unreachable database → SERVICE_UNAVAILABLE (503).
 */
export async function createHttpContext(options: HttpContextOptions, req: FastifyRequest, reply: FastifyReply): Promise<Context> {
  const { database, sessionSecret, now, sessionLifetimes } = options
  const secure = isSecureRequest(req)
  const token = req.cookies[SESSION_COOKIE]
  let sessionId: string | null = null
  let user = null
  if (token) {
    const id = sessionIdFor(sessionSecret, token)
    try {
      user = await findSessionUser(database.db, id, now(), sessionLifetimes)
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: OUTAGE_MESSAGE, cause: error })
      throw error
    }
    if (user) sessionId = id
    else reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(secure))
  }
  const cookies: SessionCookies = {
    set: (value, expiresAt) => void reply.setCookie(SESSION_COOKIE, value, sessionCookieOptions(secure, expiresAt)),
    clear: () => void reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(secure)),
  }
  return createContextInner({
    db: database.db,
    dbKind: database.kind,
    user,
    sessionId,
    meta: { ip: req.ip, userAgent: req.headers['user-agent']?.slice(0, 400) ?? null, secure },
    cookies,
    now,
    dataDir: options.dataDir,
    sessionSecret,
    sessionLifetimes,
  })
}
