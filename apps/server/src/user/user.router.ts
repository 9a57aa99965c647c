import { z } from 'zod'
import { recordAudit } from '../audit/audit.repository.js'
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/password.js'
import { deleteUserSessions } from '../auth/session.repository.js'
import { rowId } from '../db/row-id.js'
import { adminProcedure, router } from '../trpc/init.js'
import { fieldRefusal } from './field-refusal.js'
import { assertAnotherActiveAdmin, assertBranchExists, changeUser, mapDuplicateUsername, snapshot } from './user-change.js'
import {
  clearFailedSignIns,
  findUserRecord,
  insertUser,
  listUsers,
  newOneTimePassword,
  roleColumns,
  roleOf,
  setPassword,
  setUserActive,
  updateUser,
} from './user.repository.js'

/** Lower-case letters, digits, `.`, `_`, `-`; 3–64 characters. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,64}$/, { message: '帳號限 3–64 個英數字或 . _ - (3–64 letters, digits, . _ -)' })

/**
 * An e-mail address: trimmed, lower-cased, at most 254 characters, `local@domain.tld` without
 * spaces. Empty text means "none" (null).
 */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.union([z.literal('').transform(() => null), z.email().max(254)]))

const roleSchema = z.enum(['admin', 'viewer', 'manager', 'staff', 'committee'])
const displayNameSchema = z.string().trim().min(1).max(100)
const id = rowId

const roleAndBranch = <T extends { role?: string | undefined; branchId?: number | null | undefined }>(value: T, ctx: z.RefinementCtx) => {
  const needsBranch = value.role === 'manager' || value.role === 'staff'
  if (needsBranch && !value.branchId) {
    ctx.addIssue({ code: 'custom', path: ['branchId'], message: 'branch users need a branch', params: { code: 'BRANCH_REQUIRED' } })
  }
}

