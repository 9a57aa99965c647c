import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { recordAudit } from '../audit/audit.repository.js'
import type { Context } from '../trpc/context.js'
import { refuse, Refusal } from '../trpc/refusal.js'
import { authedProcedure, publicProcedure, router } from '../trpc/init.js'
import type { AppUserRow } from '../user/user.table.js'
import { findUserById, findUserByUsername, setPassword, toSessionUser, touchLastSignIn } from '../user/user.repository.js'
import { beginLoginAttempt, markLoginSucceeded } from './login-throttle.repository.js'
import { loadMe } from './me.repository.js'
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyAgainstDummy, verifyPassword } from './password.js'
import {
  deleteSession,
  deleteUserSessions,
  insertSession,
  newSessionToken,
  purgeExpiredSessions,
  sessionIdFor,
} from './session.repository.js'

/** Refusal of a correct one-time password at sign-in: the admin then shows the password-change screen. */
export const PASSWORD_CHANGE_REQUIRED_MESSAGE = 'one-time password: choose a new password to sign in'

/** One message whether the username exists or not, so sign-in does not reveal accounts. */
/** The English log text of a failed sign-in (the client words the code SIGN_IN_FAILED). */
export const LOGIN_FAILED_MESSAGE = 'wrong username or password'

const username = z.string().trim().toLowerCase().min(1).max(64)
const password = z.string().min(1).max(MAX_PASSWORD_LENGTH)
const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { message: `at least ${MIN_PASSWORD_LENGTH} characters` })
  .max(MAX_PASSWORD_LENGTH)

/**
 * Cause of a TOO_MANY_REQUESTS refusal: the code SIGN_IN_THROTTLED with `seconds` for the client,
 * and `retryAfterSeconds`, which the HTTP host turns into a `Retry-After` header.
 */
export class LoginThrottledError extends Refusal {
  constructor(readonly retryAfterSeconds: number) {
    super('SIGN_IN_THROTTLED', { seconds: retryAfterSeconds }, `too many failed attempts; retry after ${retryAfterSeconds} seconds`)
    this.name = 'LoginThrottledError'
  }
}

function tooManyAttempts(seconds: number): TRPCError {
  const cause = new LoginThrottledError(seconds)
  return new TRPCError({ code: 'TOO_MANY_REQUESTS', message: cause.message, cause })
}

/**
 * Records a password check about to happen (as a failure until `markLoginSucceeded`) and returns
 * its id. Throws TOO_MANY_REQUESTS while the username or the caller's address is over its limit.
 */
async function startPasswordCheck(ctx: Context, name: string): Promise<number> {
  const attempt = await beginLoginAttempt(ctx.db, { username: name, ip: ctx.meta.ip, now: ctx.now() })
  if (attempt.id === null) throw tooManyAttempts(attempt.retryAfterSeconds)
  return attempt.id
}

/**
 * The password check of both sign-ins: throttled (startPasswordCheck), then the user's password —
 * unknown and inactive users still cost one hash verification, so timing does not tell them apart.
 * A failure is audited and refused with the one generic SIGN_IN_FAILED. Returns the attempt (to
 * mark succeeded) and the user.
 */
async function checkPassword(ctx: Context, name: string, given: string) {
  const attemptId = await startPasswordCheck(ctx, name)
  const user = await findUserByUsername(ctx.db, name)
  const ok = user && user.active ? await verifyPassword(user.passwordHash, given) : await verifyAgainstDummy(given)
  if (!user || !ok) {
    await ctx.db.transaction().execute(async (trx) => {
      await recordAudit(trx, ctx, { action: 'auth.loginFailed', entity: 'app_user', entityId: user?.id ?? null, actorId: null, after: { username: name } })
    })
    throw refuse('UNAUTHORIZED', 'SIGN_IN_FAILED', {}, LOGIN_FAILED_MESSAGE)
  }
  return { attemptId, user }
}


/**
 * Starts a session for a user whose password was just verified: marks the attempt a success,
 * replaces any session this browser had, records the sign-in (audit, last sign-in) and sets the
 * cookie. `before` runs first in the same transaction (e.g. storing a new password).
 */
async function startSession(ctx: Context, user: AppUserRow, attemptId: number, before?: (trx: Context['db']) => Promise<void>) {
  const now = ctx.now()
  const token = newSessionToken()
  const expiresAt = await ctx.db.transaction().execute(async (trx) => {
    await before?.(trx)
    await markLoginSucceeded(trx, attemptId)
    if (ctx.sessionId) await deleteSession(trx, ctx.sessionId)
    await purgeExpiredSessions(trx, now, ctx.sessionLifetimes)
    const expires = await insertSession(
      trx,
      { id: sessionIdFor(ctx.sessionSecret, token), userId: user.id, now, ip: ctx.meta.ip, userAgent: ctx.meta.userAgent },
      ctx.sessionLifetimes,
    )
    await touchLastSignIn(trx, user.id, now)
    await recordAudit(trx, ctx, { action: 'auth.login', entity: 'app_user', entityId: user.id, actorId: user.id })
    return expires
  })
  ctx.cookies?.set(token, expiresAt)
  return loadMe(ctx.db, toSessionUser(user))
}

