import { SERVICE_LEAP_V2 } from '@leap/domain'
import type { TRPCError } from '@trpc/server'
import { beforeEach, describe, expect, it } from 'vitest'
import { callerFor, refusal } from '../test/fixtures.js'
import { createInspectionWorld, type InspectionWorld } from '../test/inspection-world.js'
import { createRemediationScenario, DEDUCTED, type RemediationScenario } from '../test/remediation-world.js'
import { useTestDatabase } from '../test/test-database.js'
import { refusalData } from '../trpc/refusal.js'

const database = useTestDatabase()

/** The field paths a refusal names (zod issues in its cause), e.g. `roster.2.userId`. */
function fieldsOf(error: TRPCError): string[] {
  return (refusalData(error).fieldErrors ?? []).map((f) => f.path.join('.'))
}

async function auditOf(action: string) {
  return database.db.selectFrom('auditLog').select(['action', 'actorId', 'before', 'after']).where('action', '=', action).orderBy('id').execute()
}

describe('round roster', () => {
  let world: InspectionWorld
  beforeEach(async () => {
    world = await createInspectionWorld(database)
  })

  it('refuses an existing half year naming rocYear and half, a roster with two or no conveners naming roster, and branch accounts naming the seat', async () => {
    const admin = world.as(world.users.admin)
    const roster = [
      { userId: world.users.convener.id, role: 'convener' as const },
      { userId: world.users.member.id, role: 'member' as const },
    ]
    const exists = await refusal(admin.round.create({ rocYear: 114, half: 1, catalogueId: world.catalogueId, roster }))
    expect(exists.code).toBe('CONFLICT')
    expect(fieldsOf(exists)).toEqual(['rocYear', 'half'])

    const two = await refusal(admin.round.create({ rocYear: 115, half: 1, catalogueId: world.catalogueId, roster: [...roster, { userId: world.member2.id, role: 'convener' }] }))
    expect(two.code).toBe('BAD_REQUEST')
    expect(fieldsOf(two)).toEqual(['roster'])
    const none = await refusal(admin.round.create({ rocYear: 115, half: 1, catalogueId: world.catalogueId, roster: roster.map((s) => ({ ...s, role: 'member' as const })) }))
    expect(fieldsOf(none)).toEqual(['roster'])

    const branchSeat = await refusal(
      admin.round.create({ rocYear: 115, half: 1, catalogueId: world.catalogueId, roster: [...roster, { userId: world.users.manager.id, role: 'secretary' }] }),
    )
    expect(branchSeat.code).toBe('BAD_REQUEST')
    expect(fieldsOf(branchSeat)).toEqual(['roster.2.userId'])
    // Nothing half-saved: no 115 round exists after the refusals.
    expect((await admin.round.list()).map((r) => `${r.rocYear}-${r.half}`)).toEqual(['114-1'])
  })

  it('changes the roster of an open round: a member taken off keeps their scores, which stop counting until they are seated again', async () => {
    const admin = world.as(world.users.admin)
    await world.as(world.users.convener).inspection.startScoring({ id: world.inspectionId, expectedVersion: 1 })
    await world.as(world.member2).inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'website', tierId: 'A', expectedVersion: 0 })
    const without = [
      { userId: world.users.convener.id, role: 'convener' as const },
      { userId: world.users.member.id, role: 'member' as const },
      { userId: world.member3.id, role: 'member' as const },
      { userId: world.users.secretary.id, role: 'secretary' as const },
    ]
    const changed = await admin.round.updateRoster({ roundId: world.roundId, roster: without })
    expect(changed.roster.map((r) => r.userId)).toEqual(without.map((s) => s.userId))
    expect(changed.scoresKept).toEqual([{ userId: world.member2.id, scores: 1 }])

    // Kept: the row is still stored, but member2 is no longer among the counted members and may not score.
    const stored = await database.db.selectFrom('memberScore').select('memberId').where('inspectionId', '=', world.inspectionId).execute()
    expect(stored.map((r) => r.memberId)).toEqual([world.member2.id])
    const view = await world.as(world.users.convener).inspection.consensus.view({ inspectionId: world.inspectionId })
    expect(view.members.map((m) => m.userId)).not.toContain(world.member2.id)
    expect(view.criteria.find((c) => c.criterionCode === 'website')?.scores).toEqual([])
    expect((await refusal(world.as(world.member2).inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'website', tierId: 'B', expectedVersion: 1 }))).code).toBe('NOT_FOUND')

    const [entry] = await auditOf('round.updateRoster')
    expect(entry).toMatchObject({ actorId: world.users.admin.id, after: { scoresKept: [{ userId: world.member2.id, scores: 1 }] } })
    expect((entry!.before as { roster: { userId: number }[] }).roster.map((s) => s.userId)).toContain(world.member2.id)

    // Seated again: the same sheet counts again.
    await admin.round.updateRoster({ roundId: world.roundId, roster: [...without, { userId: world.member2.id, role: 'member' }] })
    const again = await world.as(world.users.convener).inspection.consensus.view({ inspectionId: world.inspectionId })
    expect(again.criteria.find((c) => c.criterionCode === 'website')?.scores.map((s) => s.memberId)).toEqual([world.member2.id])

    const twoConveners = await refusal(admin.round.updateRoster({ roundId: world.roundId, roster: [...without, { userId: world.member2.id, role: 'convener' }] }))
    expect(fieldsOf(twoConveners)).toEqual(['roster'])
    expect((await refusal(world.as(world.users.convener).round.updateRoster({ roundId: world.roundId, roster: without }))).code).toBe('FORBIDDEN')
  })

  it('shows the admin every declared conflict of interest with the branch named', async () => {
    await world.as(world.users.member).round.declareConflict({ roundId: world.roundId, branchId: world.users.branchIds.TPE!, reason: '曾任職該分署' })
    await world.as(world.member2).round.declareConflict({ roundId: world.roundId, branchId: world.users.branchIds.ILA!, reason: '配偶任職' })
    const round = await world.as(world.users.admin).round.byId({ id: world.roundId })
    expect(round.conflicts.map((c) => [c.displayName, c.branchName, c.reason])).toEqual([
      [world.users.member.displayName, '臺北分署', '曾任職該分署'],
      [world.member2.displayName, '宜蘭分署', '配偶任職'],
    ])
  })
})

