import { QUALITY_V1, QUALITY_V1_TO_SERVICE_LEAP_V2, SERVICE_LEAP_V2, type Catalogue } from '@leap/domain'
import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { callerFor, refusal } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import { insertCatalogue } from './catalogue.repository.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)
let v1: number
let v2: number

beforeEach(async () => {
  // Stored as shipped (versions kept), as the demo seed stores them.
  v1 = (await insertCatalogue(database.db, QUALITY_V1, null)).id
  v2 = (await insertCatalogue(database.db, SERVICE_LEAP_V2, null)).id
})

function revised(): Catalogue {
  const next = structuredClone(SERVICE_LEAP_V2)
  next.version = 3
  const [first] = next.dimensions
  const a = first!.criteria[0]!
  const b = first!.criteria[1]!
  a.title = { zh: '單一窗口服務（修正）', en: 'One-stop counter (revised)' }
  // Re-weight: 5 points move from b to a; the tiers follow.
  a.maxPoints += 5
  a.tiers[0]!.points += 5
  b.maxPoints -= 5
  b.tiers = b.tiers.filter((t) => t.points <= b.maxPoints)
  if (!b.tiers.some((t) => t.points === b.maxPoints)) b.tiers.unshift({ id: 'TOP', label: { zh: '完全符合', en: 'Fully met' }, points: b.maxPoints })
  return next
}

describe('catalogue.compare', () => {
  it('lists renamed, re-weighted and tier changes with the title of every code', async () => {
    const v3 = (await insertCatalogue(database.db, revised(), null)).id
    const result = await callerFor(database, users.viewer).catalogue.compare({ fromId: v2, toId: v3 })
    const a = SERVICE_LEAP_V2.dimensions[0]!.criteria[0]!
    const b = SERVICE_LEAP_V2.dimensions[0]!.criteria[1]!
    expect(result.identical).toBe(false)
    expect(result.changes).toEqual(
      expect.arrayContaining([
        { kind: 'changed', subject: 'criterion', code: a.code, field: 'title.zh', before: a.title.zh, after: '單一窗口服務（修正）' },
        { kind: 'changed', subject: 'criterion', code: a.code, field: 'maxPoints', before: a.maxPoints, after: a.maxPoints + 5 },
        { kind: 'changed', subject: 'criterion', code: b.code, field: 'maxPoints', before: b.maxPoints, after: b.maxPoints - 5 },
        expect.objectContaining({ subject: 'tier', code: `${a.code}/${a.tiers[0]!.id}`, field: 'points' }),
      ]),
    )
    expect(result.titles[a.code]?.zh).toBe('單一窗口服務（修正）')
    expect(result.titles[b.code]?.zh).toBe(b.title.zh)
    expect(result.from).toMatchObject({ id: v2, version: 2 })
  })

  it('compares two different catalogues (criteria added and removed) and refuses a version with itself or a missing one', async () => {
    const result = await callerFor(database, users.staff).catalogue.compare({ fromId: v1, toId: v2 })
    expect(result.changes.filter((c) => c.subject === 'criterion' && c.kind === 'added').map((c) => c.code)).toContain('staff-training')
    expect(result.changes.filter((c) => c.subject === 'criterion' && c.kind === 'removed').map((c) => c.code)).toContain('service-marketing')
    expect(result.titles['service-marketing']?.zh).toBe(QUALITY_V1.dimensions.flatMap((d) => d.criteria).find((c) => c.code === 'service-marketing')!.title.zh)
    expect((await refusal(callerFor(database, users.admin).catalogue.compare({ fromId: v1, toId: v1 }))).code).toBe('BAD_REQUEST')
    // A mapping of a version onto itself names the field and the rule the admin words.
    const same = await refusal(callerFor(database, users.admin).catalogue.saveMapping({ fromId: v1, toId: v1, expectedVersion: 0, note: '', links: [] }))
    expect(same.code).toBe('BAD_REQUEST')
    expect(same.cause).toMatchObject({ code: 'INVALID_INPUT', fields: [{ path: ['toId'], params: { rule: 'sameCatalogue' } }] })
    expect((await refusal(callerFor(database, users.admin).catalogue.compare({ fromId: v1, toId: v2 + 99 }))).code).toBe('NOT_FOUND')
  })
})

