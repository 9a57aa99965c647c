import { createHmac, randomBytes } from 'node:crypto'
import { CompiledQuery, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { SessionUser } from '../trpc/context.js'
import { toSessionUser } from '../user/user.repository.js'
import { DEFAULT_SESSION_LIFETIMES, type SessionLifetimes } from './session-lifetimes.js'

export { DEFAULT_SESSION_LIFETIMES, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, type SessionLifetimes } from './session-lifetimes.js'
// Writing last_seen_at on every request would turn each read into a write; a minute's slack is harmless.
const TOUCH_AFTER_MS = 60 * 1000

/** A new session token for the cookie: 256 random bits, base64url. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * The row id for a token: HMAC-SHA256 keyed with SESSION_SECRET, hex. Only this is stored, so the
 * table (or a backup) does not hold usable cookies.
 */
export function sessionIdFor(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('hex')
}

export interface NewSession {
  id: string
  userId: number
  now: Date
  ip: string | null
  userAgent: string | null
}

/** Stores a session; returns its absolute expiry (what the cookie's Expires should say). */
export async function insertSession(db: Kysely<Database>, session: NewSession, lifetimes: SessionLifetimes = DEFAULT_SESSION_LIFETIMES): Promise<Date> {
  const expiresAt = new Date(session.now.getTime() + lifetimes.absoluteMs)
  await db
    .insertInto('userSession')
    .values({
      id: session.id,
      userId: session.userId,
      createdAt: session.now,
      lastSeenAt: session.now,
      expiresAt,
      ip: session.ip,
      userAgent: session.userAgent?.slice(0, 400) ?? null,
    })
    .execute()
  return expiresAt
}

/** What the session look-up reads (camelCase through the database's CamelCasePlugin). */
interface SessionUserRow {
  expiresAt: Date
  lastSeenAt: Date
  id: number
  username: string
  displayName: string
  agencyRole: SessionUser['agencyRole']
  branchId: number | null
  branchRole: SessionUser['branchRole']
  active: boolean
  mustChangePassword: boolean
}

/**
 * The session look-up every request makes, as text written once: kysely's builder would build,
 * transform and compile the same query on every request (issue 18: the per-request floor).
 */
const SESSION_USER_COLUMNS = `s.expires_at, s.last_seen_at, u.id, u.username, u.display_name, u.agency_role, u.branch_id, u.branch_role, u.active, u.must_change_password`
const SESSION_USER_FROM = `from user_session s join app_user u on u.id = s.user_id where s.id = $1`
const SESSION_USER_SQL = `select ${SESSION_USER_COLUMNS} ${SESSION_USER_FROM}`

/** The columns {@link findSessionForDashboard} reads besides the session's. */
interface DashboardSessionRow extends SessionUserRow {
  dashboardVersion: string | null
  roundIds: number[]
}

/**
 * What a dashboard answer from the cache needs, in the one statement of the session look-up: the
 * data version (migration 0014) and the rounds whose committee the user sits on (their scope).
 * One round trip for a cached national overview instead of three (issue 18).
 */
const DASHBOARD_SESSION_SQL = `select ${SESSION_USER_COLUMNS},
    (select v.version::text from dashboard_version v where v.id = 1) as dashboard_version,
    array(select m.round_id from round_member m where m.user_id = u.id) as round_ids
  ${SESSION_USER_FROM}`

/**
 * The session row's verdict: the row when the session may be used (touched at most once a minute),
 * else null after deleting it — unknown, idle too long, past its absolute expiry, its user
 * deactivated or holding a one-time password (such sessions are deleted).
 */
async function usableSession<Row extends SessionUserRow>(db: Kysely<Database>, id: string, row: Row | undefined, now: Date, lifetimes: SessionLifetimes): Promise<Row | null> {
  if (!row) return null
  const t = now.getTime()
  // An account holding a one-time password has no session until it is replaced (see auth.changeOneTimePassword).
  if (!row.active || row.mustChangePassword || row.expiresAt.getTime() <= t || row.lastSeenAt.getTime() + lifetimes.idleMs <= t) {
    await deleteSession(db, id)
    return null
  }
  if (t - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.updateTable('userSession').set({ lastSeenAt: now }).where('id', '=', id).execute()
  }
  return row
}

/**
 * The active user behind a session id, or null when the session cannot be used (see
 * {@link usableSession}). Refreshes `last_seen_at` at most once a minute.
 */
export async function findSessionUser(
  db: Kysely<Database>,
  id: string,
  now: Date,
  lifetimes: SessionLifetimes = DEFAULT_SESSION_LIFETIMES,
): Promise<SessionUser | null> {
  const row = (await db.executeQuery<SessionUserRow>(CompiledQuery.raw(SESSION_USER_SQL, [id]))).rows[0]
  const usable = await usableSession(db, id, row, now, lifetimes)
  return usable && toSessionUser(usable)
}

/** {@link findSessionUser} with the dashboards' data version and the user's committee rounds. */
export async function findSessionForDashboard(
  db: Kysely<Database>,
  id: string,
  now: Date,
  lifetimes: SessionLifetimes = DEFAULT_SESSION_LIFETIMES,
): Promise<{ user: SessionUser; dashboardVersion: string; roundIds: number[] } | null> {
  const row = (await db.executeQuery<DashboardSessionRow>(CompiledQuery.raw(DASHBOARD_SESSION_SQL, [id]))).rows[0]
  const usable = await usableSession(db, id, row, now, lifetimes)
  return usable && { user: toSessionUser(usable), dashboardVersion: usable.dashboardVersion ?? '0', roundIds: usable.roundIds.map(Number) }
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('userSession').where('id', '=', id).execute()
}

/** Ends every session of a user except `keepId` (if given). Returns how many ended. */
export async function deleteUserSessions(db: Kysely<Database>, userId: number, keepId?: string | null): Promise<number> {
  let query = db.deleteFrom('userSession').where('userId', '=', userId)
  if (keepId) query = query.where('id', '<>', keepId)
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Deletes sessions that can no longer be used. Housekeeping, called on sign-in. */
export async function purgeExpiredSessions(db: Kysely<Database>, now: Date, lifetimes: SessionLifetimes = DEFAULT_SESSION_LIFETIMES): Promise<void> {
  await db
    .deleteFrom('userSession')
    .where((eb) => eb.or([eb('expiresAt', '<=', now), eb('lastSeenAt', '<=', new Date(now.getTime() - lifetimes.idleMs))]))
    .execute()
}