describe('closing a round', () => {
  let s: RemediationScenario
  beforeEach(async () => {
    s = await createRemediationScenario(database.db)
  })

  it('closes only when every inspection is signed, carries the open items into the next round after the confirmed count, audited, in one step', async () => {
    const admin = callerFor(database, s.users.admin)
    const convener = callerFor(database, s.users.convener)
    const created = await convener.remediation.createFromInspection({
      inspectionId: s.inspections.TPE,
      items: DEDUCTED.map((criterionCode) => ({ criterionCode, dueDate: '2025-05-31' })),
    })
    const [round] = (await admin.round.list()).filter((r) => r.rocYear === 114 && r.half === 1)
    const preview = await admin.round.closePreview({ id: round!.id })
    expect(preview).toMatchObject({ unfinished: [], carryCount: created.created.length, nextRound: { rocYear: 114, half: 2, exists: true } })

    const stale = await refusal(admin.round.close({ id: round!.id, expectedCarryCount: created.created.length + 1 }))
    expect(stale.code).toBe('CONFLICT')
    expect(fieldsOf(stale)).toEqual(['expectedCarryCount'])
    expect((await admin.round.byId({ id: round!.id })).status).toBe('open')

    const closed = await admin.round.close({ id: round!.id, expectedCarryCount: created.created.length })
    expect(closed).toMatchObject({ status: 'closed', carried: created.created.length })
    const moved = await database.db.selectFrom('remediationItem').select(['roundId', 'originRoundId']).execute()
    expect(new Set(moved.map((m) => m.roundId))).toEqual(new Set([closed.toRoundId]))
    expect(new Set(moved.map((m) => m.originRoundId))).toEqual(new Set([round!.id]))
    expect((await auditOf('round.close')).map((a) => a.after)).toEqual([{ status: 'closed', carriedItems: created.created.length, toRoundId: closed.toRoundId }])
    expect(await auditOf('remediation.carryOver')).toHaveLength(1)

    expect((await refusal(admin.round.close({ id: round!.id, expectedCarryCount: 0 }))).code).toBe('PRECONDITION_FAILED')
    const roster = [
      { userId: s.users.convener.id, role: 'convener' as const },
      { userId: s.users.member.id, role: 'member' as const },
    ]
    expect((await refusal(admin.round.updateRoster({ roundId: round!.id, roster }))).code).toBe('PRECONDITION_FAILED')
  })

  it('refuses while an inspection is unsigned, and asks for the next round only when items are to be carried', async () => {
    const admin = callerFor(database, s.users.admin)
    const catalogue = await admin.catalogue.create({ data: { ...SERVICE_LEAP_V2, version: SERVICE_LEAP_V2.version + 7 } })
    const roster = [
      { userId: s.users.convener.id, role: 'convener' as const },
      { userId: s.users.member.id, role: 'member' as const },
    ]
    const fresh = await admin.round.create({ rocYear: 116, half: 2, catalogueId: catalogue.id, roster })
    await admin.inspection.create({ roundId: fresh.id, branchId: s.users.branchIds.TPE!, inspectedOn: '2027-09-01' })
    const preview = await admin.round.closePreview({ id: fresh.id })
    expect(preview.unfinished.map((u) => [u.branchName, u.status])).toEqual([['臺北分署', 'draft']])
    expect(preview).toMatchObject({ carryCount: 0, nextRound: { rocYear: 117, half: 1, exists: false } })
    const refused = await refusal(admin.round.close({ id: fresh.id, expectedCarryCount: 0 }))
    expect(refused.code).toBe('PRECONDITION_FAILED')
    expect(refusalData(refused)).toMatchObject({ errorCode: 'ROUND_UNFINISHED', params: { branches: ['臺北分署'] } })
    expect((await admin.round.byId({ id: fresh.id })).status).toBe('open')

    const [draft] = await admin.inspection.list({ roundId: fresh.id })
    await admin.inspection.cancel({ id: draft!.id, expectedVersion: draft!.version })
    // No open items: closing needs no next round.
    expect(await admin.round.close({ id: fresh.id, expectedCarryCount: 0 })).toMatchObject({ status: 'closed', carried: 0, toRoundId: null })
  })
})
