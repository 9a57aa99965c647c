// Guards that were once broken on purpose without any test noticing. Each test here fails when its
// guard is removed: consensus saved by a convener who declared a conflict with the branch, and a
// member's stale score write (the version condition of the write).
import { describe, expect, it } from 'vitest'
import { fullSheet, createInspectionWorld } from '../test/inspection-world.js'
import { refusal } from '../test/fixtures.js'
import { useTestDatabase } from '../test/test-database.js'
import { refusalData } from '../trpc/refusal.js'

const database = useTestDatabase()

describe('inspection.consensus.save refuses a recused convener', () => {
  it('after declaring a conflict with the branch the convener cannot save its consensus; nothing is stored; the other branch still works', async () => {
    const world = await createInspectionWorld(database)
    const convener = world.as(world.users.convener)
    for (const id of [world.inspectionId, world.otherInspectionId]) await convener.inspection.startScoring({ id, expectedVersion: 1 })
    await convener.round.declareConflict({ roundId: world.roundId, branchId: world.users.branchIds.TPE!, reason: '配偶任職於該分署' })

    const entries = fullSheet().map((e) => ({ ...e, expectedVersion: 0 }))
    const error = await refusal(convener.inspection.consensus.save({ inspectionId: world.inspectionId, entries }))
    expect(error.code).toBe('FORBIDDEN')
    expect(refusalData(error).errorCode).toBe('MEMBER_RECUSED')
    const stored = await database.db.selectFrom('consensusScore').select('criterionCode').where('inspectionId', '=', world.inspectionId).execute()
    expect(stored).toEqual([])
    const status = await database.db.selectFrom('inspection').select('status').where('id', '=', world.inspectionId).executeTakeFirstOrThrow()
    expect(status.status).toBe('scoring')

    // Not recused from ILA: the same call there is accepted, so the refusal above was the recusal.
    const saved = await convener.inspection.consensus.save({ inspectionId: world.otherInspectionId, entries })
    expect(saved.saved.length).toBe(entries.length)
  })
})

describe('a member score write carries its version: a stale write is refused and overwrites nothing', () => {
  it('two tabs read version 1; the first save wins (version 2), the second is CONFLICT with the current row and the stored value is the first', async () => {
    const world = await createInspectionWorld(database)
    await world.as(world.users.convener).inspection.startScoring({ id: world.inspectionId, expectedVersion: 1 })
    const member = world.as(world.users.member)
    const first = fullSheet().find((e) => !e.finding)!
    const criterion = first.criterionCode
    const v1 = await member.inspection.score.save({ inspectionId: world.inspectionId, criterionCode: criterion, tierId: first.tierId, expectedVersion: 0 })
    expect(v1.version).toBe(1)

    // Both tabs now hold version 1.
    const tabA = await member.inspection.score.save({ inspectionId: world.inspectionId, criterionCode: criterion, tierId: first.tierId, finding: '甲分頁', expectedVersion: 1 })
    expect(tabA.version).toBe(2)
    const stale = await refusal(member.inspection.score.save({ inspectionId: world.inspectionId, criterionCode: criterion, tierId: first.tierId, finding: '乙分頁（過時）', expectedVersion: 1 }))
    expect(stale.code).toBe('CONFLICT')
    expect(refusalData(stale).params).toMatchObject({ current: expect.objectContaining({ version: 2, finding: '甲分頁' }) })

    // A write from before the row existed (expectedVersion 0) is stale too: it must not replace version 2.
    const fromNothing = await refusal(member.inspection.score.save({ inspectionId: world.inspectionId, criterionCode: criterion, tierId: first.tierId, finding: '丙分頁（過時）', expectedVersion: 0 }))
    expect(fromNothing.code).toBe('CONFLICT')

    const row = await database.db
      .selectFrom('memberScore')
      .select(['version', 'finding'])
      .where('inspectionId', '=', world.inspectionId)
      .where('memberId', '=', world.users.member.id)
      .where('criterionCode', '=', criterion)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ version: 2, finding: '甲分頁' })
  })
})
