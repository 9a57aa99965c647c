import { describe, expect, it } from 'vitest'
import { verifyPassword } from '../auth/password.js'
import { createFixtureUsers, FIXTURE_PASSWORD } from './fixtures.js'
import { useTestDatabase } from './test-database.js'

const database = useTestDatabase()

describe('createFixtureUsers', () => {
  it('creates one active user per role with the fixture password, branch users in TPE and ILA', async () => {
    const users = await createFixtureUsers(database.db)
    expect(users.admin.agencyRole).toBe('admin')
    expect(users.viewer.agencyRole).toBe('viewer')
    expect(users.convener).toMatchObject({ agencyRole: null, branchId: null, branchRole: null })
    expect(users.manager).toMatchObject({ branchRole: 'manager', branchId: users.branchIds.TPE })
    expect(users.otherStaff).toMatchObject({ branchRole: 'staff', branchId: users.branchIds.ILA })
    const row = await database.db.selectFrom('appUser').selectAll().where('id', '=', users.staff.id).executeTakeFirstOrThrow()
    expect(row.active).toBe(true)
    expect(row.passwordHash).toMatch(/^\$argon2id\$/)
    expect(await verifyPassword(row.passwordHash, FIXTURE_PASSWORD)).toBe(true)
  })
})

describe('audit_log', () => {
  it('refuses UPDATE and DELETE', async () => {
    await database.db.insertInto('auditLog').values({ action: 'test', entity: 'x', before: null, after: JSON.stringify({ a: [1, 2] }) }).execute()
    const row = await database.db.selectFrom('auditLog').selectAll().executeTakeFirstOrThrow()
    expect(row.after).toEqual({ a: [1, 2] })
    await expect(database.db.updateTable('auditLog').set({ action: 'changed' }).execute()).rejects.toThrow(/append-only/)
    await expect(database.db.deleteFrom('auditLog').execute()).rejects.toThrow(/append-only/)
  })
})
