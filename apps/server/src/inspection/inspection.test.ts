import { SERVICE_LEAP_V2, scoreSheet } from '@leap/domain'
import type { TRPCError } from '@trpc/server'
import { beforeEach, describe, expect, it } from 'vitest'
import { createInspectionWorld, failingOverrides, fullSheet, type InspectionWorld } from '../test/inspection-world.js'
import { refusal } from '../test/fixtures.js'
import { useTestDatabase } from '../test/test-database.js'
import { refusalData } from '../trpc/refusal.js'

const database = useTestDatabase()
let world: InspectionWorld

beforeEach(async () => {
  world = await createInspectionWorld(database)
})

function domainCode(error: TRPCError): string | undefined {
  return (error.cause as { code?: string } | undefined)?.code
}

async function startScoring(): Promise<void> {
  await world.as(world.users.convener).inspection.startScoring({ id: world.inspectionId, expectedVersion: 1 })
}

async function currentVersion(): Promise<number> {
  return (await world.as(world.users.admin).inspection.byId({ id: world.inspectionId })).inspection.version
}

describe('inspection scoring flow', () => {
  it('takes an inspection from draft through members, consensus and signature to closed', async () => {
    const { convener, member, secretary } = world.users
    await startScoring()
    // Three of four scorers fill the sheet; sop-and-forms splits 50 / 40 / 25.
    const sheets = [
      { user: convener, sheet: fullSheet() },
      { user: member, sheet: fullSheet(SERVICE_LEAP_V2, { 'sop-and-forms': { tier: 1, finding: '流程圖未更新' } }) },
      { user: world.member2, sheet: fullSheet(SERVICE_LEAP_V2, { 'sop-and-forms': { tier: 2, finding: '書表缺範例' } }) },
    ]
    for (const { user, sheet } of sheets) {
      for (const entry of sheet) {
        await world.as(user).inspection.score.save({ inspectionId: world.inspectionId, ...entry, expectedVersion: 0 })
      }
    }
    expect(await world.as(member).inspection.score.mine({ inspectionId: world.inspectionId })).toHaveLength(22)

    // Members do not see each other's scores; the convener's consensus table does.
    const denied = await refusal(world.as(member).inspection.consensus.view({ inspectionId: world.inspectionId }))
    expect(denied.code).toBe('FORBIDDEN')
    const view = await world.as(convener).inspection.consensus.view({ inspectionId: world.inspectionId })
    const sop = view.criteria.find((c) => c.criterionCode === 'sop-and-forms')!
    expect(sop.scores.map((s) => s.points).sort()).toEqual([25, 40, 50])
    expect(sop.proposal).toMatchObject({ points: 40, flagged: true, spread: 25 })
    expect(view.flaggedCriteria).toEqual(['sop-and-forms'])
    expect(view.spreadShare).toBe(0.2)
    expect(view.proposalResult.total).toBe(990)

    // The convener accepts every proposal in one save.
    const entries = view.criteria.map((c) => ({
      criterionCode: c.criterionCode,
      tierId: c.proposal!.tierId!,
      ...(c.proposal!.findings.length > 0 ? { finding: c.proposal!.findings.map((f) => f.text).join('；') } : {}),
      expectedVersion: 0,
    }))
    const saved = await world.as(convener).inspection.consensus.save({ inspectionId: world.inspectionId, entries })
    expect(saved.result).toMatchObject({ total: 990, passed: true, complete: true })
    expect(saved.saved.find((r) => r.criterionCode === 'sop-and-forms')!.ruleNote).toContain('lower median')

    // Consensus has begun: members' sheets are frozen.
    const late = await refusal(
      world.as(world.member3).inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'website', tierId: 'A', expectedVersion: 0 }),
    )
    expect(late.code).toBe('PRECONDITION_FAILED')

    const signed = await world.as(convener).inspection.sign({ id: world.inspectionId, expectedVersion: await currentVersion() })
    expect(signed.inspection).toMatchObject({ status: 'signed', totalPoints: 990, passed: true, signedBy: convener.id })
    expect(signed.result?.remediationCandidates).toEqual([
      expect.objectContaining({ criterionCode: 'sop-and-forms', deduction: 10, unit: '秘書室', finding: '流程圖未更新；書表缺範例' }),
    ])

    // The secretary may not sign or close; the convener closes a passing sheet without a plan.
    expect((await refusal(world.as(secretary).inspection.close({ id: world.inspectionId, expectedVersion: signed.inspection.version }))).code).toBe('FORBIDDEN')
    const closed = await world.as(convener).inspection.close({ id: world.inspectionId, expectedVersion: signed.inspection.version })
    expect(closed.status).toBe('closed')

    const audit = await database.db.selectFrom('auditLog').select('action').where('entity', 'in', ['inspection', 'member_score', 'consensus_score']).execute()
    const actions = audit.map((a) => a.action)
    expect(actions.filter((a) => a === 'inspection.score.save')).toHaveLength(66)
    expect(actions).toEqual(expect.arrayContaining(['inspection.create', 'inspection.startScoring', 'inspection.consensus.save', 'inspection.sign', 'inspection.close']))
  })

  it('refuses scores before scoring starts, from the secretary, and invalid or unexplained deductions with field paths', async () => {
    const save = (user = world.users.member, extra: Record<string, unknown> = {}) =>
      world.as(user).inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'website', tierId: 'B', finding: '連結失效', expectedVersion: 0, ...extra })
    expect((await refusal(save())).code).toBe('PRECONDITION_FAILED')
    await startScoring()
    expect((await refusal(save(world.users.secretary))).code).toBe('FORBIDDEN')
    const noFinding = await refusal(save(world.users.member, { finding: undefined }))
    expect(noFinding.code).toBe('BAD_REQUEST')
    expect(domainCode(noFinding)).toBe('FINDING_REQUIRED')
    expect((noFinding.cause as unknown as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(['finding'])
    const notATier = await refusal(save(world.users.member, { tierId: undefined, points: 17 }))
    expect(domainCode(notATier)).toBe('INVALID_SCORE')
    const unknown = await refusal(save(world.users.member, { criterionCode: 'no-such-item' }))
    expect(domainCode(unknown)).toBe('UNKNOWN_CRITERION')
    // Points naming a tier are stored with that tier.
    const ok = await save(world.users.member, { tierId: undefined, points: 20 })
    expect(ok).toMatchObject({ tierId: 'B', points: 20, version: 1 })
  })
})

