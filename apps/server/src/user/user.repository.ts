import { randomInt } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { LOGIN_WINDOW_MS, MAX_FAILURES_PER_ACCOUNT } from '../auth/login-throttle.repository.js'
import type { Database } from '../db/database.js'
import type { AgencyRole, BranchRole, SessionUser } from '../trpc/context.js'
import type { AppUserRow, AppUserUpdate } from './user.table.js'

/** What an administrator sees of a user: everything but the password hash. */
export interface UserRecord extends SessionUser {
  active: boolean
  branchCode: string | null
  createdAt: Date
  passwordChangedAt: Date
  email: string | null
  /** A one-time password was given: the user must choose their own at next sign-in. */
  mustChangePassword: boolean
  lastSignInAt: Date | null
}

/** A user as the accounts screen lists them: the record plus whether sign-in is locked now. */
export interface UserListItem extends UserRecord {
  /** Too many failed sign-ins for this account in the last 15 minutes (the admin can clear it). */
  locked: boolean
}

/** The single role a user is created with; maps onto agency_role or branch_role. */
export type UserRole = AgencyRole | BranchRole | 'committee'

export interface NewUser {
  username: string
  displayName: string
  passwordHash: string
  role: UserRole
  /** Required for `manager` and `staff`, ignored otherwise. */
  branchId?: number | null
  email?: string | null
  mustChangePassword?: boolean
}

/** Splits a role into the two columns. Committee users have neither: their roles live on each round's roster. */
export function roleColumns(role: UserRole, branchId: number | null | undefined) {
  if (role === 'admin' || role === 'viewer') return { agencyRole: role, branchId: null, branchRole: null }
  if (role === 'committee') return { agencyRole: null, branchId: null, branchRole: null }
  return { agencyRole: null, branchId: branchId ?? null, branchRole: role }
}

/** Inverse of `roleColumns`. */
export function roleOf(user: Pick<SessionUser, 'agencyRole' | 'branchRole'>): UserRole {
  return user.agencyRole ?? user.branchRole ?? 'committee'
}

export function toSessionUser(row: Pick<AppUserRow, 'id' | 'username' | 'displayName' | 'agencyRole' | 'branchId' | 'branchRole'>): SessionUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    agencyRole: row.agencyRole,
    branchId: row.branchId,
    branchRole: row.branchRole,
  }
}

/** Inserts a user. Usernames are lower-cased. Throws the driver's unique violation when taken. */
export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<SessionUser> {
  const row = await db
    .insertInto('appUser')
    .values({
      username: user.username.toLowerCase(),
      displayName: user.displayName,
      passwordHash: user.passwordHash,
      email: user.email ?? null,
      mustChangePassword: user.mustChangePassword ?? false,
      ...roleColumns(user.role, user.branchId),
    })
    .returning(['id', 'username', 'displayName', 'agencyRole', 'branchId', 'branchRole'])
    .executeTakeFirstOrThrow()
  return toSessionUser(row)
}

/** The user with this username (any case), active or not, with the hash; undefined when absent. */
export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<AppUserRow | undefined> {
  return db.selectFrom('appUser').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst()
}

export async function findUserById(db: Kysely<Database>, id: number): Promise<AppUserRow | undefined> {
  return db.selectFrom('appUser').selectAll().where('id', '=', id).executeTakeFirst()
}

const recordColumns = [
  'appUser.id',
  'appUser.username',
  'appUser.displayName',
  'appUser.agencyRole',
  'appUser.branchId',
  'appUser.branchRole',
  'appUser.active',
  'appUser.createdAt',
  'appUser.passwordChangedAt',
  'appUser.email',
  'appUser.mustChangePassword',
  'appUser.lastSignInAt',
  'branch.code as branchCode',
] as const

