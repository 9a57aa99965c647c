import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { notFound } from '../access/branch-scope.js'
import { recordAudit } from '../audit/audit.repository.js'
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/password.js'
import { deleteUserSessions } from '../auth/session.repository.js'
import { adminProcedure, router } from '../trpc/init.js'
import { findUserRecord, insertUser, listUsers, roleColumns, roleOf, type UserRecord } from './user.repository.js'

/** Lower-case letters, digits, `.`, `_`, `-`; 3–64 characters. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,64}$/, { message: '帳號限 3–64 個英數字或 . _ - (3–64 letters, digits, . _ -)' })
const roleSchema = z.enum(['admin', 'viewer', 'manager', 'staff', 'committee'])
const id = rowId

const roleAndBranch = <T extends { role?: string | undefined; branchId?: number | null | undefined }>(value: T, ctx: z.RefinementCtx) => {
  const needsBranch = value.role === 'manager' || value.role === 'staff'
  if (needsBranch && !value.branchId) {
    ctx.addIssue({ code: 'custom', path: ['branchId'], message: '分署人員需指定分署 (branch users need a branch)' })
  }
}

function snapshot(user: UserRecord) {
  return { username: user.username, displayName: user.displayName, role: roleOf(user), branchId: user.branchId, active: user.active }
}

/** Throws CONFLICT when a unique username is taken (PostgreSQL 23505), else rethrows. */
function mapUniqueViolation(error: unknown): never {
  if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505') {
    throw new TRPCError({ code: 'CONFLICT', message: '此帳號已存在 (username taken)', cause: error })
  }
  throw error
}

export const userRouter = router({
  /** Every user (agency admin), by username; filter by branch or active state. */
  list: adminProcedure
    .input(z.object({ branchId: id.optional(), active: z.boolean().optional() }).optional())
    .query(({ ctx, input }) => listUsers(ctx.db, input ?? {})),

  /**
   * Creates a user (agency admin). `role` is `admin`/`viewer` (agency), `manager`/`staff` (need
   * `branchId`) or `committee` (no account role; seats are given per round). Password: at least
   * 10 characters. Throws CONFLICT when the username is taken.
   */
  create: adminProcedure
    .input(
      z
        .object({
          username: usernameSchema,
          displayName: z.string().trim().min(1).max(100),
          role: roleSchema,
          branchId: id.nullable().optional(),
          password: z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH),
        })
        .superRefine(roleAndBranch),
    )
    .mutation(async ({ ctx, input }) => {
      const passwordHash = await hashPassword(input.password)
      return ctx.db
        .transaction()
        .execute(async (trx) => {
          if (input.branchId && !(await trx.selectFrom('branch').select('id').where('id', '=', input.branchId).executeTakeFirst())) {
            throw new TRPCError({ code: 'BAD_REQUEST', message: '分署不存在 (no such branch)' })
          }
          const user = await insertUser(trx, { ...input, passwordHash })
          const record = (await findUserRecord(trx, user.id))!
          await recordAudit(trx, ctx, { action: 'user.create', entity: 'app_user', entityId: user.id, branchId: user.branchId, after: snapshot(record) })
          return record
        })
        .catch(mapUniqueViolation)
    }),

  /**
   * Changes a user's display name, role or branch (agency admin). Takes effect on their next
   * request (sessions read the account each time). Throws NOT_FOUND for an unknown id.
   */
  update: adminProcedure
    .input(
      z
        .object({
          id,
          displayName: z.string().trim().min(1).max(100).optional(),
          role: roleSchema.optional(),
          branchId: id.nullable().optional(),
        })
        .superRefine(roleAndBranch),
    )
    .mutation(({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        const before = await findUserRecord(trx, input.id)
        if (!before) throw notFound()
        if (input.id === ctx.user.id && input.role !== undefined && input.role !== 'admin') {
          throw new TRPCError({ code: 'BAD_REQUEST', message: '不能移除自己的管理者權限 (you cannot demote yourself)' })
        }
        const role = input.role ?? roleOf(before)
        if ((role === 'manager' || role === 'staff') && !(input.branchId ?? before.branchId)) {
          throw new TRPCError({ code: 'BAD_REQUEST', message: '分署人員需指定分署 (branch users need a branch)' })
        }
        await trx
          .updateTable('appUser')
          .set({
            ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
            ...roleColumns(role, input.branchId !== undefined ? input.branchId : before.branchId),
          })
          .where('id', '=', input.id)
          .execute()
        const after = (await findUserRecord(trx, input.id))!
        await recordAudit(trx, ctx, {
          action: 'user.update',
          entity: 'app_user',
          entityId: input.id,
          branchId: after.branchId ?? before.branchId,
          before: snapshot(before),
          after: snapshot(after),
        })
        return after
      }),
    ),

  /** Deactivates a user (agency admin): they cannot sign in and their sessions end at once. Not yourself. */
  deactivate: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) =>
    ctx.db.transaction().execute(async (trx) => {
      if (input.id === ctx.user.id) throw new TRPCError({ code: 'BAD_REQUEST', message: '不能停用自己的帳號 (you cannot deactivate yourself)' })
      const before = await findUserRecord(trx, input.id)
      if (!before) throw notFound()
      await trx.updateTable('appUser').set({ active: false }).where('id', '=', input.id).execute()
      const sessions = await deleteUserSessions(trx, input.id)
      await recordAudit(trx, ctx, {
        action: 'user.deactivate',
        entity: 'app_user',
        entityId: input.id,
        branchId: before.branchId,
        before: { active: before.active },
        after: { active: false, sessionsEnded: sessions },
      })
      return { ...before, active: false }
    }),
  ),

  /** Lets a deactivated user sign in again (agency admin). */
  activate: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) =>
    ctx.db.transaction().execute(async (trx) => {
      const before = await findUserRecord(trx, input.id)
      if (!before) throw notFound()
      await trx.updateTable('appUser').set({ active: true }).where('id', '=', input.id).execute()
      await recordAudit(trx, ctx, {
        action: 'user.activate',
        entity: 'app_user',
        entityId: input.id,
        branchId: before.branchId,
        before: { active: before.active },
        after: { active: true },
      })
      return { ...before, active: true }
    }),
  ),
})
