import type { Generated, Selectable } from 'kysely'

/** `user_session`: one signed-in browser. `id` is the keyed SHA-256 of the cookie token, never the token. */
export interface UserSessionTable {
  id: string
  userId: number
  createdAt: Generated<Date>
  /** Absolute expiry: the session ends then whatever the activity. */
  expiresAt: Date
  /** Idle expiry counts from here. */
  lastSeenAt: Generated<Date>
  ip: string | null
  userAgent: string | null
}

/** `login_attempt`: every password check, for rate limiting shared by all server instances. */
export interface LoginAttemptTable {
  id: Generated<number>
  at: Generated<Date>
  /** Lower-cased as typed, whether or not such a user exists. */
  username: string
  ip: string
  success: boolean
}

export type UserSessionRow = Selectable<UserSessionTable>