export interface UserFilter {
  branchId?: number | undefined
  active?: boolean | undefined
  role?: UserRole | undefined
  /** Part of the username, display name or e-mail (any case). */
  search?: string | undefined
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * Users in username order, filtered by branch, active state, role and a search text; each with
 * whether sign-in is locked now (the same count as the sign-in limit: failures for the username
 * since its last success, within the window). `now` is the clock of the lock.
 */
export async function listUsers(db: Kysely<Database>, filter: UserFilter = {}, now: Date = new Date()): Promise<UserListItem[]> {
  let query = db.selectFrom('appUser').leftJoin('branch', 'branch.id', 'appUser.branchId').select(recordColumns)
  if (filter.branchId !== undefined) query = query.where('appUser.branchId', '=', filter.branchId)
  if (filter.active !== undefined) query = query.where('appUser.active', '=', filter.active)
  if (filter.role === 'admin' || filter.role === 'viewer') query = query.where('appUser.agencyRole', '=', filter.role)
  else if (filter.role === 'manager' || filter.role === 'staff') query = query.where('appUser.branchRole', '=', filter.role)
  else if (filter.role === 'committee') query = query.where('appUser.agencyRole', 'is', null).where('appUser.branchRole', 'is', null)
  const search = filter.search?.trim().toLowerCase()
  if (search) {
    const pattern = likePattern(search)
    query = query.where((eb) =>
      eb.or([
        eb('appUser.username', 'like', pattern),
        eb(eb.fn('lower', ['appUser.displayName']), 'like', pattern),
        eb('appUser.email', 'like', pattern),
      ]),
    )
  }
  const users = await query.orderBy('appUser.username').execute()
  const locked = await lockedUsernames(db, now)
  return users.map((u) => ({ ...u, locked: locked.has(u.username) }))
}

/**
 * Usernames whose sign-in is locked at `now`: at least MAX_FAILURES_PER_ACCOUNT failures within
 * the window since the username's last success (what `loginRetryAfterSeconds` counts per account).
 */
export async function lockedUsernames(db: Kysely<Database>, now: Date): Promise<Set<string>> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS)
  const rows = await db
    .selectFrom('loginAttempt as failure')
    .select('failure.username')
    .where('failure.success', '=', false)
    .where('failure.at', '>', since)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('loginAttempt as success')
            .select(sql`1`.as('one'))
            .whereRef('success.username', '=', 'failure.username')
            .where('success.success', '=', true)
            .whereRef('success.id', '>', 'failure.id'),
        ),
      ),
    )
    .groupBy('failure.username')
    .having((eb) => eb.fn.countAll(), '>=', MAX_FAILURES_PER_ACCOUNT)
    .execute()
  return new Set(rows.map((r) => r.username))
}

/** Forgets the failed sign-ins of a username, which lifts its account lock. Returns how many. */
export async function clearFailedSignIns(db: Kysely<Database>, username: string): Promise<number> {
  const result = await db.deleteFrom('loginAttempt').where('username', '=', username).where('success', '=', false).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/**
 * Locks the rows of every active agency administrator for the rest of the transaction and returns
 * their ids, so two administrators demoting or deactivating each other at once cannot leave none.
 */
export async function lockActiveAdmins(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom('appUser').select('id').where('agencyRole', '=', 'admin').where('active', '=', true).forUpdate().execute()
  return rows.map((r) => r.id)
}

/** Sets a user's password hash and whether they must change it at next sign-in. */
export async function setPassword(db: Kysely<Database>, id: number, change: { passwordHash: string; mustChange: boolean; now: Date }): Promise<void> {
  await db
    .updateTable('appUser')
    .set({ passwordHash: change.passwordHash, mustChangePassword: change.mustChange, passwordChangedAt: change.now })
    .where('id', '=', id)
    .execute()
}

/** Changes a user's name, e-mail and role columns (`roleColumns`); fields left out are kept. */
export async function updateUser(
  db: Kysely<Database>,
  id: number,
  change: Pick<AppUserUpdate, 'displayName' | 'email' | 'agencyRole' | 'branchId' | 'branchRole'>,
): Promise<void> {
  await db.updateTable('appUser').set(change).where('id', '=', id).execute()
}

/** Lets a user sign in (`true`) or not (`false`); ending their sessions is the caller's part. */
export async function setUserActive(db: Kysely<Database>, id: number, active: boolean): Promise<void> {
  await db.updateTable('appUser').set({ active }).where('id', '=', id).execute()
}

/** A user's e-mail address, or null when they have none (or do not exist). */
export async function findUserEmail(db: Kysely<Database>, id: number): Promise<string | null> {
  const row = await db.selectFrom('appUser').select('email').where('id', '=', id).executeTakeFirst()
  return row?.email ?? null
}

/** Records a successful sign-in time (shown in the accounts list). */
export async function touchLastSignIn(db: Kysely<Database>, id: number, now: Date): Promise<void> {
  await db.updateTable('appUser').set({ lastSignInAt: now }).where('id', '=', id).execute()
}

// No 0/O, 1/l/I: the administrator reads it out or types it into a message.
const ONE_TIME_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/**
 * A one-time password: 14 characters from 56 (about 81 bits), in groups of 4-4-4-2 joined by `-`
 * so it can be read out. Long enough for the password rules (at least 10 characters).
 */
export function newOneTimePassword(): string {
  const chars = Array.from({ length: 14 }, () => ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)]!)
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8, 12), chars.slice(12)].map((g) => g.join('')).join('-')
}

export async function findUserRecord(db: Kysely<Database>, id: number): Promise<UserRecord | undefined> {
  return db
    .selectFrom('appUser')
    .leftJoin('branch', 'branch.id', 'appUser.branchId')
    .select(recordColumns)
    .where('appUser.id', '=', id)
    .executeTakeFirst()
}
