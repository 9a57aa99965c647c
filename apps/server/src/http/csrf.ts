import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { CSRF_COOKIE, CSRF_HEADER, csrfCookieOptions } from './cookies.js'
import { refusalBody } from '../trpc/refusal.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * True when both tokens are equal, in time independent of where they differ and of their lengths:
 * both are hashed first, so `timingSafeEqual` always compares 32 bytes (it throws on a length
 * mismatch, and an early length check would itself tell an attacker the token's length).
 */
export function sameToken(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest()
  const y = createHash('sha256').update(b).digest()
  return timingSafeEqual(x, y)
}

/**
 * Double-submit CSRF protection. Every response to a request without `leap_csrf` sets it (random,
 * readable by the SPA); every POST/PUT/PATCH/DELETE — to any path — must carry header
 * `x-csrf-token` equal to that cookie, else 403 before any handler runs. A cross-site page can
 * make the browser send the cookie but cannot read it to set the header.
 *
 * The check is decided by the method alone, never by the spelling of the path: the router decodes
 * the path before matching (`/%74rpc/auth.logout` runs `/trpc/auth.logout`), so any test on the raw
 * URL can be escaped by percent-encoding one letter. The server has no state-changing route
 * outside /trpc and /api, so nothing legitimate is refused by asking every one.
 */
export function registerCsrf(app: FastifyInstance, isSecure: (req: FastifyRequest) => boolean): void {
  app.addHook('onRequest', async (req, reply) => {
    const cookie = req.cookies[CSRF_COOKIE]
    if (!cookie) reply.setCookie(CSRF_COOKIE, randomBytes(32).toString('base64url'), csrfCookieOptions(isSecure(req)))
    if (SAFE_METHODS.has(req.method)) return
    const header = req.headers[CSRF_HEADER]
    if (!cookie || typeof header !== 'string' || !sameToken(cookie, header)) {
      req.log.warn({ reason: !cookie ? 'no cookie' : !header ? 'no header' : 'mismatch' }, 'CSRF check refused')
      return reply.code(403).send({ ...refusalBody('CSRF_FAILED', {}, 'CSRF check failed; reload the page'), message: 'CSRF check failed; reload the page' })
    }
  })
}
