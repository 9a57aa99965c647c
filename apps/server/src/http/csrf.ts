import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { CSRF_COOKIE, CSRF_HEADER, csrfCookieOptions } from './cookies.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** True for the paths whose state-changing requests need the CSRF header. */
function isProtectedPath(url: string): boolean {
  return url === '/trpc' || url.startsWith('/trpc/') || url.startsWith('/trpc?') || url === '/api' || url.startsWith('/api/')
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Double-submit CSRF protection. Every response to a request without `leap_csrf` sets it (random,
 * readable by the SPA); every POST/PUT/PATCH/DELETE to /trpc or /api/* must carry header
 * `x-csrf-token` equal to that cookie, else 403 before any handler runs. A cross-site page can
 * make the browser send the cookie but cannot read it to set the header.
 */
export function registerCsrf(app: FastifyInstance, isSecure: (req: FastifyRequest) => boolean): void {
  app.addHook('onRequest', async (req, reply) => {
    const cookie = req.cookies[CSRF_COOKIE]
    if (!cookie) reply.setCookie(CSRF_COOKIE, randomBytes(32).toString('base64url'), csrfCookieOptions(isSecure(req)))
    if (SAFE_METHODS.has(req.method) || !isProtectedPath(req.url)) return
    const header = req.headers[CSRF_HEADER]
    if (!cookie || typeof header !== 'string' || !sameToken(cookie, header)) {
      req.log.warn({ reason: !cookie ? 'no cookie' : !header ? 'no header' : 'mismatch' }, 'CSRF check refused')
      return reply.code(403).send({ error: 'Forbidden', message: 'CSRF 驗證失敗，請重新整理頁面 (CSRF check failed; reload the page)' })
    }
  })
}
