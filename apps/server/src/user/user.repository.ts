import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { AgencyRole, BranchRole, SessionUser } from '../trpc/context.js'
import type { AppUserRow } from './user.table.js'

/** What an administrator sees of a user: everything but the password hash. */
export interface UserRecord extends SessionUser {
  active: boolean
  branchCode: string | null
  createdAt: Date
  passwordChangedAt: Date
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
  'branch.code as branchCode',
] as const

/** Users in username order, optionally only one branch's or only active ones. */
export async function listUsers(
  db: Kysely<Database>,
  filter: { branchId?: number | undefined; active?: boolean | undefined } = {},
): Promise<UserRecord[]> {
  let query = db.selectFrom('appUser').leftJoin('branch', 'branch.id', 'appUser.branchId').select(recordColumns)
  if (filter.branchId !== undefined) query = query.where('appUser.branchId', '=', filter.branchId)
  if (filter.active !== undefined) query = query.where('appUser.active', '=', filter.active)
  return query.orderBy('appUser.username').execute()
}

export async function findUserRecord(db: Kysely<Database>, id: number): Promise<UserRecord | undefined> {
  return db
    .selectFrom('appUser')
    .leftJoin('branch', 'branch.id', 'appUser.branchId')
    .select(recordColumns)
    .where('appUser.id', '=', id)
    .executeTakeFirst()
}
