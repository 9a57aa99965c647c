import type { CookieSerializeOptions } from '@fastify/cookie'

/** httpOnly cookie holding the session token (never readable by scripts). */
export const SESSION_COOKIE = 'leap_session'
/** Readable cookie with the CSRF token the SPA echoes in `x-csrf-token`. */
export const CSRF_COOKIE = 'leap_csrf'
export const CSRF_HEADER = 'x-csrf-token'

/** Session cookie: httpOnly, SameSite=Lax, path /, Secure over HTTPS, expiring with the session. */
export function sessionCookieOptions(secure: boolean, expires?: Date): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure, ...(expires ? { expires } : {}) }
}

/** CSRF cookie: readable by the SPA (that is the point), SameSite=Lax, Secure over HTTPS, browser-session lifetime. */
export function csrfCookieOptions(secure: boolean): CookieSerializeOptions {
  return { path: '/', httpOnly: false, sameSite: 'lax', secure }
}