describe('version conflicts', () => {
  it('refuses a stale member write with CONFLICT and the current value, never overwriting it', async () => {
    await startScoring()
    const tab1 = world.as(world.users.member)
    const tab2 = world.as(world.users.member)
    const first = await tab1.inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'website', tierId: 'A', expectedVersion: 0 })
    // A second tab that loaded the empty sheet.
    const stale = await refusal(
      tab2.inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'website', tierId: 'D', finding: '網站無障礙標章過期', expectedVersion: 0 }),
    )
    expect(stale.code).toBe('CONFLICT')
    expect((stale.cause as unknown as { params: { current: unknown } }).params.current).toMatchObject({ criterionCode: 'website', tierId: 'A', points: 30, version: 1 })
    // What the client receives (the error data every refusal carries): the current row in its params.
    expect(refusalData(stale)).toMatchObject({ errorCode: 'VERSION_CONFLICT', params: { current: { criterionCode: 'website', tierId: 'A', version: 1 } } })
    // Updating from the version it saw works; the first tab's version is now stale.
    const second = await tab2.inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'website', tierId: 'C', finding: '更新不即時', expectedVersion: first.version })
    expect(second).toMatchObject({ tierId: 'C', version: 2 })
    const stale2 = await refusal(tab1.inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'website', tierId: 'A', expectedVersion: 1 }))
    expect((stale2.cause as unknown as { params: { current: unknown } }).params.current).toMatchObject({ tierId: 'C', version: 2 })
    expect(await tab1.inspection.score.mine({ inspectionId: world.inspectionId })).toEqual([expect.objectContaining({ tierId: 'C', version: 2 })])
  })

  it('keeps two members writing the same criterion at once apart: each keeps their own score', async () => {
    await startScoring()
    const [a, b] = await Promise.all([
      world.as(world.users.member).inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'facilities', tierId: 'A', expectedVersion: 0 }),
      world.as(world.member2).inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'facilities', tierId: 'C', finding: '哺乳室未設置', expectedVersion: 0 }),
    ])
    expect(a).toMatchObject({ memberId: world.users.member.id, points: 50 })
    expect(b).toMatchObject({ memberId: world.member2.id, points: 20 })
    const view = await world.as(world.users.convener).inspection.consensus.view({ inspectionId: world.inspectionId })
    expect(view.criteria.find((c) => c.criterionCode === 'facilities')!.scores).toHaveLength(2)
  })

  it('refuses a stale consensus save as a whole and a stale signature', async () => {
    await startScoring()
    const convener = world.as(world.users.convener)
    await convener.inspection.consensus.save({ inspectionId: world.inspectionId, entries: [{ criterionCode: 'website', tierId: 'A', expectedVersion: 0 }] })
    const stale = await refusal(
      convener.inspection.consensus.save({
        inspectionId: world.inspectionId,
        entries: [
          { criterionCode: 'facilities', tierId: 'A', expectedVersion: 0 },
          { criterionCode: 'website', tierId: 'B', finding: '未標示更新日期', expectedVersion: 0 },
        ],
      }),
    )
    expect(stale.code).toBe('CONFLICT')
    expect((stale.cause as unknown as { params: { current: unknown[] } }).params.current).toEqual([expect.objectContaining({ criterionCode: 'website', tierId: 'A', version: 1 })])
    // The whole save rolled back: facilities was not stored either.
    const sheet = await convener.inspection.byId({ id: world.inspectionId })
    expect(sheet.consensus.map((c) => c.criterionCode)).toEqual(['website'])
    const signStale = await refusal(convener.inspection.sign({ id: world.inspectionId, expectedVersion: 1 }))
    expect(signStale.code).toBe('CONFLICT')
  })
})

