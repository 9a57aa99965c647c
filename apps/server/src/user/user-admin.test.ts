import { describe, expect, it } from 'vitest'
import { findSessionUser, insertSession, sessionIdFor } from '../auth/session.repository.js'
import { callerFor, createTestUser, FIXTURE_PASSWORD, refusal } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import type { SessionCookies } from '../trpc/context.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)
const secret = 'test-secret-0123456789-0123456789-abc'

const countUsers = async () => Number((await database.db.selectFrom('appUser').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
const auditOf = (action: string) => database.db.selectFrom('auditLog').selectAll().where('action', '=', action).orderBy('id').execute()

/** An anonymous caller that keeps the cookie it is given. */
function browser(now = new Date(), ip = '192.0.2.20') {
  const jar: { token: string | null } = { token: null }
  const cookies: SessionCookies = { set: (token) => void (jar.token = token), clear: () => void (jar.token = null) }
  return { caller: callerFor(database, null, { now: () => now, meta: { ip }, cookies, sessionSecret: secret }), jar }
}

describe('user.create with e-mail and a one-time password', () => {
  it('creates an account with a one-time password shown once, which opens no session until replaced', async () => {
    const admin = callerFor(database, users.admin)
    const created = await admin.user.create({ username: 'ila.clerk', displayName: '宜蘭承辦', email: ' Clerk@ILA.moj.gov.tw ', role: 'staff', branchId: users.branchIds.ILA })
    expect(created).toMatchObject({ username: 'ila.clerk', email: 'clerk@ila.moj.gov.tw', mustChangePassword: true, branchCode: 'ILA' })
    expect(created.oneTimePassword).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{2}$/)
    const [entry] = await auditOf('user.create')
    expect(JSON.stringify(entry)).not.toContain(created.oneTimePassword!)
    expect(entry!.after).toMatchObject({ email: 'clerk@ila.moj.gov.tw', oneTimePassword: true })

    const { caller, jar } = browser()
    const refused = await refusal(caller.auth.login({ username: 'ila.clerk', password: created.oneTimePassword! }))
    expect(refused.code).toBe('PRECONDITION_FAILED')
    expect(refused.cause).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' })
    expect(jar.token).toBeNull()
    expect(await database.db.selectFrom('userSession').selectAll().execute()).toEqual([])

    // The wrong one-time password is the generic sign-in failure; the right one sets the new password and signs in.
    expect((await refusal(caller.auth.changeOneTimePassword({ username: 'ila.clerk', oneTimePassword: 'wrong-password', newPassword: 'my-own-password-1' }))).code).toBe('UNAUTHORIZED')
    const me = await caller.auth.changeOneTimePassword({ username: 'ila.clerk', oneTimePassword: created.oneTimePassword!, newPassword: 'my-own-password-1' })
    expect(me).toMatchObject({ username: 'ila.clerk', branch: { code: 'ILA' } })
    expect(await findSessionUser(database.db, sessionIdFor(secret, jar.token!), new Date())).toMatchObject({ username: 'ila.clerk' })
    const list = await admin.user.list({ search: 'ila.clerk' })
    expect(list[0]).toMatchObject({ mustChangePassword: false })
    expect(list[0]!.lastSignInAt).toBeInstanceOf(Date)
    await expect(browser().caller.auth.login({ username: 'ila.clerk', password: 'my-own-password-1' })).resolves.toMatchObject({ username: 'ila.clerk' })
    await expect(browser().caller.auth.login({ username: 'ila.clerk', password: created.oneTimePassword! })).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it('refuses a duplicate username, an invalid e-mail and an unknown branch naming the field, saving nothing', async () => {
    const admin = callerFor(database, users.admin)
    const before = await countUsers()
    const duplicate = await refusal(admin.user.create({ username: users.staff.username.toUpperCase(), displayName: 'x', role: 'viewer' }))
    expect(duplicate.code).toBe('CONFLICT')
    expect(duplicate.cause).toMatchObject({ code: 'DUPLICATE', params: { field: 'username' } })
    const email = await refusal(admin.user.create({ username: 'bad.mail', displayName: 'x', email: 'not-an-address', role: 'viewer' }))
    expect(email.code).toBe('BAD_REQUEST')
    expect((email.cause as unknown as { issues: { path: string[] }[] }).issues.map((i) => i.path.join('.'))).toEqual(['email'])
    const branch = await refusal(admin.user.create({ username: 'no.branch', displayName: 'x', role: 'staff', branchId: 999_999 }))
    expect(branch.code).toBe('BAD_REQUEST')
    expect(branch.cause).toMatchObject({ code: 'UNKNOWN_BRANCH', params: { field: 'branchId' } })
    expect(await countUsers()).toBe(before)
    expect(await auditOf('user.create')).toEqual([])
  })
})

describe('user.list', () => {
  it('searches username, name and e-mail and filters by role, branch and active state', async () => {
    const admin = callerFor(database, users.admin)
    await admin.user.create({ username: 'khh.new', displayName: '高雄新人', email: 'newbie@khh.example.tw', role: 'manager', branchId: users.branchIds.KHH })
    expect((await admin.user.list({ search: '高雄' })).map((u) => u.username)).toEqual(['khh.new'])
    expect((await admin.user.list({ search: 'NEWBIE@' })).map((u) => u.username)).toEqual(['khh.new'])
    expect((await admin.user.list({ search: '%' })).length).toBe(0)
    expect((await admin.user.list({ role: 'manager' })).map((u) => u.username).sort()).toEqual(['khh.new', users.manager.username, users.otherManager.username].sort())
    expect((await admin.user.list({ role: 'committee' })).map((u) => u.id).sort()).toEqual([users.convener.id, users.member.id, users.secretary.id].sort())
    expect((await admin.user.list({ role: 'manager', branchId: users.branchIds.KHH })).map((u) => u.username)).toEqual(['khh.new'])
    await admin.user.deactivate({ id: users.viewer.id })
    expect((await admin.user.list({ active: false })).map((u) => u.id)).toEqual([users.viewer.id])
  })
})

describe('the last active agency administrator', () => {
  it('cannot demote themselves; of two administrators deactivating each other at once, one is refused and one stays', async () => {
    const admin = callerFor(database, users.admin)
    expect((await refusal(admin.user.update({ id: users.admin.id, role: 'viewer' }))).cause).toMatchObject({ code: 'SELF_DEMOTION' })
    const other = await createTestUser(database.db, { role: 'admin' })
    const asOther = callerFor(database, other)
    const results = await Promise.allSettled([admin.user.deactivate({ id: other.id }), asOther.user.deactivate({ id: users.admin.id })])
    const refused = results.filter((r) => r.status === 'rejected')
    expect(refused).toHaveLength(1)
    expect((refused[0] as PromiseRejectedResult).reason.cause).toMatchObject({ code: 'LAST_ADMIN', params: { field: 'id' } })
    const active = await database.db.selectFrom('appUser').select('id').where('agencyRole', '=', 'admin').where('active', '=', true).execute()
    expect(active).toHaveLength(1)
    // The one left cannot be demoted by the other (whose request still arrives, e.g. from an open tab).
    const left = active[0]!.id
    const stale = left === users.admin.id ? asOther : admin
    const demote = await refusal(stale.user.update({ id: left, role: 'staff', branchId: users.branchIds.TPE }))
    expect(demote.code).toBe('PRECONDITION_FAILED')
    expect(demote.cause).toMatchObject({ code: 'LAST_ADMIN', params: { field: 'role' } })
    expect(await auditOf('user.update')).toEqual([])
  })
})

describe('user.resetPassword and user.clearLock', () => {
  it('resets to a one-time password: sessions end, the lock lifts, the old password stops working, audited without the password', async () => {
    const admin = callerFor(database, users.admin)
    const now = new Date()
    await insertSession(database.db, { id: 'staff-session', userId: users.staff.id, now, ip: null, userAgent: null })
    for (let i = 0; i < 5; i++) await expect(browser(now).caller.auth.login({ username: users.staff.username, password: 'wrong-password' })).rejects.toBeTruthy()
    expect((await admin.user.list({ search: users.staff.username }))[0]).toMatchObject({ locked: true })

    const { oneTimePassword } = await admin.user.resetPassword({ id: users.staff.id })
    expect(await findSessionUser(database.db, 'staff-session', now)).toBeNull()
    expect((await admin.user.list({ search: users.staff.username }))[0]).toMatchObject({ locked: false, mustChangePassword: true })
    await expect(browser(now).caller.auth.login({ username: users.staff.username, password: FIXTURE_PASSWORD })).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await expect(browser(now).caller.auth.login({ username: users.staff.username, password: oneTimePassword })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' })
    const [entry] = await auditOf('user.resetPassword')
    expect(entry).toMatchObject({ actorId: users.admin.id, entityId: String(users.staff.id), after: { mustChangePassword: true, sessionsEnded: 1, failedSignInsCleared: 5 } })
    expect(JSON.stringify(entry)).not.toContain(oneTimePassword)
    // A session somehow left for such an account is not honoured.
    await insertSession(database.db, { id: 'late-session', userId: users.staff.id, now, ip: null, userAgent: null })
    expect(await findSessionUser(database.db, 'late-session', now)).toBeNull()
    await expect(admin.user.resetPassword({ id: users.admin.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('clears a sign-in lock so the right password works again at once, audited', async () => {
    const admin = callerFor(database, users.admin)
    const now = new Date()
    for (let i = 0; i < 5; i++) await expect(browser(now).caller.auth.login({ username: users.manager.username, password: 'wrong-password' })).rejects.toBeTruthy()
    await expect(browser(now).caller.auth.login({ username: users.manager.username, password: FIXTURE_PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' })
    expect(await admin.user.clearLock({ id: users.manager.id })).toEqual({ id: users.manager.id, cleared: 5 })
    await expect(browser(now).caller.auth.login({ username: users.manager.username, password: FIXTURE_PASSWORD })).resolves.toMatchObject({ username: users.manager.username })
    expect(await auditOf('user.clearLock')).toHaveLength(1)
    // The failed sign-ins stay in the audit trail.
    expect((await auditOf('auth.loginFailed')).length).toBeGreaterThanOrEqual(5)
  })

  it('edits e-mail and refuses an invalid one without changing anything', async () => {
    const admin = callerFor(database, users.admin)
    await admin.user.update({ id: users.staff.id, email: 'staff@tpe.example.tw' })
    await expect(admin.user.update({ id: users.staff.id, email: 'bad address', displayName: '不該存入' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect((await admin.user.list({ search: users.staff.username }))[0]).toMatchObject({ email: 'staff@tpe.example.tw', displayName: users.staff.displayName })
    await admin.user.update({ id: users.staff.id, email: '' })
    expect((await admin.user.list({ search: users.staff.username }))[0]).toMatchObject({ email: null })
  })
})