export const userRouter = router({
  /**
   * Users in username order (agency admin), with e-mail, last sign-in and whether sign-in is
   * locked now. Filters: `search` (part of username, name or e-mail), `role`, `branchId`, `active`.
   */
  list: adminProcedure
    .input(
      z
        .object({
          branchId: id.optional(),
          active: z.boolean().optional(),
          role: roleSchema.optional(),
          search: z.string().trim().max(100).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listUsers(ctx.db, input ?? {}, ctx.now())),

  /**
   * Creates a user (agency admin). `role` is `admin`/`viewer` (agency), `manager`/`staff` (need
   * `branchId`) or `committee` (no account role; seats are given per round). `email` optional.
   * Without `password`, the server makes a one-time password, returns it once as
   * `oneTimePassword`, and the user must choose their own at first sign-in. Refusals name the
   * field: CONFLICT `username` (taken), BAD_REQUEST `branchId` (unknown), `email` (invalid).
   */
  create: adminProcedure
    .input(
      z
        .object({
          username: usernameSchema,
          displayName: displayNameSchema,
          email: emailSchema.optional(),
          role: roleSchema,
          branchId: id.nullable().optional(),
          password: z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH).optional(),
        })
        .superRefine(roleAndBranch),
    )
    .mutation(async ({ ctx, input }) => {
      const oneTimePassword = input.password === undefined ? newOneTimePassword() : null
      const passwordHash = await hashPassword(input.password ?? oneTimePassword!)
      return ctx.db
        .transaction()
        .execute(async (trx) => {
          await assertBranchExists(trx, input.branchId)
          const user = await insertUser(trx, { ...input, passwordHash, mustChangePassword: oneTimePassword !== null })
          const record = (await findUserRecord(trx, user.id))!
          await recordAudit(trx, ctx, {
            action: 'user.create',
            entity: 'app_user',
            entityId: user.id,
            branchId: user.branchId,
            after: { ...snapshot(record), oneTimePassword: oneTimePassword !== null },
          })
          return { ...record, oneTimePassword }
        })
        .catch(mapDuplicateUsername)
    }),

  /**
   * Changes a user's display name, e-mail, role or branch (agency admin). Takes effect on their
   * next request (sessions read the account each time). NOT_FOUND for an unknown id; refuses
   * demoting yourself, demoting the last active administrator, an unknown branch.
   */
  update: adminProcedure
    .input(
      z
        .object({
          id,
          displayName: displayNameSchema.optional(),
          email: emailSchema.optional(),
          role: roleSchema.optional(),
          branchId: id.nullable().optional(),
        })
        .superRefine(roleAndBranch),
    )
    .mutation(({ ctx, input }) =>
      changeUser(ctx, input.id, 'update', async (trx, before) => {
        const role = input.role ?? roleOf(before)
        if (input.id === ctx.user.id && role !== 'admin') {
          throw fieldRefusal('BAD_REQUEST', 'SELF_DEMOTION', 'role', 'you cannot demote yourself')
        }
        if (roleOf(before) === 'admin' && role !== 'admin' && before.active) await assertAnotherActiveAdmin(trx, input.id, 'role')
        const branchId = input.branchId !== undefined ? input.branchId : before.branchId
        if ((role === 'manager' || role === 'staff') && !branchId) {
          throw fieldRefusal('BAD_REQUEST', 'BRANCH_REQUIRED', 'branchId', 'branch users need a branch')
        }
        if (role === 'manager' || role === 'staff') await assertBranchExists(trx, branchId)
        await updateUser(trx, input.id, {
          ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
          ...(input.email !== undefined ? { email: input.email } : {}),
          ...roleColumns(role, branchId),
        })
        const after = (await findUserRecord(trx, input.id))!
        return { before: snapshot(before), after: snapshot(after), branchId: after.branchId ?? before.branchId, result: after }
      }),
    ),

  /**
   * Deactivates a user (agency admin): they cannot sign in and their sessions end at once. Not
   * yourself, not the last active administrator (PRECONDITION_FAILED).
   */
  deactivate: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) => {
    if (input.id === ctx.user.id) throw fieldRefusal('BAD_REQUEST', 'SELF_DEACTIVATION', 'id', 'you cannot deactivate yourself')
    return changeUser(ctx, input.id, 'deactivate', async (trx, before) => {
      if (before.agencyRole === 'admin' && before.active) await assertAnotherActiveAdmin(trx, input.id, 'id')
      await setUserActive(trx, input.id, false)
      const sessions = await deleteUserSessions(trx, input.id)
      return { before: { active: before.active }, after: { active: false, sessionsEnded: sessions }, result: { ...before, active: false } }
    })
  }),

  /** Lets a deactivated user sign in again (agency admin). */
  activate: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) =>
    changeUser(ctx, input.id, 'activate', async (trx, before) => {
      await setUserActive(trx, input.id, true)
      return { before: { active: before.active }, after: { active: true }, result: { ...before, active: true } }
    }),
  ),

  /**
   * Replaces a user's password with a one-time one (agency admin), returned once and never stored
   * in clear or audited. The user's sessions end, their sign-in lock is lifted, and their next
   * sign-in only lets them choose a new password. Not for your own account (use 變更密碼).
   */
  resetPassword: adminProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    if (input.id === ctx.user.id) throw fieldRefusal('BAD_REQUEST', 'NOT_ALLOWED', 'id', 'change your own password instead of resetting it', { action: 'resetOwnPassword' })
    const oneTimePassword = newOneTimePassword()
    const passwordHash = await hashPassword(oneTimePassword)
    return changeUser(ctx, input.id, 'resetPassword', async (trx, before) => {
      await setPassword(trx, input.id, { passwordHash, mustChange: true, now: ctx.now() })
      const sessions = await deleteUserSessions(trx, input.id)
      const failures = await clearFailedSignIns(trx, before.username)
      return {
        before: { mustChangePassword: before.mustChangePassword },
        after: { mustChangePassword: true, sessionsEnded: sessions, failedSignInsCleared: failures },
        result: { id: input.id, username: before.username, oneTimePassword },
      }
    })
  }),

  /**
   * Lifts a user's sign-in lock (agency admin) by forgetting the account's failed sign-ins; the
   * audit trail keeps the failures. Limits per address stay (they protect against guessing).
   */
  clearLock: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) =>
    changeUser(ctx, input.id, 'clearLock', async (trx, user) => {
      const cleared = await clearFailedSignIns(trx, user.username)
      return { after: { failedSignInsCleared: cleared }, result: { id: input.id, cleared } }
    }),
  ),
})

