import type { Kysely } from 'kysely'
import { notFound } from '../access/branch-scope.js'
import { recordAudit } from '../audit/audit.repository.js'
import { branchExists } from '../branch/unit.repository.js'
import type { Database } from '../db/database.js'
import type { Context } from '../trpc/context.js'
import { fieldRefusal, isUniqueViolation } from './field-refusal.js'
import { findUserRecord, lockActiveAdmins, roleOf, type UserRecord } from './user.repository.js'

/**
 * The rules and the write cycle of the administrators' account procedures (user.router.ts):
 * what the audit keeps of an account, the branch and last-administrator checks, and
 * {@link changeUser}, the one transaction of a change to an existing account.
 */

/** What the audit trail keeps of an account: never the password hash. */
export function snapshot(user: UserRecord) {
  return {
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    role: roleOf(user),
    branchId: user.branchId,
    active: user.active,
  }
}

export async function assertBranchExists(db: Kysely<Database>, branchId: number | null | undefined): Promise<void> {
  if (branchId && !(await branchExists(db, branchId))) throw fieldRefusal('BAD_REQUEST', 'UNKNOWN_BRANCH', 'branchId', 'no such branch', { branchId })
}

/** Refuses a change that would leave no active agency administrator (locks the admins' rows first). */
export async function assertAnotherActiveAdmin(db: Kysely<Database>, userId: number, field: string): Promise<void> {
  const admins = await lockActiveAdmins(db)
  if (admins.includes(userId) && admins.length === 1) {
    throw fieldRefusal('PRECONDITION_FAILED', 'LAST_ADMIN', field, 'the last active agency administrator cannot be deactivated or demoted')
  }
}

export function mapDuplicateUsername(error: unknown): never {
  if (isUniqueViolation(error, 'app_user_username_key')) throw fieldRefusal('CONFLICT', 'DUPLICATE', 'username', 'username taken')
  throw error
}

/** What a change of an account reports for its audit entry, and what the procedure returns. */
export interface UserChange<T> {
  before?: unknown
  after: unknown
  /** The branch the entry is filed under; default the account's branch before the change. */
  branchId?: number | null
  result: T
}

/**
 * One administrator's change of an existing account, in one transaction: the account as stored
 * (NOT_FOUND when missing) → `change` (its checks and writes) → the audit entry `user.<action>`
 * with what `change` reports. Returns `change`'s result.
 */
export function changeUser<T>(ctx: Context, id: number, action: string, change: (trx: Kysely<Database>, before: UserRecord) => Promise<UserChange<T>>): Promise<T> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await findUserRecord(trx, id)
    if (!before) throw notFound()
    const done = await change(trx, before)
    await recordAudit(trx, ctx, {
      action: `user.${action}`,
      entity: 'app_user',
      entityId: id,
      branchId: done.branchId !== undefined ? done.branchId : before.branchId,
      ...(done.before !== undefined ? { before: done.before } : {}),
      after: done.after,
    })
    return done.result
  })
}
