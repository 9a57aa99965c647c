// inspection.score.saveMany: a member's several criteria in one transaction, all or nothing, each
// entry with its own expectedVersion; the same rules and audit entries as inspection.score.save.
import type { TRPCError } from '@trpc/server'
import { beforeEach, describe, expect, it } from 'vitest'
import { createInspectionWorld, type InspectionWorld } from '../test/inspection-world.js'
import { refusal } from '../test/fixtures.js'
import { useTestDatabase } from '../test/test-database.js'
import { listMemberScores } from './inspection.repository.js'

const database = useTestDatabase()
let world: InspectionWorld

beforeEach(async () => {
  world = await createInspectionWorld(database)
})

const domainCode = (error: TRPCError) => (error.cause as { code?: string } | undefined)?.code

async function startScoring(): Promise<void> {
  await world.as(world.users.convener).inspection.startScoring({ id: world.inspectionId, expectedVersion: 1 })
}

async function scoreAudits(): Promise<string[]> {
  const rows = await database.db.selectFrom('auditLog').select(['action', 'entityId']).where('entity', '=', 'member_score').orderBy('id').execute()
  return rows.map((r) => `${r.action} ${r.entityId}`)
}

describe('inspection.score.saveMany', () => {
  it('saves several criteria at once and updates them from their versions, one audit entry per row', async () => {
    await startScoring()
    const member = world.as(world.users.member)
    const first = await member.inspection.score.saveMany({
      inspectionId: world.inspectionId,
      entries: [
        { criterionCode: 'website', tierId: 'A', expectedVersion: 0 },
        { criterionCode: 'facilities', tierId: 'C', finding: '哺乳室未設置', expectedVersion: 0 },
      ],
    })
    expect(first).toMatchObject([
      { criterionCode: 'website', tierId: 'A', points: 30, version: 1 },
      { criterionCode: 'facilities', tierId: 'C', points: 20, finding: '哺乳室未設置', version: 1 },
    ])
    const second = await member.inspection.score.saveMany({
      inspectionId: world.inspectionId,
      entries: [
        { criterionCode: 'website', tierId: 'B', finding: '連結失效', expectedVersion: 1 },
        { criterionCode: 'staff-training', tierId: 'A', expectedVersion: 0 },
      ],
    })
    expect(second.map((r) => `${r.criterionCode} ${r.tierId} v${r.version}`)).toEqual(['website B v2', 'staff-training A v1'])
    const stored = await listMemberScores(database.db, world.inspectionId, world.users.member.id)
    expect(stored.map((r) => `${r.criterionCode} ${r.tierId} v${r.version}`)).toEqual(['facilities C v1', 'staff-training A v1', 'website B v2'])
    const key = `${world.inspectionId}:${world.users.member.id}`
    expect(await scoreAudits()).toEqual([
      `inspection.score.save ${key}:website`,
      `inspection.score.save ${key}:facilities`,
      `inspection.score.save ${key}:website`,
      `inspection.score.save ${key}:staff-training`,
    ])
  })

  it('refuses the whole save with CONFLICT and the current rows when one entry is stale', async () => {
    await startScoring()
    const member = world.as(world.users.member)
    await member.inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'website', tierId: 'A', expectedVersion: 0 })
    const auditsBefore = await scoreAudits()
    const stale = await refusal(
      member.inspection.score.saveMany({
        inspectionId: world.inspectionId,
        entries: [
          { criterionCode: 'facilities', tierId: 'A', expectedVersion: 0 },
          { criterionCode: 'website', tierId: 'D', finding: '標章過期', expectedVersion: 0 },
          { criterionCode: 'staff-training', tierId: 'A', expectedVersion: 3 },
        ],
      }),
    )
    expect(stale.code).toBe('CONFLICT')
    expect((stale.cause as unknown as { params: { current: unknown } }).params.current).toEqual([
      expect.objectContaining({ criterionCode: 'website', tierId: 'A', version: 1 }),
      null,
    ])
    // Nothing of it stored: the fresh entry rolled back with the stale ones, no audit entry added.
    const stored = await listMemberScores(database.db, world.inspectionId, world.users.member.id)
    expect(stored.map((r) => `${r.criterionCode} ${r.tierId} v${r.version}`)).toEqual(['website A v1'])
    expect(await scoreAudits()).toEqual(auditsBefore)
  })

  it('refuses an invalid or repeated entry, the secretary, and any save once consensus began — storing nothing', async () => {
    const member = world.as(world.users.member)
    const entries = [{ criterionCode: 'website', tierId: 'A', expectedVersion: 0 }]
    expect(domainCode(await refusal(member.inspection.score.saveMany({ inspectionId: world.inspectionId, entries })))).toBe('ILLEGAL_TRANSITION')
    await startScoring()
    expect((await refusal(world.as(world.users.secretary).inspection.score.saveMany({ inspectionId: world.inspectionId, entries }))).code).toBe('FORBIDDEN')
    const noFinding = await refusal(
      member.inspection.score.saveMany({ inspectionId: world.inspectionId, entries: [...entries, { criterionCode: 'facilities', tierId: 'C', expectedVersion: 0 }] }),
    )
    expect(noFinding.code).toBe('BAD_REQUEST')
    expect(domainCode(noFinding)).toBe('FINDING_REQUIRED')
    expect((noFinding.cause as unknown as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(['entries', 1, 'finding'])
    const twice = await refusal(member.inspection.score.saveMany({ inspectionId: world.inspectionId, entries: [...entries, { ...entries[0]!, tierId: 'B', finding: 'x' }] }))
    expect(twice.code).toBe('BAD_REQUEST')
    expect(await listMemberScores(database.db, world.inspectionId)).toEqual([])

    await world.as(world.users.convener).inspection.consensus.save({ inspectionId: world.inspectionId, entries: [{ criterionCode: 'facilities', tierId: 'A', expectedVersion: 0 }] })
    const late = await refusal(member.inspection.score.saveMany({ inspectionId: world.inspectionId, entries }))
    expect(domainCode(late)).toBe('ILLEGAL_TRANSITION')
    expect(await listMemberScores(database.db, world.inspectionId)).toEqual([])
  })
})
