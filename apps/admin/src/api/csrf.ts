/** Name of the readable cookie the server sets for the double-submit CSRF check. */
export const csrfCookieName = 'leap_csrf'
/** Header every POST to /trpc and /api/* must carry, equal to the cookie. */
export const csrfHeaderName = 'x-csrf-token'

/** Reads the CSRF token from `document.cookie`; `null` when the server has not set it yet. */
export function readCsrfToken(cookieString: string = document.cookie): string | null {
  for (const part of cookieString.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === csrfCookieName) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return null
}

/** Headers to add to a state-changing request (empty when no token is known yet). */
export function csrfHeaders(): Record<string, string> {
  const token = readCsrfToken()
  return token ? { [csrfHeaderName]: token } : {}
}
