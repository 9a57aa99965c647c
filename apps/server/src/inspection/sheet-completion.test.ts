// inspection.completion: a member's 完成評分 mark — only on a complete own sheet, while scoring;
// the convener and secretary see everyone's marks, a member only their own.
import { beforeEach, describe, expect, it } from 'vitest'
import { createInspectionWorld, fullSheet, type InspectionWorld } from '../test/inspection-world.js'
import { refusal } from '../test/fixtures.js'
import { useTestDatabase } from '../test/test-database.js'

const database = useTestDatabase()
let world: InspectionWorld

beforeEach(async () => {
  world = await createInspectionWorld(database)
  await world.as(world.users.convener).inspection.startScoring({ id: world.inspectionId, expectedVersion: 1 })
})

async function scoreAll(skip = 0): Promise<void> {
  const entries = fullSheet().slice(skip).map((e) => ({ ...e, expectedVersion: 0 }))
  await world.as(world.users.member).inspection.score.saveMany({ inspectionId: world.inspectionId, entries })
}

describe('inspection.completion', () => {
  it('refuses to mark an incomplete sheet, naming each criterion still unscored', async () => {
    await scoreAll(2)
    const error = await refusal(world.as(world.users.member).inspection.completion.set({ inspectionId: world.inspectionId, done: true }))
    expect(error.code).toBe('PRECONDITION_FAILED')
    expect((error.cause as { code?: string }).code).toBe('SHEET_INCOMPLETE')
    const codes = fullSheet().slice(0, 2).map((e) => e.criterionCode)
    expect(JSON.stringify(error.cause)).toContain(codes[0]!)
    expect(JSON.stringify(error.cause)).toContain(codes[1]!)
    expect(await world.as(world.users.member).inspection.completion.list({ inspectionId: world.inspectionId })).toEqual([])
  })

  it('marks a complete sheet, shows it to the convener and secretary but not to other members, and can be taken back', async () => {
    await scoreAll()
    const marked = await world.as(world.users.member).inspection.completion.set({ inspectionId: world.inspectionId, done: true })
    expect(marked).toMatchObject({ memberId: world.users.member.id })
    // Idempotent: marking again keeps the first time.
    const again = await world.as(world.users.member).inspection.completion.set({ inspectionId: world.inspectionId, done: true })
    expect(String(again?.completedAt)).toBe(String(marked?.completedAt))
    for (const viewer of [world.users.convener, world.users.secretary, world.users.admin]) {
      const seen = await world.as(viewer).inspection.completion.list({ inspectionId: world.inspectionId })
      expect(seen.map((c) => c.memberId)).toEqual([world.users.member.id])
    }
    expect(await world.as(world.member2).inspection.completion.list({ inspectionId: world.inspectionId })).toEqual([])
    const audits = await database.db.selectFrom('auditLog').select('action').where('entity', '=', 'sheet_completion').execute()
    expect(audits.map((a) => a.action)).toEqual(['inspection.completion.mark'])

    expect(await world.as(world.users.member).inspection.completion.set({ inspectionId: world.inspectionId, done: false })).toBeNull()
    expect(await world.as(world.users.convener).inspection.completion.list({ inspectionId: world.inspectionId })).toEqual([])
  })

  it('is refused to the secretary and once scoring has ended', async () => {
    await scoreAll()
    expect((await refusal(world.as(world.users.secretary).inspection.completion.set({ inspectionId: world.inspectionId, done: true }))).code).toBe('FORBIDDEN')
    await world.as(world.users.convener).inspection.consensus.save({
      inspectionId: world.inspectionId,
      entries: [{ criterionCode: 'website', tierId: 'A', expectedVersion: 0 }],
    })
    const error = await refusal(world.as(world.users.member).inspection.completion.set({ inspectionId: world.inspectionId, done: true }))
    expect((error.cause as { code?: string }).code).toBe('ILLEGAL_TRANSITION')
  })
})
