import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'

/** Failures are counted over this sliding window (15 minutes). */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000
/** Failed sign-ins for one username within the window before it is refused (a success resets it). */
export const MAX_FAILURES_PER_ACCOUNT = 5
/** Failed sign-ins from one address within the window, whatever the usernames. */
export const MAX_FAILURES_PER_ADDRESS = 20
// Rows older than this are of no use to the limiter.
const KEEP_MS = 24 * 60 * 60 * 1000

export interface AttemptKey {
  /** Lower-cased as typed. */
  username: string
  ip: string
  now: Date
}

/**
 * Seconds until the next attempt for this username/address is allowed, or 0 when it is allowed now.
 * Counted in the database, so every server instance enforces the same limit. `excludeId` leaves
 * the caller's own pending row out of the count.
 */
export async function loginRetryAfterSeconds(db: Kysely<Database>, attempt: AttemptKey, excludeId = 0): Promise<number> {
  const since = new Date(attempt.now.getTime() - LOGIN_WINDOW_MS)
  // Ids, not times, order a success and the failures after it (several can share a millisecond).
  const lastSuccess = await db
    .selectFrom('loginAttempt')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('username', '=', attempt.username)
    .where('success', '=', true)
    .where('at', '>', since)
    .executeTakeFirst()
  // The latest failures (newest first, at most `max`) of one account or one address in the window.
  const failures = (key: { username: string } | { ip: string }, afterId: number, max: number) =>
    db
      .selectFrom('loginAttempt')
      .select('at')
      .where((eb) => ('username' in key ? eb('username', '=', key.username) : eb('ip', '=', key.ip)))
      .where('success', '=', false)
      .where('at', '>', since)
      .where('id', '>', afterId)
      .where('id', '<>', excludeId)
      .orderBy('at', 'desc')
      .limit(max)
      .execute()
  const byAccount = await failures({ username: attempt.username }, lastSuccess?.id ?? 0, MAX_FAILURES_PER_ACCOUNT)
  // Address failures keep counting after a success: one known account must not reset a spray.
  const byAddress = await failures({ ip: attempt.ip }, 0, MAX_FAILURES_PER_ADDRESS)
  // Blocked until the oldest of the last N failures leaves the window.
  const unblockAt = (rows: { at: Date }[], max: number) =>
    rows.length >= max ? new Date(rows[max - 1]!.at).getTime() + LOGIN_WINDOW_MS : 0
  const until = Math.max(unblockAt(byAccount, MAX_FAILURES_PER_ACCOUNT), unblockAt(byAddress, MAX_FAILURES_PER_ADDRESS))
  return until > attempt.now.getTime() ? Math.ceil((until - attempt.now.getTime()) / 1000) : 0
}

/**
 * Starts a password check: records it as a failure *before* the password is verified, then
 * counts. Concurrent attempts therefore see each other, so a burst of parallel guesses cannot
 * slip past the limit (it can only over-count, which refuses). Returns the row id to pass to
 * `markLoginSucceeded`, or the seconds to wait — a refused attempt's row is removed again, so a
 * lock does not extend itself.
 */
export async function beginLoginAttempt(
  db: Kysely<Database>,
  attempt: AttemptKey,
): Promise<{ id: number; retryAfterSeconds: 0 } | { id: null; retryAfterSeconds: number }> {
  const row = await db
    .insertInto('loginAttempt')
    .values({ username: attempt.username, ip: attempt.ip, at: attempt.now, success: false })
    .returning('id')
    .executeTakeFirstOrThrow()
  const seconds = await loginRetryAfterSeconds(db, attempt, row.id)
  if (seconds > 0) {
    await db.deleteFrom('loginAttempt').where('id', '=', row.id).execute()
    return { id: null, retryAfterSeconds: seconds }
  }
  await db.deleteFrom('loginAttempt').where('at', '<', new Date(attempt.now.getTime() - KEEP_MS)).execute()
  return { id: row.id, retryAfterSeconds: 0 }
}

/** Turns the attempt started by `beginLoginAttempt` into a success (which resets the account count). */
export async function markLoginSucceeded(db: Kysely<Database>, id: number): Promise<void> {
  await db.updateTable('loginAttempt').set({ success: true }).where('id', '=', id).execute()
}