describe('catalogue mappings', () => {
  it('suggests the shipped mapping, saves it versioned and audited, and refuses a stale save', async () => {
    const admin = callerFor(database, users.admin)
    const first = await admin.catalogue.mapping({ fromId: v1, toId: v2 })
    expect(first.stored).toBeNull()
    expect(first.suggested).toEqual(QUALITY_V1_TO_SERVICE_LEAP_V2)

    const before = await sql<{ version: string }>`select version from dashboard_version`.execute(database.db)
    const saved = await admin.catalogue.saveMapping({ fromId: v1, toId: v2, expectedVersion: 0, note: first.suggested.note, links: first.suggested.links })
    expect(saved).toMatchObject({ fromCatalogueId: v1, toCatalogueId: v2, version: 1, updatedBy: users.admin.id })
    // The dashboards' data version moved: no cached trend outlives the mapping it used.
    const after = await sql<{ version: string }>`select version from dashboard_version`.execute(database.db)
    expect(after.rows[0]!.version).not.toBe(before.rows[0]!.version)

    // A second "first save" of the pair (someone else saved meanwhile) is a CONFLICT with the current one.
    const twice = await refusal(admin.catalogue.saveMapping({ fromId: v1, toId: v2, expectedVersion: 0, note: '', links: first.suggested.links }))
    expect(twice).toMatchObject({ code: 'CONFLICT', cause: { code: 'VERSION_CONFLICT', params: { current: { version: 1 } } } })

    const links = first.suggested.links.map((l) => (l.from[0] === 'service-marketing' ? { ...l, note: '改列於主動服務' } : l))
    const updated = await admin.catalogue.saveMapping({ fromId: v1, toId: v2, expectedVersion: 1, note: '修正說明', links })
    expect(updated.version).toBe(2)
    expect(updated.mapping.note).toBe('修正說明')
    const stale = await refusal(admin.catalogue.saveMapping({ fromId: v1, toId: v2, expectedVersion: 1, note: 'stale', links }))
    // The one CONFLICT shape of every versioned write: VERSION_CONFLICT with the mapping as it is now.
    expect(stale).toMatchObject({ code: 'CONFLICT', cause: { code: 'VERSION_CONFLICT', params: { current: { id: updated.id, version: 2, mapping: { note: '修正說明' } } } } })
    expect((await admin.catalogue.mapping({ fromId: v1, toId: v2 })).stored).toMatchObject({ version: 2, mapping: { note: '修正說明' } })
    expect(await admin.catalogue.mappings()).toHaveLength(1)

    const audit = await database.db.selectFrom('auditLog').select(['action', 'entity', 'actorId']).where('entity', '=', 'catalogue_mapping').orderBy('id').execute()
    expect(audit).toEqual([
      { action: 'catalogue.saveMapping', entity: 'catalogue_mapping', actorId: users.admin.id },
      { action: 'catalogue.saveMapping', entity: 'catalogue_mapping', actorId: users.admin.id },
    ])
  })

  it('refuses a mapping the domain finds wrong, naming each link, and stores nothing', async () => {
    const admin = callerFor(database, users.admin)
    const links = QUALITY_V1_TO_SERVICE_LEAP_V2.links.filter((l) => l.from[0] !== 'service-marketing')
    links.push({ kind: 'same', from: ['creative-services'], to: ['no-such-criterion'] })
    const error = await refusal(admin.catalogue.saveMapping({ fromId: v1, toId: v2, expectedVersion: 0, note: '', links }))
    expect(error.code).toBe('BAD_REQUEST')
    const issues = (error.cause as unknown as { issues: { path: (string | number)[]; message: string }[] }).issues
    expect(issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['links', `links.${links.length - 1}.to.0`]))
    expect(issues.some((i) => i.message.includes('service-marketing'))).toBe(true)
    expect(await database.db.selectFrom('catalogueMapping').select('id').execute()).toEqual([])
  })

  it('suggests same / new / retired by code for a pair with no shipped mapping', async () => {
    const v3 = (await insertCatalogue(database.db, revised(), null)).id
    const { suggested } = await callerFor(database, users.admin).catalogue.mapping({ fromId: v2, toId: v3 })
    expect(suggested.links.every((l) => l.kind === 'same')).toBe(true)
    expect(suggested.to).toEqual({ id: 'service-leap', version: 3 })
  })

  it('is recorded by agency admins only', async () => {
    for (const user of [users.viewer, users.convener, users.manager, users.staff]) {
      const error = await refusal(callerFor(database, user).catalogue.saveMapping({ fromId: v1, toId: v2, expectedVersion: 0, note: '', links: QUALITY_V1_TO_SERVICE_LEAP_V2.links }))
      expect(error.code).toBe('FORBIDDEN')
    }
    expect(await database.db.selectFrom('catalogueMapping').select('id').execute()).toEqual([])
  })
})

describe('catalogue.validate (a draft checked before it is published)', () => {
  it('names the criterion path of points that do not add up and of a lowest tier that is not 0, storing nothing', async () => {
    const draft = structuredClone(SERVICE_LEAP_V2)
    draft.dimensions[0]!.criteria[0]!.maxPoints += 1
    const crit = draft.dimensions[1]!.criteria[0]!
    crit.tiers = crit.tiers.filter((t) => t.points !== 0)
    const { issues } = await callerFor(database, users.admin).catalogue.validate({ data: { ...draft } })
    const paths = issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['dimensions.0.maxPoints', 'dimensions.1.criteria.0.tiers']))
    expect(issues.find((i) => i.path.join('.') === 'dimensions.1.criteria.0.tiers')?.message).toMatch(/0-point tier/)
    expect((await callerFor(database, users.admin).catalogue.validate({ data: { ...SERVICE_LEAP_V2 } })).issues).toEqual([])
    expect((await refusal(callerFor(database, users.viewer).catalogue.validate({ data: { ...SERVICE_LEAP_V2 } }))).code).toBe('FORBIDDEN')
    expect(await database.db.selectFrom('catalogue').select('id').execute()).toHaveLength(2)
  })
})
