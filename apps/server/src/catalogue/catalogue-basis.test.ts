import { carryScores, QUALITY_V1, QUALITY_V1_TO_SERVICE_LEAP_V2, SERVICE_LEAP_V2 } from '@leap/domain'
import { beforeEach, describe, expect, it } from 'vitest'
import { callerFor } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import { comparableTrend } from './catalogue-basis.js'
import { suggestMapping } from './catalogue-mapping.js'
import { insertCatalogue } from './catalogue.repository.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)
let v1: number
let v2: number
let rounds: { id: number; catalogueId: number }[]
let oldInspection: number
let newInspection: number
const v1Points: Record<string, number> = {}

beforeEach(async () => {
  v1 = (await insertCatalogue(database.db, QUALITY_V1, null)).id
  v2 = (await insertCatalogue(database.db, SERVICE_LEAP_V2, null)).id
  const db = database.db
  const made = await db
    .insertInto('round')
    .values([
      { rocYear: 105, half: 2, catalogueId: v1 },
      { rocYear: 106, half: 2, catalogueId: v2 },
    ])
    .returning(['id', 'catalogueId'])
    .execute()
  rounds = made
  const branchId = users.branchIds.TPE!
  const inspections = await db
    .insertInto('inspection')
    .values([
      { roundId: made[0]!.id, branchId, inspectedOn: '2016-10-01', totalPoints: null, passThreshold: null, passed: null, dimensionTotals: null },
      { roundId: made[1]!.id, branchId, inspectedOn: '2017-10-01', totalPoints: null, passThreshold: null, passed: null, dimensionTotals: null },
    ])
    .returning('id')
    .execute()
  oldInspection = inspections[0]!.id
  newInspection = inspections[1]!.id
  // The v1 sheet: every criterion at its second tier, one marked not applicable.
  const criteria = QUALITY_V1.dimensions.flatMap((d) => d.criteria)
  const rows = criteria.map((c, i) => {
    const tier = c.tiers[1]!
    const na = i === 0
    if (!na) v1Points[c.code] = tier.points
    return { inspectionId: oldInspection, criterionCode: c.code, tierId: na ? null : tier.id, points: na ? null : tier.points, notApplicable: na }
  })
  await db.insertInto('consensusScore').values(rows).execute()
})

/** Signs the v1 sheet with its own total, 700 (the dashboards read signed inspections only). */
async function signOldSheet(): Promise<void> {
  await database.db
    .updateTable('inspection')
    .set({ status: 'signed', totalPoints: 700, passThreshold: 750, passed: false, signedAt: new Date('2016-10-02T02:00:00Z'), signedBy: users.admin.id })
    .where('id', '=', oldInspection)
    .execute()
}

/** The agency admin records the shipped v1 → v2 mapping. */
const mapV1ToV2 = () => callerFor(database, users.admin).catalogue.saveMapping({ fromId: v1, toId: v2, expectedVersion: 0, note: '', links: QUALITY_V1_TO_SERVICE_LEAP_V2.links })

const points = () => [
  { inspectionId: oldInspection, roundId: rounds[0]!.id, total: 700, passed: false },
  { inspectionId: newInspection, roundId: rounds[1]!.id, total: 812.5, passed: true },
]

