import { isDomainError, type DomainErrorCode } from '@leap/domain'
import { initTRPC, TRPCError } from '@trpc/server'
import { ZodError } from 'zod'
import { isDatabaseUnavailable, OUTAGE_MESSAGE } from '../db/outage.js'
import type { Context, SessionUser } from './context.js'
import { assertStorableInput } from './text-guard.js'

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // Stack traces never leave the server; field issues do, so the admin can show them by the field.
    const { stack: _stack, ...data } = shape.data
    const cause = error.cause
    const fieldErrors =
      cause instanceof ZodError
        ? cause.issues.map((i) => ({ path: i.path.map(String), message: i.message }))
        : isDomainError(cause)
          ? cause.issues.map((i) => ({ path: i.path.map(String), message: i.message }))
          : undefined
    const domainCode = isDomainError(cause) ? cause.code : undefined
    // A refused stale write (CONFLICT) carries the current row(s) in `cause.current`: the client shows them.
    const current = error.code === 'CONFLICT' && cause && 'current' in cause ? (cause as { current: unknown }).current : undefined
    return { ...shape, data: { ...data, fieldErrors, domainCode, ...(current !== undefined ? { current } : {}) } }
  },
})

/** How each domain refusal reaches the client. The one place DomainError becomes TRPCError. */
const domainStatus: Record<DomainErrorCode, TRPCError['code']> = {
  INVALID_CATALOGUE: 'BAD_REQUEST',
  UNKNOWN_CRITERION: 'BAD_REQUEST',
  INVALID_SCORE: 'BAD_REQUEST',
  FINDING_REQUIRED: 'BAD_REQUEST',
  MEMBER_RECUSED: 'FORBIDDEN',
  SHEET_INCOMPLETE: 'PRECONDITION_FAILED',
  SHEET_LOCKED: 'PRECONDITION_FAILED',
  IMPROVEMENT_PLAN_REQUIRED: 'PRECONDITION_FAILED',
  ILLEGAL_TRANSITION: 'PRECONDITION_FAILED',
  ROLE_NOT_ALLOWED: 'FORBIDDEN',
  REASON_REQUIRED: 'BAD_REQUEST',
  EVIDENCE_REQUIRED: 'BAD_REQUEST',
  INVALID_INDICATOR: 'BAD_REQUEST',
  INVALID_DATE: 'BAD_REQUEST',
}

const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next()
  if (!result.ok && isDomainError(result.error.cause)) {
    const cause = result.error.cause
    throw new TRPCError({ code: domainStatus[cause.code] ?? 'BAD_REQUEST', message: cause.message, cause })
  }
  // An unreachable database is not the request's fault: 503 (with Retry-After), so clients retry.
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR' && isDatabaseUnavailable(result.error.cause)) {
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: OUTAGE_MESSAGE, cause: result.error.cause })
  }
  return result
})

export const router = t.router
export const middleware = t.middleware
export const createCallerFactory = t.createCallerFactory

/** Text the database would refuse or alter is refused before any procedure runs (see text-guard.ts). */
const storableText = t.middleware(async ({ getRawInput, next }) => {
  assertStorableInput(await getRawInput())
  return next()
})

/** Anyone, signed in or not. Domain errors are mapped. */
export const publicProcedure = t.procedure.use(mapDomainErrors).use(storableText)

/** Mutations a viewer may still make: their own session and password. */
const selfServicePaths = new Set(['auth.logout', 'auth.logoutAll', 'auth.changePassword'])

/**
 * A signed-in user; narrows `ctx.user` to non-null. An agency viewer never mutates (except their
 * own session and password): refused here once, so no router can forget it.
 */
export const authedProcedure = publicProcedure.use(({ ctx, next, type, path }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: '請先登入 (sign in first)' })
  if (type === 'mutation' && ctx.user.agencyRole === 'viewer' && !selfServicePaths.has(path)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: '檢視者僅能查閱，不能修改 (viewers cannot change data)' })
  }
  return next({ ctx: { ...ctx, user: ctx.user as SessionUser } })
})

/** Agency administrators and viewers: read-everything procedures (e.g. the audit log). */
export const agencyProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.agencyRole !== 'admin' && ctx.user.agencyRole !== 'viewer') {
    throw new TRPCError({ code: 'FORBIDDEN', message: '需要署本部權限 (agency staff only)' })
  }
  return next()
})

/** Agency administrators only. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.agencyRole !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: '需要署管理者權限 (agency admin only)' })
  return next()
})
