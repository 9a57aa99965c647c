import { describe, expect, it } from 'vitest'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import { defaultSettings, getSetting, getSettings, writeSetting } from './setting.repository.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)

describe('settings repository', () => {
  it('returns the documented defaults while nothing is stored', async () => {
    expect(await getSettings(database.db)).toEqual({ remediationDueDays: 90, dueSoonDays: 14 })
    expect(defaultSettings().remediationDueDays).toBe(90)
  })

  it('stores a value with a version and refuses a write read before another (stale)', async () => {
    const now = new Date()
    expect(await writeSetting(database.db, { key: 'remediationDueDays', value: 60, expectedVersion: 0, by: users.admin.id, now })).toBe(1)
    expect(await getSetting(database.db, 'remediationDueDays')).toBe(60)
    expect(await writeSetting(database.db, { key: 'remediationDueDays', value: 30, expectedVersion: 0, by: users.admin.id, now })).toBeNull()
    expect(await writeSetting(database.db, { key: 'remediationDueDays', value: 45, expectedVersion: 1, by: users.admin.id, now })).toBe(2)
    expect(await getSetting(database.db, 'remediationDueDays')).toBe(45)
    expect(await writeSetting(database.db, { key: 'remediationDueDays', value: 30, expectedVersion: 1, by: users.admin.id, now })).toBeNull()
  })

  it('falls back to the default when a stored value no longer fits the schema', async () => {
    await database.db.insertInto('appSetting').values({ key: 'dueSoonDays', value: JSON.stringify('soon'), updatedBy: null }).execute()
    expect(await getSetting(database.db, 'dueSoonDays')).toBe(14)
  })
})
