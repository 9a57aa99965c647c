import { describe, expect, it } from 'vitest'
import { callerFor, refusal } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)

const unitCount = async () => Number((await database.db.selectFrom('unit').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

describe('units of a branch', () => {
  it('adds, renames, retires and restores a unit, each audited; retired units leave the choices but keep their items', async () => {
    const admin = callerFor(database, users.admin)
    const tpe = users.branchIds.TPE!
    const unit = await admin.unit.create({ branchId: tpe, name: ' 執行三科 ' })
    expect(unit).toMatchObject({ branchId: tpe, name: '執行三科', retiredAt: null, itemCount: 0 })
    const renamed = await admin.unit.rename({ id: unit.id, name: '行政執行三科' })
    expect(renamed.name).toBe('行政執行三科')
    const retired = await admin.unit.retire({ id: unit.id })
    expect(retired.retiredAt).toBeInstanceOf(Date)
    expect((await admin.unit.list({ branchId: tpe })).map((u) => u.id)).not.toContain(unit.id)
    expect((await admin.unit.list({ branchId: tpe, includeRetired: true })).map((u) => u.name)).toContain('行政執行三科')
    await admin.unit.restore({ id: unit.id })
    expect((await admin.unit.list({ branchId: tpe })).map((u) => u.name)).toContain('行政執行三科')
    const actions = await database.db.selectFrom('auditLog').select(['action', 'branchId', 'before', 'after']).where('entity', '=', 'unit').orderBy('id').execute()
    expect(actions.map((a) => a.action)).toEqual(['unit.create', 'unit.rename', 'unit.retire', 'unit.restore'])
    expect(actions[1]).toMatchObject({ branchId: tpe, before: { name: '執行三科' }, after: { name: '行政執行三科' } })
  })

  it('refuses a name already used in the branch (also by a retired unit) and an unknown branch, naming the field; the same name in another branch is fine', async () => {
    const admin = callerFor(database, users.admin)
    const tpe = users.branchIds.TPE!
    const first = await admin.unit.create({ branchId: tpe, name: '秘書室' })
    const before = await unitCount()
    const duplicate = await refusal(admin.unit.create({ branchId: tpe, name: '秘書室' }))
    expect(duplicate.code).toBe('CONFLICT')
    expect(duplicate.cause).toMatchObject({ code: 'DUPLICATE', params: { field: 'name' } })
    const second = await admin.unit.create({ branchId: tpe, name: '會計室' })
    expect((await refusal(admin.unit.rename({ id: second.id, name: '秘書室' }))).cause).toMatchObject({ code: 'DUPLICATE', params: { field: 'name' } })
    await admin.unit.retire({ id: first.id })
    expect((await refusal(admin.unit.create({ branchId: tpe, name: '秘書室' }))).cause).toMatchObject({ code: 'DUPLICATE', params: { field: 'name', retired: true } })
    const branch = await refusal(admin.unit.create({ branchId: 999_999, name: '新單位' }))
    expect(branch.code).toBe('BAD_REQUEST')
    expect(branch.cause).toMatchObject({ code: 'UNKNOWN_BRANCH', params: { field: 'branchId' } })
    expect((await refusal(admin.unit.create({ branchId: tpe, name: '  ' }))).code).toBe('BAD_REQUEST')
    expect(await unitCount()).toBe(before + 1)
    await expect(admin.unit.create({ branchId: users.branchIds.ILA!, name: '秘書室' })).resolves.toMatchObject({ name: '秘書室' })
  })

  it('lets a branch user list only their own branch’s units; changes are for the agency admin', async () => {
    const admin = callerFor(database, users.admin)
    await admin.unit.create({ branchId: users.branchIds.TPE!, name: '政風室' })
    const staff = callerFor(database, users.staff)
    expect((await staff.unit.list({ branchId: users.branchIds.TPE! })).map((u) => u.name)).toEqual(['政風室'])
    expect((await refusal(staff.unit.list({ branchId: users.branchIds.ILA! }))).code).toBe('NOT_FOUND')
    expect((await refusal(callerFor(database, users.manager).unit.create({ branchId: users.branchIds.TPE!, name: 'x' }))).code).toBe('FORBIDDEN')
  })
})
