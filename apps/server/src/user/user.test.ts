import { describe, expect, it } from 'vitest'
import { findSessionUser, insertSession } from '../auth/session.repository.js'
import { DEMO_LOGINS, DEMO_PASSWORD } from '../seed/accounts.seed.js'
import { seedDemo } from '../seed/demo.seed.js'
import { callerFor } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { resetDatabase, useTestDatabase } from '../test/test-database.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)

describe('user.create', () => {
  it('creates users of each kind, lower-cases the username, and audits without the password', async () => {
    const admin = callerFor(database, users.admin)
    const created = await admin.user.create({ username: 'New.Staff', displayName: '新承辦', role: 'staff', branchId: users.branchIds.KHH, password: 'long-enough-pw' })
    expect(created).toMatchObject({ username: 'new.staff', branchRole: 'staff', branchCode: 'KHH', active: true })
    const committee = await admin.user.create({ username: 'member-x', displayName: '委員', role: 'committee', password: 'long-enough-pw' })
    expect(committee).toMatchObject({ agencyRole: null, branchId: null, branchRole: null })
    const entry = await database.db.selectFrom('auditLog').selectAll().where('action', '=', 'user.create').orderBy('id').executeTakeFirstOrThrow()
    expect(entry).toMatchObject({ actorId: users.admin.id, entityId: String(created.id), branchId: users.branchIds.KHH })
    expect(JSON.stringify(entry.after)).not.toContain('long-enough-pw')
    await expect(callerFor(database, null).auth.login({ username: 'NEW.STAFF', password: 'long-enough-pw' })).resolves.toBeTruthy()
  })

  it('refuses a taken username (CONFLICT), a branch role without branch, a short password', async () => {
    const admin = callerFor(database, users.admin)
    await expect(admin.user.create({ username: users.staff.username, displayName: 'x', role: 'viewer', password: 'long-enough-pw' })).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    await expect(admin.user.create({ username: 'nobranch', displayName: 'x', role: 'manager', password: 'long-enough-pw' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    })
    await expect(admin.user.create({ username: 'shortpw', displayName: 'x', role: 'viewer', password: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(admin.user.create({ username: 'a b', displayName: 'x', role: 'viewer', password: 'long-enough-pw' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})

describe('user.update / deactivate / activate', () => {
  it('moves a user to another role and branch, effective on the next request', async () => {
    const admin = callerFor(database, users.admin)
    const updated = await admin.user.update({ id: users.staff.id, role: 'manager', branchId: users.branchIds.ILA })
    expect(updated).toMatchObject({ branchRole: 'manager', branchCode: 'ILA' })
    const toViewer = await admin.user.update({ id: users.staff.id, role: 'viewer' })
    expect(toViewer).toMatchObject({ agencyRole: 'viewer', branchId: null, branchRole: null })
    await expect(admin.user.update({ id: 999_999, displayName: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(admin.user.update({ id: users.admin.id, role: 'viewer' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('deactivation ends the sessions and blocks sign-in; activation allows it again', async () => {
    const admin = callerFor(database, users.admin)
    const now = new Date()
    await insertSession(database.db, { id: 'session-of-staff', userId: users.staff.id, now, ip: null, userAgent: null })
    await admin.user.deactivate({ id: users.staff.id })
    expect(await findSessionUser(database.db, 'session-of-staff', now)).toBeNull()
    expect(await database.db.selectFrom('userSession').selectAll().execute()).toEqual([])
    await expect(admin.user.deactivate({ id: users.admin.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect((await admin.user.list({ active: false })).map((u) => u.id)).toEqual([users.staff.id])
    await admin.user.activate({ id: users.staff.id })
    expect((await admin.user.list({ active: false })).length).toBe(0)
  })

  it('lists one branch’s users', async () => {
    const list = await callerFor(database, users.admin).user.list({ branchId: users.branchIds.ILA })
    expect(list.map((u) => u.id).sort()).toEqual([users.otherManager.id, users.otherStaff.id].sort())
    expect(list[0]).not.toHaveProperty('passwordHash')
  })
})

describe('demo accounts', () => {
  it('seeds the units of all 13 branches and every demo login with the demo password, idempotently', async () => {
    await resetDatabase(database)
    await seedDemo(database.db)
    const second = await seedDemo(database.db)
    expect(second).toMatchObject({ units: 0, users: 0 })
    const units = await database.db.selectFrom('unit').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(Number(units.n)).toBe(13 * 7)
    const anonymous = callerFor(database, null)
    for (const login of DEMO_LOGINS) {
      const me = await anonymous.auth.login({ username: login.username, password: DEMO_PASSWORD })
      expect(me.username).toBe(login.username)
    }
    const tpe = await anonymous.auth.login({ username: 'tpe-staff', password: DEMO_PASSWORD })
    expect(tpe).toMatchObject({ branchRole: 'staff', branch: { code: 'TPE' } })
  })
})