describe('recusal', () => {
  it('refuses a recused member and leaves their earlier scores out of the consensus', async () => {
    await startScoring()
    const member = world.as(world.users.member)
    await member.inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'website', tierId: 'D', finding: '網站停擺', expectedVersion: 0 })
    await world.as(world.member2).inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'website', tierId: 'A', expectedVersion: 0 })
    let view = await world.as(world.users.convener).inspection.consensus.view({ inspectionId: world.inspectionId })
    expect(view.criteria.find((c) => c.criterionCode === 'website')!.proposal).toMatchObject({ points: 0 })

    // Another branch's conflict changes nothing here; the declaration for TPE does.
    await member.round.declareConflict({ roundId: world.roundId, branchId: world.users.branchIds.ILA!, reason: '配偶任職宜蘭分署' })
    await member.round.declareConflict({ roundId: world.roundId, branchId: world.users.branchIds.TPE!, reason: '曾任職臺北分署' })
    const again = await refusal(member.round.declareConflict({ roundId: world.roundId, branchId: world.users.branchIds.TPE!, reason: '重複' }))
    expect(again.code).toBe('CONFLICT')

    const refused = await refusal(member.inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'website', tierId: 'A', expectedVersion: 1 }))
    expect(refused.code).toBe('FORBIDDEN')
    expect(domainCode(refused)).toBe('MEMBER_RECUSED')
    view = await world.as(world.users.convener).inspection.consensus.view({ inspectionId: world.inspectionId })
    expect(view.excludedMemberIds).toEqual([world.users.member.id])
    expect(view.members.find((m) => m.userId === world.users.member.id)).toMatchObject({ recused: true })
    const website = view.criteria.find((c) => c.criterionCode === 'website')!
    expect(website.scores.map((s) => s.memberId)).toEqual([world.member2.id])
    expect(website.proposal).toMatchObject({ points: 30, scoredBy: 1 })
    const sheet = await member.inspection.byId({ id: world.inspectionId })
    expect(sheet.recused).toBe(true)
  })

  it('lets only the member declare their own conflict, and only on a round they sit on', async () => {
    const outsider = world.as(world.users.viewer)
    expect((await refusal(outsider.round.declareConflict({ roundId: world.roundId, branchId: world.users.branchIds.TPE!, reason: 'x' }))).code).toBe('FORBIDDEN')
    const staff = world.as(world.users.staff)
    expect((await refusal(staff.round.declareConflict({ roundId: world.roundId, branchId: world.users.branchIds.TPE!, reason: 'x' }))).code).toBe('FORBIDDEN')
    const rows = await database.db.selectFrom('conflictOfInterest').selectAll().execute()
    expect(rows).toEqual([])
  })
})