describe('comparableTrend (a branch trend on one catalogue basis)', () => {
  it('marks a point of another version not comparable while no mapping is recorded, never mixing it in', async () => {
    const trend = await comparableTrend(database.db, points(), rounds)
    expect(trend.basis).toMatchObject({ catalogueId: v2, version: 2 })
    expect(trend.points).toEqual([
      { inspectionId: oldInspection, catalogueId: v1, total: null, passed: null, comparable: false, reason: 'noMapping' },
      { inspectionId: newInspection, catalogueId: v2, total: 812.5, passed: true, comparable: true, reason: 'same' },
    ])
  })

  it('carries the older sheet onto the newest catalogue once the mapping is recorded, as the domain computes it', async () => {
    await mapV1ToV2()
    const trend = await comparableTrend(database.db, points(), rounds)
    const expected = carryScores(QUALITY_V1_TO_SERVICE_LEAP_V2, QUALITY_V1, SERVICE_LEAP_V2, v1Points)
    expect(trend.points[0]).toEqual({
      inspectionId: oldInspection,
      catalogueId: v1,
      total: expected.total,
      passed: expected.passed,
      comparable: true,
      reason: 'carried',
      uncarried: expected.uncarried,
    })
    expect(expected.total).not.toBe(700)
    expect(trend.points[0]!.uncarried).toContain('staff-training')
    expect(trend.points[1]!.reason).toBe('same')
  })

  it('leaves an unsigned point without a total', async () => {
    const trend = await comparableTrend(database.db, [{ inspectionId: newInspection, roundId: rounds[1]!.id, total: null, passed: null }], rounds)
    expect(trend.points).toEqual([{ inspectionId: newInspection, catalogueId: v2, total: null, passed: null, comparable: false, reason: 'notSigned' }])
    expect(await comparableTrend(database.db, [], [])).toEqual({ basis: null, points: [] })
  })

  it("reaches the dashboard's branch trend, and a mapping saved after the trend was read (and cached) changes it at once", async () => {
    await signOldSheet()
    const viewer = callerFor(database, users.viewer)
    const before = await viewer.dashboard.branchTrend({ branchId: users.branchIds.TPE! })
    expect(before.comparable.basis?.catalogueId).toBe(v2)
    expect(before.comparable.points.find((p) => p.inspectionId === oldInspection)).toMatchObject({ comparable: false, reason: 'noMapping', total: null })
    await mapV1ToV2()
    const after = await viewer.dashboard.branchTrend({ branchId: users.branchIds.TPE! })
    const expected = carryScores(QUALITY_V1_TO_SERVICE_LEAP_V2, QUALITY_V1, SERVICE_LEAP_V2, v1Points)
    expect(after.comparable.points.find((p) => p.inspectionId === oldInspection)).toMatchObject({ comparable: true, reason: 'carried', total: expected.total })
    // The stored total of the old sheet is unchanged: the carried one is a comparison, never a rescore.
    expect(after.points.find((p) => p.inspectionId === oldInspection)?.total).toBe(700)
  })

  it('chains recorded mappings v1 → v2 → v3: the old sheet is carried step by step, and not at all while a link of the chain is missing', async () => {
    const v3Catalogue = { ...SERVICE_LEAP_V2, version: 3, effectiveRocYear: 110 }
    const v3 = (await insertCatalogue(database.db, v3Catalogue, null)).id
    const [third] = await database.db.insertInto('round').values({ rocYear: 110, half: 2, catalogueId: v3 }).returning(['id', 'catalogueId']).execute()
    const chainRounds = [...rounds, third!]
    const trendPoints = [points()[0]!, { ...points()[1]!, total: null, passed: null }]
    const admin = callerFor(database, users.admin)
    await mapV1ToV2()
    // Only v1 → v2 recorded: v1 does not reach the basis v3.
    const half = await comparableTrend(database.db, trendPoints, chainRounds)
    expect(half.basis).toMatchObject({ catalogueId: v3, version: 3 })
    expect(half.points[0]).toMatchObject({ comparable: false, reason: 'noMapping', total: null })
    const v2ToV3 = suggestMapping(SERVICE_LEAP_V2, v3Catalogue)
    await admin.catalogue.saveMapping({ fromId: v2, toId: v3, expectedVersion: 0, note: '', links: v2ToV3.links })
    const chained = await comparableTrend(database.db, trendPoints, chainRounds)
    const step1 = carryScores(QUALITY_V1_TO_SERVICE_LEAP_V2, QUALITY_V1, SERVICE_LEAP_V2, v1Points)
    const step2 = carryScores(v2ToV3, SERVICE_LEAP_V2, v3Catalogue, step1.points)
    expect(chained.points[0]).toEqual({ inspectionId: oldInspection, catalogueId: v1, total: step2.total, passed: step2.passed, comparable: true, reason: 'carried', uncarried: step2.uncarried, via: [v2] })
    expect(step2.total).toBe(step1.total)
    expect(chained.points[1]).toMatchObject({ reason: 'notSigned', total: null })
  })

  it("puts the agency overview's totals on the newest catalogue's basis, one point per cell", async () => {
    await signOldSheet()
    const viewer = callerFor(database, users.viewer)
    const before = await viewer.dashboard.overview()
    expect(before.comparable.basis?.catalogueId).toBe(v2)
    expect(before.comparable.points.map((p) => p.inspectionId)).toEqual(before.cells.map((c) => c.inspectionId))
    expect(before.comparable.points.find((p) => p.inspectionId === oldInspection)).toMatchObject({ comparable: false, reason: 'noMapping', total: null })
    // The round's own tally keeps its own catalogue's total.
    expect(before.cells.find((c) => c.inspectionId === oldInspection)?.total).toBe(700)
    await mapV1ToV2()
    const after = await viewer.dashboard.overview()
    const expected = carryScores(QUALITY_V1_TO_SERVICE_LEAP_V2, QUALITY_V1, SERVICE_LEAP_V2, v1Points)
    expect(after.comparable.points.find((p) => p.inspectionId === oldInspection)).toMatchObject({ comparable: true, reason: 'carried', total: expected.total })
  })
})
