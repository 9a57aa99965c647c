import { beforeEach, describe, expect, it } from 'vitest'
import { callerFor, contextFor } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import { recordAudit } from './audit.repository.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)

beforeEach(async () => {
  const at = (iso: string) => () => new Date(iso)
  await recordAudit(database.db, contextFor(database, users.admin, { now: at('2026-01-05T00:00:00Z') }), { action: 'user.create', entity: 'app_user', entityId: 7 })
  await recordAudit(database.db, contextFor(database, users.staff, { now: at('2026-02-05T00:00:00Z') }), {
    action: 'remediation.report',
    entity: 'remediation_item',
    entityId: 3,
    branchId: users.branchIds.TPE,
    before: { status: 'open' },
    after: { status: 'reported' },
  })
  await recordAudit(database.db, contextFor(database, users.admin, { now: at('2026-03-05T00:00:00Z') }), { action: 'user.update', entity: 'app_user', entityId: 7 })
})

describe('audit.list', () => {
  it('filters by entity, actor and dates, newest first, with a total', async () => {
    const viewer = callerFor(database, users.viewer)
    const all = await viewer.audit.list({})
    expect(all.total).toBe(3)
    expect(all.entries.map((e) => e.action)).toEqual(['user.update', 'remediation.report', 'user.create'])
    expect((await viewer.audit.list({ entity: 'app_user', entityId: '7' })).total).toBe(2)
    const byStaff = await viewer.audit.list({ actorId: users.staff.id })
    expect(byStaff.entries).toEqual([
      expect.objectContaining({ actorUsername: users.staff.username, before: { status: 'open' }, after: { status: 'reported' }, ip: '127.0.0.1' }),
    ])
    const feb = await viewer.audit.list({ from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') })
    expect(feb.entries.map((e) => e.action)).toEqual(['remediation.report'])
  })

  it('pages with limit and offset, bounded to 200 a page', async () => {
    const admin = callerFor(database, users.admin)
    const page = await admin.audit.list({ limit: 1, offset: 1 })
    expect(page).toMatchObject({ total: 3, entries: [{ action: 'remediation.report' }] })
    await expect(admin.audit.list({ limit: 201 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(admin.audit.list({ entity: 'x'.repeat(65) })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('is for the agency only', async () => {
    await expect(callerFor(database, users.manager).audit.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(database, users.convener).audit.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(database, null).audit.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })
})