describe('signature', () => {
  it('refuses to sign an incomplete sheet, naming each missing criterion', async () => {
    await startScoring()
    const convener = world.as(world.users.convener)
    const partial = fullSheet().slice(0, 20).map((e) => ({ ...e, expectedVersion: 0 }))
    await convener.inspection.consensus.save({ inspectionId: world.inspectionId, entries: partial })
    const error = await refusal(convener.inspection.sign({ id: world.inspectionId, expectedVersion: await currentVersion() }))
    expect(error.code).toBe('PRECONDITION_FAILED')
    expect(domainCode(error)).toBe('SHEET_INCOMPLETE')
    expect((error.cause as unknown as { issues: unknown[] }).issues).toHaveLength(2)
    expect((await convener.inspection.byId({ id: world.inspectionId })).inspection.status).toBe('consensus')
  })

  it('locks a signed sheet: no score, consensus, conflict declaration or second signature changes it', async () => {
    await startScoring()
    const convener = world.as(world.users.convener)
    await convener.inspection.consensus.save({ inspectionId: world.inspectionId, entries: fullSheet().map((e) => ({ ...e, expectedVersion: 0 })) })
    const version = await currentVersion()
    const signed = await convener.inspection.sign({ id: world.inspectionId, expectedVersion: version })
    expect(signed.inspection.status).toBe('signed')
    // Called one after another (thunks), so no refusal is left unhandled while another runs.
    const attempts = [
      () => convener.inspection.consensus.save({ inspectionId: world.inspectionId, entries: [{ criterionCode: 'website', tierId: 'D', finding: 'x', expectedVersion: 1 }] }),
      () => world.as(world.member2).inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'website', tierId: 'A', expectedVersion: 0 }),
      () => convener.inspection.sign({ id: world.inspectionId, expectedVersion: signed.inspection.version }),
      () => world.as(world.member3).round.declareConflict({ roundId: world.roundId, branchId: world.users.branchIds.TPE!, reason: '遲延申報' }),
    ]
    for (const attempt of attempts) {
      const error = await refusal(attempt())
      expect(error.code).toBe('PRECONDITION_FAILED')
      expect(domainCode(error)).toBe('SHEET_LOCKED')
    }
    const after = await convener.inspection.byId({ id: world.inspectionId })
    expect(after.consensus.find((c) => c.criterionCode === 'website')).toMatchObject({ tierId: 'A', version: 1 })
    expect(after.inspection.totalPoints).toBe(1000)
  })
})