export const authRouter = router({
  /**
   * Signs in with username and password; sets the `leap_session` cookie (a new session id every
   * time, so a cookie planted before sign-in is never promoted). Throws UNAUTHORIZED with one
   * generic message for unknown users, wrong passwords and deactivated accounts, and
   * TOO_MANY_REQUESTS ("retry after N seconds") after 5 failures for the account or 20 for the
   * address within 15 minutes — even when the password is then right. A right one-time password
   * (must change at next sign-in) opens no session: PRECONDITION_FAILED, and the client offers
   * `changeOneTimePassword`.
   */
  login: publicProcedure.input(z.object({ username, password })).mutation(async ({ ctx, input }) => {
    const { attemptId, user } = await checkPassword(ctx, input.username, input.password)
    if (user.mustChangePassword) {
      // The one-time password is right, but it opens no session: only auth.changeOneTimePassword takes it.
      await markLoginSucceeded(ctx.db, attemptId)
      throw refuse('PRECONDITION_FAILED', 'PASSWORD_CHANGE_REQUIRED', {}, PASSWORD_CHANGE_REQUIRED_MESSAGE)
    }
    return startSession(ctx, user, attemptId)
  }),

  /**
   * Signs in with a one-time password (given by an administrator's reset or at account creation)
   * by choosing a new one: checks username and one-time password like `login` (same throttle, same
   * generic refusal), then stores the new password (10+ characters, different), clears the
   * must-change flag and starts a session. Works for an account without the flag too (it is then
   * a password change at sign-in).
   */
  changeOneTimePassword: publicProcedure
    .input(z.object({ username, oneTimePassword: password, newPassword }))
    .mutation(async ({ ctx, input }) => {
      if (input.oneTimePassword === input.newPassword) {
        throw refuse('BAD_REQUEST', 'PASSWORD_UNCHANGED', {}, 'the new password equals the one-time password', [{ path: ['newPassword'] }])
      }
      const { attemptId, user } = await checkPassword(ctx, input.username, input.oneTimePassword)
      const passwordHash = await hashPassword(input.newPassword)
      return startSession(ctx, user, attemptId, async (trx) => {
        await setPassword(trx, user.id, { passwordHash, mustChange: false, now: ctx.now() })
        await deleteUserSessions(trx, user.id)
        await recordAudit(trx, ctx, { action: 'auth.changePassword', entity: 'app_user', entityId: user.id, actorId: user.id, after: { oneTimePasswordReplaced: user.mustChangePassword } })
      })
    }),

  /** Ends this session and clears the cookie. */
  logout: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.db.transaction().execute(async (trx) => {
      if (ctx.sessionId) await deleteSession(trx, ctx.sessionId)
      await recordAudit(trx, ctx, { action: 'auth.logout', entity: 'app_user', entityId: ctx.user.id })
    })
    ctx.cookies?.clear()
    return { ok: true as const }
  }),

  /** Ends every session of the signed-in user, on every device, this one included. */
  logoutAll: authedProcedure.mutation(async ({ ctx }) => {
    const ended = await ctx.db.transaction().execute(async (trx) => {
      const count = await deleteUserSessions(trx, ctx.user.id)
      await recordAudit(trx, ctx, { action: 'auth.logoutAll', entity: 'app_user', entityId: ctx.user.id, after: { sessions: count } })
      return count
    })
    ctx.cookies?.clear()
    return { ended }
  }),

  /** The signed-in user with branch and committee seats, or null when nobody is signed in. */
  me: publicProcedure.query(({ ctx }) => (ctx.user ? loadMe(ctx.db, ctx.user) : null)),

  /**
   * Changes the caller's password. Needs the current one (BAD_REQUEST when wrong; failures count
   * towards the sign-in limit); the new one has at least 10 characters and differs from it.
   * Every other session of the user ends; this one stays.
   */
  changePassword: authedProcedure
    .input(z.object({ currentPassword: password, newPassword }))
    .mutation(async ({ ctx, input }) => {
      if (input.currentPassword === input.newPassword) {
        throw refuse('BAD_REQUEST', 'PASSWORD_UNCHANGED', {}, 'choose a different password', [{ path: ['newPassword'] }])
      }
      const now = ctx.now()
      const attemptId = await startPasswordCheck(ctx, ctx.user.username)
      const user = await findUserById(ctx.db, ctx.user.id)
      if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw refuse('BAD_REQUEST', 'PASSWORD_WRONG', {}, 'current password is wrong', [{ path: ['currentPassword'] }])
      }
      const passwordHash = await hashPassword(input.newPassword)
      const ended = await ctx.db.transaction().execute(async (trx) => {
        await markLoginSucceeded(trx, attemptId)
        await setPassword(trx, user.id, { passwordHash, mustChange: false, now })
        const count = await deleteUserSessions(trx, user.id, ctx.sessionId)
        await recordAudit(trx, ctx, { action: 'auth.changePassword', entity: 'app_user', entityId: user.id, after: { otherSessionsEnded: count } })
        return count
      })
      return { otherSessionsEnded: ended }
    }),
})
