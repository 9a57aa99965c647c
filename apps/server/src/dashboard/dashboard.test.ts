import { BRANCHES, DEFAULT_UNITS, scoreSheet, SERVICE_LEAP_V2 } from '@leap/domain'
import { beforeAll, describe, expect, it } from 'vitest'
import { insertBranches } from '../branch/branch.repository.js'
import { toScoreEntry } from '../inspection/inspection.repository.js'
import { seedInspections } from '../seed/inspections.seed.js'
import { callerFor, createTestUser } from '../test/fixtures.js'
import { useTestDatabase } from '../test/test-database.js'
import type { SessionUser } from '../trpc/context.js'

const database = useTestDatabase({ reset: 'never' })
const demo: Record<string, SessionUser> = {}

// One demo data set for the whole file: the tests only read it.
beforeAll(async () => {
  await insertBranches(database.db, BRANCHES)
  // The demo accounts the inspections seed looks for, and every branch's units.
  for (const username of ['admin', 'viewer', 'convener', 'secretary', 'member1', 'member2', 'member3', 'member4', 'member5', 'member6']) {
    const role = username === 'admin' || username === 'viewer' ? username : 'member'
    demo[username] = await createTestUser(database.db, { role, username })
  }
  demo['ila-staff'] = await createTestUser(database.db, { role: 'staff', username: 'ila-staff', branchCode: 'ILA' })
  const branches = await database.db.selectFrom('branch').select('id').execute()
  await database.db.insertInto('unit').values(branches.flatMap((b) => DEFAULT_UNITS.map((name) => ({ branchId: b.id, name })))).execute()
  await seedInspections(database.db)
})

/** Every signed sheet re-scored from its consensus rows with the domain. */
async function recompute() {
  const inspections = await database.db
    .selectFrom('inspection')
    .select(['id', 'roundId', 'branchId', 'status'])
    .where('status', 'in', ['signed', 'closed'])
    .execute()
  const scores = await database.db.selectFrom('consensusScore').selectAll().execute()
  return inspections.map((i) => ({
    ...i,
    result: scoreSheet(
      SERVICE_LEAP_V2,
      scores.filter((s) => s.inspectionId === i.id).map((s) => toScoreEntry({ ...s, points: s.points === null ? null : Number(s.points) })),
    ),
  }))
}

