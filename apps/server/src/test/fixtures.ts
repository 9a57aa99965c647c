/**
 * Test fixtures shared by every router test: users of each role and callers acting as them.
 *
 * ```ts
 * const users = await createFixtureUsers(database.db)          // seeds the 13 branches too
 * const asStaff = callerFor(database, users.staff)              // TPE branch staff
 * await expect(asStaff.user.list()).rejects.toMatchObject({ code: 'FORBIDDEN' })
 * ```
 * Committee users (`convener`, `member`, `secretary`) have no agency or branch role: put them on a
 * round's roster (`round_member`) yourself. Every fixture user's password is `FIXTURE_PASSWORD`.
 */
import { BRANCHES } from '@leap/domain'
import { TRPCError } from '@trpc/server'
import type { Kysely } from 'kysely'
import { hashPassword } from '../auth/password.js'
import { insertBranches } from '../branch/branch.repository.js'
import type { DatabaseHandle } from '../db/client.js'
import type { Database } from '../db/database.js'
import { appRouter } from '../trpc/app-router.js'
import { createContextInner, type Context, type ContextInput, type SessionUser } from '../trpc/context.js'
import { createCallerFactory } from '../trpc/init.js'
import { insertUser, type UserRole } from '../user/user.repository.js'

export const FIXTURE_PASSWORD = 'fixture-password-1'

/** The roles a fixture user can have. `convener`/`member`/`secretary` become committee users. */
export type FixtureRole = 'admin' | 'viewer' | 'convener' | 'member' | 'secretary' | 'manager' | 'staff'

let passwordHash: Promise<string> | undefined
// argon2 takes tens of milliseconds: hash once per test process.
const fixtureHash = () => (passwordHash ??= hashPassword(FIXTURE_PASSWORD))

/** Inserts the 13 branches when missing; returns their ids by code (`ids.TPE`). */
export async function ensureBranches(db: Kysely<Database>): Promise<Record<string, number>> {
  await insertBranches(db, BRANCHES)
  const rows = await db.selectFrom('branch').select(['id', 'code']).execute()
  return Object.fromEntries(rows.map((r) => [r.code, r.id]))
}

export interface CreateTestUserOptions {
  role: FixtureRole
  /** Defaults to `<role>-<n>`, unique within the process. */
  username?: string
  displayName?: string
  /** Branch of a manager or staff user; defaults to TPE. */
  branchCode?: string
}

let sequence = 0

/** Creates one active user with `FIXTURE_PASSWORD`. Seeds branches if a branch user needs one. */
export async function createTestUser(db: Kysely<Database>, options: CreateTestUserOptions): Promise<SessionUser> {
  sequence += 1
  const role: UserRole = options.role === 'manager' || options.role === 'staff' || options.role === 'admin' || options.role === 'viewer' ? options.role : 'committee'
  let branchId: number | null = null
  if (role === 'manager' || role === 'staff') {
    const code = options.branchCode ?? 'TPE'
    const ids = await ensureBranches(db)
    branchId = ids[code] ?? null
    if (branchId === null) throw new Error(`unknown branch code ${code}`)
  }
  return insertUser(db, {
    username: options.username ?? `${options.role}-${sequence}`,
    displayName: options.displayName ?? `測試 ${options.role} ${sequence}`,
    passwordHash: await fixtureHash(),
    role,
    branchId,
  })
}

/** One user of each role: branch users of TPE, plus `otherManager`/`otherStaff` of ILA. */
export interface FixtureUsers {
  admin: SessionUser
  viewer: SessionUser
  convener: SessionUser
  member: SessionUser
  secretary: SessionUser
  manager: SessionUser
  staff: SessionUser
  otherManager: SessionUser
  otherStaff: SessionUser
  branchIds: Record<string, number>
}

/** Seeds the branches and creates one user of each role (see `FixtureUsers`). */
export async function createFixtureUsers(db: Kysely<Database>): Promise<FixtureUsers> {
  const branchIds = await ensureBranches(db)
  const make = (role: FixtureRole, branchCode?: string) => createTestUser(db, { role, branchCode })
  return {
    admin: await make('admin'),
    viewer: await make('viewer'),
    convener: await make('convener'),
    member: await make('member'),
    secretary: await make('secretary'),
    manager: await make('manager', 'TPE'),
    staff: await make('staff', 'TPE'),
    otherManager: await make('manager', 'ILA'),
    otherStaff: await make('staff', 'ILA'),
    branchIds,
  }
}

/** A procedure context acting as `user` (null: anonymous). */
export function contextFor(database: DatabaseHandle, user: SessionUser | null, overrides: Partial<ContextInput> = {}): Context {
  return createContextInner({ db: database.db, dbKind: database.kind, user, sessionId: user ? `test-session-${user.id}` : null, ...overrides })
}

const createCaller = createCallerFactory(appRouter)

/** A caller of the whole app router acting as `user` (null: anonymous). */
export function callerFor(database: DatabaseHandle, user: SessionUser | null, overrides: Partial<ContextInput> = {}) {
  return createCaller(contextFor(database, user, overrides))
}

/** The TRPCError a call rejects with (fails the test when it resolves or rejects otherwise). */
export async function refusal(call: Promise<unknown>): Promise<TRPCError> {
  try {
    await call
  } catch (error) {
    if (error instanceof TRPCError) return error
    throw error
  }
  throw new Error('expected the call to be refused')
}
