import { SERVICE_LEAP_V2 } from '@leap/domain'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { callerFor, refusal } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import { catalogueContent, insertCatalogue, updateUnlockedCatalogue } from './catalogue.repository.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)

describe('catalogue', () => {
  it('numbers versions per code and lists the newest first', async () => {
    const admin = callerFor(database, users.admin)
    const v1 = await admin.catalogue.create({ data: { ...SERVICE_LEAP_V2, version: 7 } })
    const v2 = await admin.catalogue.create({ data: { ...SERVICE_LEAP_V2, title: { zh: '服務躍升考核項目評分表（修正）', en: 'revised' } } })
    expect([v1.version, v2.version]).toEqual([1, 2])
    expect(v2).toMatchObject({ code: 'service-leap', totalPoints: 1000, passThreshold: 750, lockedAt: null })
    const list = await callerFor(database, users.staff).catalogue.list()
    expect(list.map((c) => c.version)).toEqual([2, 1])
    const full = await callerFor(database, users.member).catalogue.byId({ id: v1.id })
    expect(full.catalogue.dimensions).toHaveLength(4)
  })

  it('refuses an invalid catalogue with the path of every problem', async () => {
    const broken = structuredClone(SERVICE_LEAP_V2)
    broken.dimensions[0]!.criteria[2]!.maxPoints = 35
    const error = await refusal(callerFor(database, users.admin).catalogue.create({ data: { ...broken } }))
    expect(error.code).toBe('BAD_REQUEST')
    const issues = (error.cause as unknown as { issues: { path: (string | number)[] }[] }).issues
    expect(issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['dimensions.0.maxPoints', 'dimensions.0.criteria.2.tiers']))
    expect(await database.db.selectFrom('catalogue').select('id').execute()).toEqual([])
  })

  it('lets an unused catalogue be corrected, but never one an inspection uses', async () => {
    const admin = callerFor(database, users.admin)
    const created = await admin.catalogue.create({ data: { ...SERVICE_LEAP_V2 } })
    const corrected = await admin.catalogue.update({ id: created.id, data: { ...SERVICE_LEAP_V2, title: { zh: '更正標題', en: 'corrected' } } })
    expect(corrected).toMatchObject({ id: created.id, version: 1, title: '更正標題' })

    const round = await admin.round.create({
      rocYear: 114,
      half: 2,
      catalogueId: created.id,
      roster: [
        { userId: users.convener.id, role: 'convener' },
        { userId: users.member.id, role: 'member' },
      ],
    })
    await admin.inspection.create({ roundId: round.id, branchId: users.branchIds.TPE!, inspectedOn: '2025-09-01' })
    const locked = await admin.catalogue.byId({ id: created.id })
    expect(locked.lockedAt).toBeInstanceOf(Date)

    const refused = await refusal(admin.catalogue.update({ id: created.id, data: { ...SERVICE_LEAP_V2 } }))
    expect(refused.code).toBe('PRECONDITION_FAILED')
    expect(refused.cause).toMatchObject({ code: 'ILLEGAL_TRANSITION', params: { reason: 'catalogueInUse' } })
    // The database refuses it too, whoever asks.
    await expect(sql`update catalogue set title = 'x' where id = ${created.id}`.execute(database.db)).rejects.toThrow(/locked/)
    expect((await admin.catalogue.byId({ id: created.id })).title).toBe('更正標題')
    // A change is a new version, which starts unlocked.
    const next = await admin.catalogue.create({ data: { ...SERVICE_LEAP_V2 } })
    expect(next).toMatchObject({ version: 2, lockedAt: null })
    const audit = await database.db.selectFrom('auditLog').select(['action', 'entityId', 'actorId']).where('entity', '=', 'catalogue').orderBy('id').execute()
    expect(audit).toEqual([
      { action: 'catalogue.create', entityId: String(created.id), actorId: users.admin.id },
      { action: 'catalogue.update', entityId: String(created.id), actorId: users.admin.id },
      { action: 'catalogue.create', entityId: String(next.id), actorId: users.admin.id },
    ])
  })

  it('is managed by agency admins only', async () => {
    for (const user of [users.viewer, users.convener, users.manager]) {
      expect((await refusal(callerFor(database, user).catalogue.create({ data: { ...SERVICE_LEAP_V2 } }))).code).toBe('FORBIDDEN')
    }
  })
})

describe('catalogueContent (content-addressed cache of parsed catalogues)', () => {
  it('serves the stored content by its hash, frozen, and follows a change of an unlocked version at once', async () => {
    const stored = await insertCatalogue(database.db, { ...SERVICE_LEAP_V2, version: 41 }, null)
    const hashOf = async () => (await database.db.selectFrom('catalogue').select('contentMd5').where('id', '=', stored.id).executeTakeFirstOrThrow()).contentMd5
    const first = await catalogueContent(database.db, stored.id, await hashOf())
    expect(first).toEqual({ ...SERVICE_LEAP_V2, version: 41 })
    expect(Object.isFrozen(first!.dimensions[0]!.criteria[0]!.tiers[0])).toBe(true)
    expect(await catalogueContent(database.db, stored.id, await hashOf())).toBe(first)

    const renamed = { ...SERVICE_LEAP_V2, version: 41, title: { zh: '改名後的評分表', en: 'renamed' } }
    await updateUnlockedCatalogue(database.db, stored.id, renamed)
    const after = await catalogueContent(database.db, stored.id, await hashOf())
    expect(after?.title.zh).toBe('改名後的評分表')
    expect(await catalogueContent(database.db, stored.id + 1000, 'no-such-hash')).toBeUndefined()
  })
})