describe('dashboard', () => {
  it('shows totals and pass/fail that equal a recomputation of every signed sheet', async () => {
    const overview = await callerFor(database, demo.viewer!).dashboard.overview()
    const expected = await recompute()
    expect(overview.rounds.map((r) => `${r.rocYear}-${r.half}`)).toEqual(['112-1', '112-2', '113-1', '113-2', '114-1', '114-2'])
    expect(overview.branches).toHaveLength(13)
    expect(overview.cells).toHaveLength(78)
    expect(expected.length).toBeGreaterThan(60)
    for (const e of expected) {
      const cell = overview.cells.find((c) => c.inspectionId === e.id)!
      expect({ total: cell.total, passed: cell.passed }).toEqual({ total: e.result.total, passed: e.result.passed })
    }
    for (const round of overview.rounds) {
      const inRound = expected.filter((e) => e.roundId === round.id)
      const sum = inRound.reduce((s, e) => s + Math.round(e.result.total * 100), 0)
      expect(round).toMatchObject({
        inspections: 13,
        signed: inRound.length,
        passed: inRound.filter((e) => e.result.passed).length,
        failed: inRound.filter((e) => !e.result.passed).length,
        average: inRound.length === 0 ? null : Math.round(sum / inRound.length) / 100,
      })
    }
    // The demo has branches below the threshold, and the round in progress has unsigned sheets.
    expect(overview.rounds.reduce((n, r) => n + r.failed, 0)).toBeGreaterThan(3)
    expect(overview.cells.filter((c) => c.total === null).length).toBeGreaterThan(3)
  })

  it("gives each branch's trend and the dimension subtotals, matching the domain", async () => {
    const expected = await recompute()
    const ila = (await database.db.selectFrom('branch').select('id').where('code', '=', 'ILA').executeTakeFirstOrThrow()).id
    const trend = await callerFor(database, demo.admin!).dashboard.branchTrend({ branchId: ila })
    expect(trend.points.map((p) => `${p.rocYear}-${p.half}`)).toEqual(['112-1', '112-2', '113-1', '113-2', '114-1', '114-2'])
    for (const point of trend.points.filter((p) => p.total !== null)) {
      const e = expected.find((x) => x.id === point.inspectionId)!
      expect(point.total).toBe(e.result.total)
      expect(point.dimensions).toEqual(e.result.dimensions)
    }
    const round = trend.rounds[0]!
    const dims = await callerFor(database, demo.admin!).dashboard.dimensions({ roundId: round.id })
    // Projected from the stored catalogue in SQL: code, zh title and maximum, in catalogue order.
    const heads = SERVICE_LEAP_V2.dimensions.map((d) => ({ code: d.code, title: d.title.zh, maxPoints: d.maxPoints }))
    expect(dims.round.dimensions).toEqual(heads)
    expect(trend.rounds.every((r) => JSON.stringify(r.dimensions) === JSON.stringify(heads))).toBe(true)
    for (const d of dims.averages) {
      const values = expected.filter((e) => e.roundId === round.id).map((e) => e.result.dimensions.find((x) => x.dimensionCode === d.dimensionCode)!.points)
      expect(d.average).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 2)
    }
  })

  it('limits branch users to their own branch and committee users to the rounds they sit on', async () => {
    const own = await callerFor(database, demo['ila-staff']!).dashboard.overview()
    expect(own.branches.map((b) => b.code)).toEqual(['ILA'])
    expect(own.cells.every((c) => c.branchId === own.branches[0]!.id)).toBe(true)
    const tpe = (await database.db.selectFrom('branch').select('id').where('code', '=', 'TPE').executeTakeFirstOrThrow()).id
    await expect(callerFor(database, demo['ila-staff']!).dashboard.branchTrend({ branchId: tpe })).rejects.toMatchObject({ code: 'NOT_FOUND' })

    const member = await callerFor(database, demo.member1!).dashboard.overview()
    expect(member.cells).toHaveLength(78)
    const outsider = await createTestUser(database.db, { role: 'member' })
    expect((await callerFor(database, outsider).dashboard.overview()).cells).toEqual([])
  })

  it('leaves one failing 114 上半年 sheet waiting for its improvement plan, and plans on the others', async () => {
    const failing = await database.db
      .selectFrom('inspection')
      .leftJoin('improvementPlan', 'improvementPlan.inspectionId', 'inspection.id')
      .select(['inspection.status', 'improvementPlan.id as planId'])
      .where('inspection.passed', '=', false)
      .execute()
    expect(failing.filter((f) => f.status === 'closed').every((f) => f.planId !== null)).toBe(true)
    expect(failing.filter((f) => f.planId === null)).toEqual([{ status: 'signed', planId: null }])
  })
})

describe('demo inspections', () => {
  it("has declared conflicts of interest, and no sheet from a recused member for that branch's inspection", async () => {
    const conflicts = await database.db.selectFrom('conflictOfInterest').select(['roundId', 'userId', 'branchId']).execute()
    expect(conflicts.length).toBeGreaterThan(0)
    for (const c of conflicts) {
      const scores = await database.db
        .selectFrom('memberScore')
        .innerJoin('inspection', 'inspection.id', 'memberScore.inspectionId')
        .select('memberScore.criterionCode')
        .where('inspection.roundId', '=', c.roundId)
        .where('inspection.branchId', '=', c.branchId)
        .where('memberScore.memberId', '=', c.userId)
        .execute()
      expect(scores).toEqual([])
    }
  })

  it('never lets the secretary score, and gives every deduction of a member a finding', async () => {
    const secretary = demo.secretary!.id
    expect(await database.db.selectFrom('memberScore').select('memberId').where('memberId', '=', secretary).execute()).toEqual([])
    const maxima = new Map(SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria).map((c) => [c.code, c.maxPoints]))
    const rows = await database.db.selectFrom('memberScore').select(['criterionCode', 'points', 'finding']).execute()
    const deductions = rows.filter((r) => Number(r.points) < maxima.get(r.criterionCode)!)
    expect(deductions.length).toBeGreaterThan(100)
    expect(deductions.every((r) => (r.finding ?? '').trim() !== '')).toBe(true)
  })
})
