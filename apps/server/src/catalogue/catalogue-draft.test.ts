import { SERVICE_LEAP_V2 } from '@leap/domain'
import { describe, expect, it } from 'vitest'
import { callerFor, refusal } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import { insertCatalogue } from './catalogue.repository.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)

describe('catalogue drafts (stored between visits, issue 19)', () => {
  it('stores a draft as typed, gives it back after a reload with the problems naming the criterion path, and publishes it (the draft goes)', async () => {
    const admin = callerFor(database, users.admin)
    const base = await insertCatalogue(database.db, SERVICE_LEAP_V2, null)
    const broken = structuredClone(SERVICE_LEAP_V2)
    broken.dimensions[0]!.criteria[0]!.maxPoints += 1
    const crit = broken.dimensions[1]!.criteria[0]!
    crit.tiers = crit.tiers.filter((t) => t.points !== 0)
    const saved = await admin.catalogue.saveDraft({ baseCatalogueId: base.id, data: { ...broken } })
    expect(saved).toMatchObject({ baseCatalogueId: base.id, version: 1 })
    expect(saved.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['dimensions.0.maxPoints', 'dimensions.1.criteria.0.tiers']))

    // "Reload": a new caller reads the list and the draft from the database.
    const again = callerFor(database, users.admin)
    expect(await again.catalogue.drafts()).toEqual([expect.objectContaining({ id: saved.id, baseCatalogueId: base.id, title: SERVICE_LEAP_V2.title.zh, version: 1 })])
    const read = await again.catalogue.draft({ id: saved.id })
    expect(read.data).toEqual(JSON.parse(JSON.stringify(broken)))
    expect(read.issues.find((i) => i.path.join('.') === 'dimensions.1.criteria.0.tiers')?.message).toMatch(/0-point tier/)

    // A save from an older read is refused with the current draft; nothing is overwritten.
    const fixed = await again.catalogue.saveDraft({ id: saved.id, expectedVersion: 1, data: { ...SERVICE_LEAP_V2, title: { zh: '服務躍升（草稿）', en: 'draft' } } })
    expect(fixed).toMatchObject({ version: 2, issues: [] })
    const stale = await refusal(admin.catalogue.saveDraft({ id: saved.id, expectedVersion: 1, data: { ...broken } }))
    expect(stale).toMatchObject({ code: 'CONFLICT', cause: { code: 'VERSION_CONFLICT', params: { current: { id: saved.id, version: 2, data: { title: { zh: '服務躍升（草稿）' } } } } } })
    expect((await again.catalogue.draft({ id: saved.id })).data).toMatchObject({ title: { zh: '服務躍升（草稿）' } })

    // Publishing from a stale copy of the draft is refused too; from the current one it creates the next version and deletes the draft.
    const stalePublish = await refusal(admin.catalogue.create({ data: fixed.data, draftId: saved.id, draftVersion: 1 }))
    expect(stalePublish).toMatchObject({ code: 'CONFLICT', cause: { code: 'VERSION_CONFLICT', params: { current: { id: saved.id, version: 2 } } } })
    expect(await database.db.selectFrom('catalogue').select('id').execute()).toHaveLength(1)
    const published = await admin.catalogue.create({ data: fixed.data, draftId: saved.id, draftVersion: 2 })
    expect(published).toMatchObject({ code: 'service-leap', version: base.version + 1, title: '服務躍升（草稿）' })
    expect(await again.catalogue.drafts()).toEqual([])
    expect((await refusal(again.catalogue.draft({ id: saved.id }))).code).toBe('NOT_FOUND')
    const actions = await database.db.selectFrom('auditLog').select('action').where('entity', 'in', ['catalogue_draft', 'catalogue']).orderBy('id').execute()
    // The published draft's removal is audited with its content, in the publishing transaction.
    expect(actions.map((a) => a.action)).toEqual(['catalogue.saveDraft', 'catalogue.saveDraft', 'catalogue.deleteDraft', 'catalogue.create'])
  })

  it('publishes nothing and keeps the draft when the content is invalid; deletes a draft on request; agency admins only', async () => {
    const admin = callerFor(database, users.admin)
    const base = await insertCatalogue(database.db, SERVICE_LEAP_V2, null)
    const broken = structuredClone(SERVICE_LEAP_V2)
    broken.dimensions[0]!.criteria[0]!.maxPoints += 1
    const draft = await admin.catalogue.saveDraft({ baseCatalogueId: base.id, data: { ...broken } })
    expect((await refusal(admin.catalogue.create({ data: { ...broken }, draftId: draft.id, draftVersion: 1 }))).code).toBe('BAD_REQUEST')
    expect(await admin.catalogue.drafts()).toHaveLength(1)
    expect(await database.db.selectFrom('catalogue').select('id').execute()).toHaveLength(1)
    expect((await refusal(admin.catalogue.saveDraft({ baseCatalogueId: base.id + 999, data: { ...broken } }))).code).toBe('NOT_FOUND')
    for (const user of [users.viewer, users.staff, users.member]) {
      expect((await refusal(callerFor(database, user).catalogue.drafts())).code).toBe('FORBIDDEN')
      expect((await refusal(callerFor(database, user).catalogue.saveDraft({ id: draft.id, expectedVersion: 1, data: { ...SERVICE_LEAP_V2 } }))).code).toBe('FORBIDDEN')
    }
    await admin.catalogue.saveDraft({ id: draft.id, expectedVersion: 1, data: { ...broken } })
    const staleDelete = await refusal(admin.catalogue.deleteDraft({ id: draft.id, expectedVersion: 1 }))
    expect(staleDelete).toMatchObject({ code: 'CONFLICT', cause: { code: 'VERSION_CONFLICT', params: { current: { id: draft.id, version: 2 } } } })
    await admin.catalogue.deleteDraft({ id: draft.id, expectedVersion: 2 })
    expect(await admin.catalogue.drafts()).toEqual([])
    expect((await refusal(admin.catalogue.deleteDraft({ id: draft.id, expectedVersion: 2 }))).code).toBe('NOT_FOUND')
    const deleted = await database.db.selectFrom('auditLog').select(['action', 'before', 'after']).where('action', '=', 'catalogue.deleteDraft').execute()
    expect(deleted).toEqual([{ action: 'catalogue.deleteDraft', before: { version: 2, data: JSON.parse(JSON.stringify(broken)) }, after: null }])
  })
})
