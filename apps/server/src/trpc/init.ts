import { isDomainError } from '@leap/domain'
import { initTRPC, TRPCError } from '@trpc/server'
import { describeConstraintError } from '../db/constraint-error.js'
import { isDatabaseUnavailable, OUTAGE_MESSAGE } from '../db/outage.js'
import type { Context, SessionUser } from './context.js'
import { DOMAIN_STATUS, refusalData, refuse } from './refusal.js'
import { assertStorableInput } from './text-guard.js'

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // Stack traces never leave the server; the refusal's code, params and field errors do (refusal.ts).
    const { stack: _stack, ...data } = shape.data
    return { ...shape, data: { ...data, ...refusalData(error) } }
  },
})

const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next()
  if (!result.ok && isDomainError(result.error.cause)) {
    const cause = result.error.cause
    throw new TRPCError({ code: DOMAIN_STATUS[cause.code] ?? 'BAD_REQUEST', message: cause.message, cause })
  }
  // An unreachable database is not the request's fault: 503 (with Retry-After), so clients retry.
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR' && isDatabaseUnavailable(result.error.cause)) {
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: OUTAGE_MESSAGE, cause: result.error.cause })
  }
  // A constraint the database enforced that no check before it caught (a reference to nothing, a
  // duplicate, a value out of range): the 4xx naming the field, never a 500 (db/constraint-error.ts).
  const constraint = !result.ok && result.error.code === 'INTERNAL_SERVER_ERROR' ? describeConstraintError(result.error.cause) : null
  if (constraint) {
    const params = { field: constraint.field, rule: constraint.rule }
    throw refuse(constraint.trpcCode, constraint.code, params, constraint.message, (constraint.field?.split(', ') ?? []).map((field) => ({ path: [field] })))
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
  if (!ctx.user) throw refuse('UNAUTHORIZED', 'SIGN_IN_REQUIRED', {}, 'sign in first')
  if (type === 'mutation' && ctx.user.agencyRole === 'viewer' && !selfServicePaths.has(path)) {
    throw refuse('FORBIDDEN', 'VIEWER_READ_ONLY', {}, 'viewers cannot change data')
  }
  return next({ ctx: { ...ctx, user: ctx.user as SessionUser } })
})

/** Agency administrators and viewers: read-everything procedures (e.g. the audit log). */
export const agencyProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.agencyRole !== 'admin' && ctx.user.agencyRole !== 'viewer') {
    throw refuse('FORBIDDEN', 'AGENCY_ONLY', {}, 'agency staff only')
  }
  return next()
})

/** Agency administrators only. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.agencyRole !== 'admin') throw refuse('FORBIDDEN', 'ADMIN_ONLY', {}, 'agency admin only')
  return next()
})
