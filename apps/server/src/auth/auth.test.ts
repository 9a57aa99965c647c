import type { TRPCError } from '@trpc/server'
import { describe, expect, it } from 'vitest'
import { callerFor, createTestUser, FIXTURE_PASSWORD } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import type { SessionCookies } from '../trpc/context.js'
import { refusalData } from '../trpc/refusal.js'
import { LOGIN_FAILED_MESSAGE } from './auth.router.js'
import { LOGIN_WINDOW_MS } from './login-throttle.repository.js'
import { findSessionUser, sessionIdFor, SESSION_IDLE_MS } from './session.repository.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)
const secret = 'test-secret-0123456789-0123456789-abc'
const t0 = new Date('2026-03-02T01:00:00Z')

/** An anonymous caller at `now` from `ip`, remembering the session cookie it is given. */
function anonymous(now = t0, ip = '192.0.2.10') {
  const jar: { token: string | null; expires: Date | null } = { token: null, expires: null }
  const cookies: SessionCookies = {
    set: (token, expiresAt) => Object.assign(jar, { token, expires: expiresAt }),
    clear: () => Object.assign(jar, { token: null, expires: null }),
  }
  const caller = callerFor(database, null, { now: () => now, meta: { ip }, cookies, sessionSecret: secret })
  return { caller, jar }
}

async function signIn(username: string, password = FIXTURE_PASSWORD, now = t0) {
  const { caller, jar } = anonymous(now)
  const me = await caller.auth.login({ username, password })
  const sessionId = sessionIdFor(secret, jar.token!)
  const user = (await findSessionUser(database.db, sessionId, now))!
  return { me, token: jar.token!, sessionId, caller: callerFor(database, user, { now: () => now, sessionId, sessionSecret: secret }) }
}

const auditActions = async () =>
  (await database.db.selectFrom('auditLog').select(['action', 'actorId', 'entityId']).orderBy('id').execute()).map((r) => r.action)