describe('closing below the pass threshold', () => {
  it('refuses to close without an improvement plan, then closes once the plan has measures', async () => {
    await startScoring()
    const convener = world.as(world.users.convener)
    const sheet = fullSheet(SERVICE_LEAP_V2, failingOverrides())
    await convener.inspection.consensus.save({ inspectionId: world.inspectionId, entries: sheet.map((e) => ({ ...e, expectedVersion: 0 })) })
    const signed = await convener.inspection.sign({ id: world.inspectionId, expectedVersion: await currentVersion() })
    const expected = scoreSheet(SERVICE_LEAP_V2, sheet)
    expect(expected.total).toBeLessThan(750)
    expect(signed.inspection).toMatchObject({ passed: false, totalPoints: expected.total })

    const refused = await refusal(convener.inspection.close({ id: world.inspectionId, expectedVersion: signed.inspection.version }))
    expect(refused.code).toBe('PRECONDITION_FAILED')
    expect(domainCode(refused)).toBe('IMPROVEMENT_PLAN_REQUIRED')

    const secretary = world.as(world.users.secretary)
    const info = await secretary.improvementPlan.byInspection({ inspectionId: world.inspectionId })
    expect(info).toMatchObject({ required: true, plan: null })
    expect(info.unitsConcerned.length).toBeGreaterThan(0)
    const ownUnit = info.units[0]!
    const otherUnit = await database.db.selectFrom('unit').select('id').where('branchId', '=', world.users.branchIds.ILA!).executeTakeFirstOrThrow()
    const badUnit = await refusal(
      secretary.improvementPlan.create({
        inspectionId: world.inspectionId,
        summary: '改善計畫',
        measures: [{ unitId: otherUnit.id, criterionCode: null, measure: '加強訓練', dueDate: '2025-06-30' }],
      }),
    )
    expect(badUnit.code).toBe('BAD_REQUEST')
    await expect(world.as(world.users.member).improvementPlan.create({ inspectionId: world.inspectionId, summary: 's', measures: [{ unitId: ownUnit.id, criterionCode: null, measure: 'm', dueDate: '2025-06-30' }] })).rejects.toMatchObject({ code: 'FORBIDDEN' })

    const plan = await secretary.improvementPlan.create({
      inspectionId: world.inspectionId,
      summary: '總分未達750分，就扣分項目提出具體改善作法',
      measures: [{ unitId: ownUnit.id, criterionCode: 'payment-channels', measure: '增設超商及行動支付繳款管道', dueDate: '2025-06-30' }],
    })
    expect(plan).toMatchObject({ version: 1, measures: [expect.objectContaining({ unitName: ownUnit.name, dueDate: '2025-06-30' })] })
    const staleUpdate = await refusal(secretary.improvementPlan.update({ inspectionId: world.inspectionId, summary: 'x', measures: plan.measures, expectedVersion: 2 }))
    expect(staleUpdate.code).toBe('CONFLICT')

    const closed = await convener.inspection.close({ id: world.inspectionId, expectedVersion: signed.inspection.version })
    expect(closed.status).toBe('closed')
    const planAudit = await database.db.selectFrom('auditLog').select(['action', 'actorId', 'branchId']).where('entity', '=', 'improvement_plan').execute()
    expect(planAudit).toEqual([{ action: 'improvementPlan.create', actorId: world.users.secretary.id, branchId: world.users.branchIds.TPE }])
    // The branch sees its own result and plan once signed.
    const branchView = await world.as(world.users.staff).inspection.byId({ id: world.inspectionId })
    expect(branchView.result?.total).toBe(expected.total)
    expect(branchView.improvementPlan?.measures).toHaveLength(1)
  })
})

describe('branch scope', () => {
  it("answers another branch's inspection with the same NOT_FOUND as a missing one", async () => {
    const ila = world.as(world.users.otherStaff)
    const foreign = await refusal(ila.inspection.byId({ id: world.inspectionId }))
    const missing = await refusal(ila.inspection.byId({ id: 999_999 }))
    expect(foreign.code).toBe('NOT_FOUND')
    expect(foreign.message).toBe(missing.message)
    expect((await refusal(ila.improvementPlan.byInspection({ inspectionId: world.inspectionId }))).code).toBe('NOT_FOUND')
    expect((await ila.inspection.list()).map((i) => i.branchCode)).toEqual(['ILA'])
    // A committee member not on the round's roster sees nothing of it either.
    const { createTestUser } = await import('../test/fixtures.js')
    const outsider = await createTestUser(database.db, { role: 'member' })
    expect((await refusal(world.as(outsider).inspection.byId({ id: world.inspectionId }))).code).toBe('NOT_FOUND')
    expect(await world.as(outsider).inspection.list()).toEqual([])
  })

  it('shows a branch user neither member scores nor the consensus before signing', async () => {
    await startScoring()
    await world.as(world.users.convener).inspection.consensus.save({ inspectionId: world.inspectionId, entries: [{ criterionCode: 'website', tierId: 'A', expectedVersion: 0 }] })
    const staff = await world.as(world.users.staff).inspection.byId({ id: world.inspectionId })
    expect(staff).toMatchObject({ consensus: [], result: null, progress: [], myScores: [] })
    expect((await refusal(world.as(world.users.manager).inspection.consensus.view({ inspectionId: world.inspectionId }))).code).toBe('FORBIDDEN')
  })
})
