import { describe, expect, it } from 'vitest'
import { createInspectionWorld } from '../test/inspection-world.js'
import { perTest } from '../test/per-test.js'
import { refusal } from '../test/fixtures.js'
import { useTestDatabase } from '../test/test-database.js'

const database = useTestDatabase()
const world = perTest(() => createInspectionWorld(database))

describe('round', () => {
  it('refuses a second round for the same half year and a roster without exactly one convener', async () => {
    const admin = world.as(world.users.admin)
    const roster = [
      { userId: world.users.convener.id, role: 'convener' as const },
      { userId: world.users.member.id, role: 'member' as const },
    ]
    expect((await refusal(admin.round.create({ rocYear: 114, half: 1, catalogueId: world.catalogueId, roster }))).code).toBe('CONFLICT')
    const twoConveners = await refusal(
      admin.round.create({ rocYear: 114, half: 2, catalogueId: world.catalogueId, roster: [...roster, { userId: world.member2.id, role: 'convener' }] }),
    )
    expect(twoConveners.code).toBe('BAD_REQUEST')
    await database.db.updateTable('appUser').set({ active: false }).where('id', '=', world.member3.id).execute()
    const inactive = await refusal(
      admin.round.create({ rocYear: 114, half: 2, catalogueId: world.catalogueId, roster: [...roster, { userId: world.member3.id, role: 'member' }] }),
    )
    expect(inactive.code).toBe('BAD_REQUEST')
    const created = await admin.round.create({ rocYear: 114, half: 2, catalogueId: world.catalogueId, roster })
    expect(created.roster.map((r) => r.role)).toEqual(['convener', 'member'])
  })

  it('shows rounds to their committee and to branches inspected in them, with conflicts only to the committee', async () => {
    await world.as(world.users.member).round.declareConflict({ roundId: world.roundId, branchId: world.users.branchIds.TPE!, reason: '曾任職' })
    const audit = await database.db.selectFrom('auditLog').select(['action', 'actorId', 'branchId']).where('action', 'like', 'round.%').orderBy('id').execute()
    expect(audit).toEqual([
      { action: 'round.create', actorId: world.users.admin.id, branchId: null },
      { action: 'round.declareConflict', actorId: world.users.member.id, branchId: world.users.branchIds.TPE },
    ])
    const asSecretary = await world.as(world.users.secretary).round.byId({ id: world.roundId })
    expect(asSecretary).toMatchObject({ myRole: 'secretary', conflicts: [expect.objectContaining({ userId: world.users.member.id, reason: '曾任職' })] })
    const asStaff = await world.as(world.users.staff).round.byId({ id: world.roundId })
    expect(asStaff).toMatchObject({ myRole: null, conflicts: [] })
    expect((await world.as(world.users.staff).round.list()).map((r) => r.id)).toEqual([world.roundId])

    // A round with no committee seat and no inspection of the user's branch stays hidden.
    const other = await world.as(world.users.admin).round.create({
      rocYear: 113,
      half: 2,
      catalogueId: world.catalogueId,
      roster: [
        { userId: world.member2.id, role: 'convener' },
        { userId: world.member3.id, role: 'member' },
      ],
    })
    expect((await refusal(world.as(world.users.member).round.byId({ id: other.id }))).code).toBe('NOT_FOUND')
    expect((await world.as(world.users.member).round.list()).map((r) => r.id)).toEqual([world.roundId])
    expect((await world.as(world.users.viewer).round.list()).map((r) => `${r.rocYear}-${r.half}`)).toEqual(['114-1', '113-2'])
  })

  it('opens an inspection only inside the round, once per branch, by admin or the convener', async () => {
    const convener = world.as(world.users.convener)
    const outside = await refusal(convener.inspection.create({ roundId: world.roundId, branchId: world.users.branchIds.KHH!, inspectedOn: '2025-07-01' }))
    expect(outside.code).toBe('BAD_REQUEST')
    const twice = await refusal(convener.inspection.create({ roundId: world.roundId, branchId: world.users.branchIds.TPE!, inspectedOn: '2025-05-01' }))
    expect(twice.code).toBe('CONFLICT')
    const byMember = await refusal(world.as(world.users.member).inspection.create({ roundId: world.roundId, branchId: world.users.branchIds.KHH!, inspectedOn: '2025-05-01' }))
    expect(byMember.code).toBe('FORBIDDEN')
    const created = await convener.inspection.create({ roundId: world.roundId, branchId: world.users.branchIds.KHH!, inspectedOn: '2025-05-01' })
    expect(created).toMatchObject({ status: 'draft', version: 1, branchCode: 'KHH', inspectedOn: '2025-05-01' })
  })
})