describe('auth.login', () => {
  it('signs in: sets a session cookie whose token is not stored, returns the user, audits it', async () => {
    const { caller, jar } = anonymous()
    const me = await caller.auth.login({ username: users.staff.username.toUpperCase(), password: FIXTURE_PASSWORD })
    expect(me).toMatchObject({ id: users.staff.id, branchRole: 'staff', branch: { code: 'TPE' }, committee: false, committeeRounds: [] })
    expect(jar.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(jar.expires!.getTime() - t0.getTime()).toBe(12 * 60 * 60 * 1000)
    const rows = await database.db.selectFrom('userSession').selectAll().execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]!.id).toBe(sessionIdFor(secret, jar.token!))
    expect(rows[0]!.id).not.toContain(jar.token!)
    expect(await auditActions()).toEqual(['auth.login'])
  })

  it('answers one generic UNAUTHORIZED for a wrong password, an unknown user and a deactivated user', async () => {
    await database.db.updateTable('appUser').set({ active: false }).where('id', '=', users.manager.id).execute()
    const { caller } = anonymous()
    for (const attempt of [
      { username: users.staff.username, password: 'wrong-password' },
      { username: 'nobody-here', password: FIXTURE_PASSWORD },
      { username: users.manager.username, password: FIXTURE_PASSWORD },
    ]) {
      await expect(caller.auth.login(attempt)).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: LOGIN_FAILED_MESSAGE })
    }
    expect(await database.db.selectFrom('userSession').selectAll().execute()).toEqual([])
    expect(await auditActions()).toEqual(['auth.loginFailed', 'auth.loginFailed', 'auth.loginFailed'])
  })

  it('refuses the 6th attempt within 15 minutes even with the right password, then lets it through', async () => {
    for (let i = 0; i < 5; i += 1) {
      const { caller } = anonymous(new Date(t0.getTime() + i * 1000))
      await expect(caller.auth.login({ username: users.staff.username, password: 'nope-nope' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    }
    const later = new Date(t0.getTime() + 60_000)
    const error = await anonymous(later).caller.auth.login({ username: users.staff.username, password: FIXTURE_PASSWORD }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS' })
    // The first failure leaves the window 15 minutes after t0: 14 minutes from `later`.
    expect(refusalData(error as TRPCError)).toMatchObject({ errorCode: 'SIGN_IN_THROTTLED', params: { seconds: 14 * 60 } })
    // Other accounts are not locked by it.
    await expect(anonymous(later).caller.auth.login({ username: users.manager.username, password: FIXTURE_PASSWORD })).resolves.toBeTruthy()
    const afterWindow = new Date(t0.getTime() + LOGIN_WINDOW_MS + 1000)
    await expect(anonymous(afterWindow).caller.auth.login({ username: users.staff.username, password: FIXTURE_PASSWORD })).resolves.toMatchObject({
      id: users.staff.id,
    })
  })

  it('a burst of parallel guesses gets at most 5 passwords checked', async () => {
    const { caller } = anonymous()
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => caller.auth.login({ username: users.staff.username, password: `parallel-guess-${i}` })),
    )
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok'))
    expect(codes.filter((c) => c === 'UNAUTHORIZED').length).toBeLessThanOrEqual(5)
    expect(codes.filter((c) => c !== 'UNAUTHORIZED' && c !== 'TOO_MANY_REQUESTS')).toEqual([])
    // Only checked passwords stay counted; refused attempts leave no row behind.
    const rows = await database.db.selectFrom('loginAttempt').selectAll().execute()
    expect(rows.length).toBe(codes.filter((c) => c === 'UNAUTHORIZED').length)
  })

  it('a successful sign-in resets the account count', async () => {
    const { caller } = anonymous()
    for (let i = 0; i < 4; i += 1) await expect(caller.auth.login({ username: users.staff.username, password: 'nope-nope' })).rejects.toThrow()
    await caller.auth.login({ username: users.staff.username, password: FIXTURE_PASSWORD })
    for (let i = 0; i < 4; i += 1) await expect(caller.auth.login({ username: users.staff.username, password: 'nope-nope' })).rejects.toThrow()
    await expect(caller.auth.login({ username: users.staff.username, password: FIXTURE_PASSWORD })).resolves.toBeTruthy()
  })

  it('limits one address to 20 failures whatever the usernames; other addresses are unaffected', async () => {
    const { caller } = anonymous(t0, '198.51.100.7')
    for (let i = 0; i < 20; i += 1) {
      await expect(caller.auth.login({ username: `guess-${i}`, password: 'nope-nope' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    }
    await expect(caller.auth.login({ username: users.staff.username, password: FIXTURE_PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' })
    await expect(anonymous(t0, '198.51.100.8').caller.auth.login({ username: users.staff.username, password: FIXTURE_PASSWORD })).resolves.toBeTruthy()
  })

  it('rejects oversized input before touching the database', async () => {
    const { caller } = anonymous()
    await expect(caller.auth.login({ username: 'x'.repeat(65), password: 'p' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(caller.auth.login({ username: 'x', password: 'p'.repeat(201) })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect(await database.db.selectFrom('loginAttempt').selectAll().execute()).toEqual([])
  })
})

describe('sessions', () => {
  it('end after 2 hours idle, and are refreshed by use', async () => {
    const { sessionId } = await signIn(users.staff.username)
    const at = (ms: number) => new Date(t0.getTime() + ms)
    expect(await findSessionUser(database.db, sessionId, at(SESSION_IDLE_MS - 60_000))).toMatchObject({ id: users.staff.id })
    // Used just before the idle limit, so still alive almost 2 hours later.
    expect(await findSessionUser(database.db, sessionId, at(2 * SESSION_IDLE_MS - 120_000))).toMatchObject({ id: users.staff.id })
    expect(await findSessionUser(database.db, sessionId, at(3 * SESSION_IDLE_MS))).toBeNull()
    expect(await database.db.selectFrom('userSession').selectAll().execute()).toEqual([])
  })

  it('end 12 hours after sign-in however active', async () => {
    const { sessionId } = await signIn(users.staff.username)
    for (let hour = 1; hour < 12; hour += 1) {
      expect(await findSessionUser(database.db, sessionId, new Date(t0.getTime() + hour * 3_600_000))).not.toBeNull()
    }
    expect(await findSessionUser(database.db, sessionId, new Date(t0.getTime() + 12 * 3_600_000))).toBeNull()
  })

  it('end when the user is deactivated', async () => {
    const { sessionId } = await signIn(users.staff.username)
    await database.db.updateTable('appUser').set({ active: false }).where('id', '=', users.staff.id).execute()
    expect(await findSessionUser(database.db, sessionId, t0)).toBeNull()
  })
})

describe('auth.logout / logoutAll', () => {
  it('logout ends only this session', async () => {
    const first = await signIn(users.staff.username)
    const second = await signIn(users.staff.username)
    await first.caller.auth.logout()
    expect(await findSessionUser(database.db, first.sessionId, t0)).toBeNull()
    expect(await findSessionUser(database.db, second.sessionId, t0)).not.toBeNull()
  })

  it('logoutAll ends every session of the user and no one else’s', async () => {
    const first = await signIn(users.staff.username)
    const second = await signIn(users.staff.username)
    const other = await signIn(users.manager.username)
    expect(await first.caller.auth.logoutAll()).toEqual({ ended: 2 })
    expect(await findSessionUser(database.db, second.sessionId, t0)).toBeNull()
    expect(await findSessionUser(database.db, other.sessionId, t0)).not.toBeNull()
    expect(await auditActions()).toContain('auth.logoutAll')
  })
})

describe('auth.me', () => {
  it('is null for anonymous callers and the user with roles when signed in', async () => {
    expect(await callerFor(database, null).auth.me()).toBeNull()
    const me = await callerFor(database, users.admin).auth.me()
    expect(me).toMatchObject({ id: users.admin.id, agencyRole: 'admin', branch: null, roles: ['admin'], committee: false })
  })

  it('lists the committee seats of a member, newest round first', async () => {
    const catalogue = await database.db
      .insertInto('catalogue')
      .values({ code: 'T', version: 1, title: 't', effectiveRocYear: 113, data: JSON.stringify({}) })
      .returning('id')
      .executeTakeFirstOrThrow()
    const rounds = await database.db
      .insertInto('round')
      .values([
        { rocYear: 113, half: 2, catalogueId: catalogue.id },
        { rocYear: 114, half: 1, catalogueId: catalogue.id },
      ])
      .returning(['id', 'rocYear'])
      .execute()
    await database.db
      .insertInto('roundMember')
      .values(rounds.map((r) => ({ roundId: r.id, userId: users.member.id, role: r.rocYear === 114 ? ('convener' as const) : ('member' as const) })))
      .execute()
    const me = await callerFor(database, users.member).auth.me()
    expect(me).toMatchObject({
      roles: ['convener', 'member'],
      committee: true,
      committeeRounds: [
        { rocYear: 114, half: 1, role: 'convener' },
        { rocYear: 113, half: 2, role: 'member' },
      ],
    })
  })
})

describe('auth.changePassword', () => {
  it('needs the current password, at least 10 characters, and ends the other sessions only', async () => {
    const mine = await signIn(users.staff.username)
    const elsewhere = await signIn(users.staff.username)
    await expect(mine.caller.auth.changePassword({ currentPassword: 'wrong-one-1', newPassword: 'brand-new-pass' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    })
    await expect(mine.caller.auth.changePassword({ currentPassword: FIXTURE_PASSWORD, newPassword: 'short-9ch' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    })
    await expect(mine.caller.auth.changePassword({ currentPassword: FIXTURE_PASSWORD, newPassword: FIXTURE_PASSWORD })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    })
    expect(await mine.caller.auth.changePassword({ currentPassword: FIXTURE_PASSWORD, newPassword: 'brand-new-pass' })).toEqual({
      otherSessionsEnded: 1,
    })
    expect(await findSessionUser(database.db, mine.sessionId, t0)).not.toBeNull()
    expect(await findSessionUser(database.db, elsewhere.sessionId, t0)).toBeNull()
    await expect(anonymous().caller.auth.login({ username: users.staff.username, password: FIXTURE_PASSWORD })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    })
    await expect(anonymous().caller.auth.login({ username: users.staff.username, password: 'brand-new-pass' })).resolves.toBeTruthy()
    expect(await auditActions()).toContain('auth.changePassword')
  })

  it('counts wrong current passwords towards the sign-in limit', async () => {
    const user = await createTestUser(database.db, { role: 'staff' })
    const { caller } = await signIn(user.username)
    for (let i = 0; i < 5; i += 1) {
      await expect(caller.auth.changePassword({ currentPassword: `guess-${i}-xxxx`, newPassword: 'brand-new-pass' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      })
    }
    await expect(caller.auth.changePassword({ currentPassword: FIXTURE_PASSWORD, newPassword: 'brand-new-pass' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    })
  })
})
