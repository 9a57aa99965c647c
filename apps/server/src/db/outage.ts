/**
 * Errors that mean "the database cannot be reached right now" rather than "this request is wrong":
 * connection refused or reset, the pool's connect timeout, a connection cut by a stopping server,
 * and PostgreSQL's connection-exception and shutdown codes (SQLSTATE classes 08 and 57P).
 * Callers answer them with 503 and Retry-After, so clients retry instead of reporting a bug.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
const MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /connection error/i, /terminating connection/i, /the database system is (starting up|shutting down)/i]

/** True when `error` (or an error in its `cause` chain) says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 8; depth++) {
    if (typeof current !== 'object') return false
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown }
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('08') || code.startsWith('57P'))) return true
    if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true
    current = cause
  }
  return false
}

/** Seconds a client should wait before retrying while the database is unreachable. */
export const OUTAGE_RETRY_SECONDS = 5

/** The message every 503 of an outage carries. */
export const OUTAGE_MESSAGE = '資料庫暫時無法連線，請稍後再試 (the database is unavailable for the moment: retry shortly)'
