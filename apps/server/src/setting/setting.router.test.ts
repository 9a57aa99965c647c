import { describe, expect, it } from 'vitest'
import { callerFor, refusal } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import { getSetting } from './setting.repository.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)

describe('setting.list / setting.update', () => {
  it('lists defaults, stores a valid change with who and when, audits before and after', async () => {
    const admin = callerFor(database, users.admin)
    const list = await admin.setting.list()
    expect(list.find((s) => s.key === 'remediationDueDays')).toMatchObject({ value: 90, defaultValue: 90, version: 0, updatedBy: null })
    const updated = await admin.setting.update({ key: 'remediationDueDays', value: 60, expectedVersion: 0 })
    expect(updated).toMatchObject({ value: 60, version: 1, updatedBy: users.admin.id, updatedByName: users.admin.displayName })
    expect(await getSetting(database.db, 'remediationDueDays')).toBe(60)
    const entry = await database.db.selectFrom('auditLog').selectAll().where('action', '=', 'setting.update').executeTakeFirstOrThrow()
    expect(entry).toMatchObject({ entity: 'app_setting', entityId: 'remediationDueDays', before: { remediationDueDays: 90 }, after: { remediationDueDays: 60 } })
    expect((await callerFor(database, users.viewer).setting.list()).find((s) => s.key === 'remediationDueDays')!.value).toBe(60)
  })

  it('refuses a value outside the rule naming `value`, a stale version with the current setting, and non-admins', async () => {
    const admin = callerFor(database, users.admin)
    for (const value of [0, 731, 1.5, '90', null]) {
      const refused = await refusal(admin.setting.update({ key: 'remediationDueDays', value, expectedVersion: 0 }))
      expect(refused.code).toBe('BAD_REQUEST')
      expect(refused.cause).toMatchObject({ code: 'INVALID_INPUT', params: { minimum: 1, maximum: 730 }, fields: [{ path: ['value'] }] })
    }
    await admin.setting.update({ key: 'dueSoonDays', value: 7, expectedVersion: 0 })
    const stale = await refusal(admin.setting.update({ key: 'dueSoonDays', value: 21, expectedVersion: 0 }))
    expect(stale.code).toBe('CONFLICT')
    expect(stale.cause).toMatchObject({ code: 'VERSION_CONFLICT', params: { current: { key: 'dueSoonDays', value: 7, version: 1 } } })
    expect(await getSetting(database.db, 'dueSoonDays')).toBe(7)
    expect((await refusal(callerFor(database, users.viewer).setting.update({ key: 'dueSoonDays', value: 3, expectedVersion: 1 }))).code).toBe('FORBIDDEN')
    expect((await refusal(callerFor(database, users.manager).setting.list())).code).toBe('FORBIDDEN')
    expect((await refusal(admin.setting.update({ key: 'noSuchSetting' as 'dueSoonDays', value: 3, expectedVersion: 0 }))).code).toBe('BAD_REQUEST')
  })
})
