import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { DEFAULT_SESSION_LIFETIMES, type SessionLifetimes } from '../auth/session-lifetimes.js'
import type { DatabaseKind } from '../db/client.js'
import type { Database } from '../db/database.js'

/** Agency-wide roles. `admin` manages everything; `viewer` reads everything, changes nothing. */
export type AgencyRole = 'admin' | 'viewer'
/** Roles inside one branch: they see their own branch only. */
export type BranchRole = 'manager' | 'staff'
/** Roles on a round's committee roster (round_member), per round. */
export type CommitteeRole = 'convener' | 'member' | 'secretary'

/** The signed-in user as procedures see it. Committee roles are per round and looked up on demand. */
export interface SessionUser {
  id: number
  username: string
  displayName: string
  agencyRole: AgencyRole | null
  branchId: number | null
  branchRole: BranchRole | null
}

export interface RequestMeta {
  ip: string
  userAgent: string | null
  /** True when the request came over HTTPS (cookies get `Secure`). */
  secure: boolean
}

/** Cookie glue the HTTP adapter supplies; absent in createCaller tests. */
export interface SessionCookies {
  set(token: string, expiresAt: Date): void
  clear(): void
}

/** What every procedure sees. Pure: tests build it directly with `createContextInner`. */
export interface Context {
  db: Kysely<Database>
  dbKind: DatabaseKind
  user: SessionUser | null
  /** Id of the current session row, when signed in. */
  sessionId: string | null
  meta: RequestMeta
  cookies: SessionCookies | null
  /** Clock, injectable for tests of due dates and overdue items. */
  now: () => Date
  /** Root for files kept on disk (evidence uploads) in embedded mode. */
  dataDir: string | null
  /** Key for hashing session tokens (SESSION_SECRET); never sent anywhere. */
  sessionSecret: string
  /** How long sessions last (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS). */
  sessionLifetimes: SessionLifetimes
}

export interface ContextInput {
  db: Kysely<Database>
  dbKind: DatabaseKind
  user?: SessionUser | null
  sessionId?: string | null
  meta?: Partial<RequestMeta>
  cookies?: SessionCookies | null
  now?: () => Date
  dataDir?: string | null
  sessionSecret?: string
  sessionLifetimes?: SessionLifetimes
}

// Tests and callers without a configured secret get one per process: sessions then simply do not
// survive a restart, which is safe. The HTTP host always passes the configured one.
const processSecret = randomBytes(32).toString('hex')

export function createContextInner(input: ContextInput): Context {
  return {
    db: input.db,
    dbKind: input.dbKind,
    user: input.user ?? null,
    sessionId: input.sessionId ?? null,
    meta: { ip: '127.0.0.1', userAgent: null, secure: false, ...input.meta },
    cookies: input.cookies ?? null,
    now: input.now ?? (() => new Date()),
    dataDir: input.dataDir ?? null,
    sessionSecret: input.sessionSecret ?? processSecret,
    sessionLifetimes: input.sessionLifetimes ?? DEFAULT_SESSION_LIFETIMES,
  }
}
