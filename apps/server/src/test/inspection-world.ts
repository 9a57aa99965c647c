/**
 * Test support for inspection tests (owned by the inspections helper): a catalogue, a round with
 * its roster and inspections, created through the routers as real users would.
 *
 * ```ts
 * const world = await createInspectionWorld(database)
 * await world.as(world.users.convener).inspection.startScoring({ id: world.inspectionId, expectedVersion: 1 })
 * ```
 */
import { SERVICE_LEAP_V2, scoreSheet, type Catalogue } from '@leap/domain'
import type { Kysely } from 'kysely'
import type { DatabaseHandle } from '../db/client.js'
import type { Database } from '../db/database.js'
import type { SessionUser } from '../trpc/context.js'
import { callerFor, createFixtureUsers, createTestUser, type FixtureUsers } from './fixtures.js'

export interface InspectionWorld {
  users: FixtureUsers
  /** The scorers: the convener and three members (`users.member` first). */
  scorers: SessionUser[]
  /** Members besides `users.member`. */
  member2: SessionUser
  member3: SessionUser
  catalogueId: number
  roundId: number
  /** TPE's inspection in the round (draft), and ILA's. */
  inspectionId: number
  otherInspectionId: number
  as: (user: SessionUser | null) => ReturnType<typeof callerFor>
}

/**
 * Fixture users, SERVICE_LEAP_V2 stored as a catalogue, round 114 上半年 with the convener, three
 * members and the secretary, and draft inspections of TPE (2025-03-12) and ILA.
 */
export async function createInspectionWorld(database: DatabaseHandle): Promise<InspectionWorld> {
  const users = await createFixtureUsers(database.db)
  await ensureUnits(database.db)
  const member2 = await createTestUser(database.db, { role: 'member' })
  const member3 = await createTestUser(database.db, { role: 'member' })
  const as = (user: SessionUser | null) => callerFor(database, user)
  const catalogue = await as(users.admin).catalogue.create({ data: { ...SERVICE_LEAP_V2 } })
  const round = await as(users.admin).round.create({
    rocYear: 114,
    half: 1,
    catalogueId: catalogue.id,
    roster: [
      { userId: users.convener.id, role: 'convener' },
      { userId: users.member.id, role: 'member' },
      { userId: member2.id, role: 'member' },
      { userId: member3.id, role: 'member' },
      { userId: users.secretary.id, role: 'secretary' },
    ],
  })
  const tpe = await as(users.convener).inspection.create({ roundId: round.id, branchId: users.branchIds.TPE!, inspectedOn: '2025-03-12' })
  const ila = await as(users.convener).inspection.create({ roundId: round.id, branchId: users.branchIds.ILA!, inspectedOn: '2025-04-02' })
  return {
    users,
    scorers: [users.convener, users.member, member2, member3],
    member2,
    member3,
    catalogueId: catalogue.id,
    roundId: round.id,
    inspectionId: tpe.id,
    otherInspectionId: ila.id,
    as,
  }
}

/** Gives TPE and ILA the units 秘書室 and 執行一科 when they have none (fixtures create no units). */
export async function ensureUnits(db: Kysely<Database>): Promise<void> {
  const branches = await db.selectFrom('branch').select('id').where('code', 'in', ['TPE', 'ILA']).execute()
  for (const b of branches) {
    const has = await db.selectFrom('unit').select('id').where('branchId', '=', b.id).executeTakeFirst()
    if (!has) await db.insertInto('unit').values([{ branchId: b.id, name: '秘書室' }, { branchId: b.id, name: '執行一科' }]).execute()
  }
}

/** Per criterion code: the tier index to give (0 = top) and a finding for a deduction. */
export type SheetOverrides = Record<string, { tier: number; finding?: string }>

/**
 * A complete sheet: every criterion at its top tier, except the overrides. Deductions without
 * an explicit finding get `扣分：<code>`.
 */
export function fullSheet(catalogue: Catalogue = SERVICE_LEAP_V2, overrides: SheetOverrides = {}) {
  return catalogue.dimensions.flatMap((d) =>
    d.criteria.map((c) => {
      const o = overrides[c.code]
      const tier = c.tiers[o?.tier ?? 0]!
      return {
        criterionCode: c.code,
        tierId: tier.id,
        ...(tier.points < c.maxPoints ? { finding: o?.finding ?? `扣分：${c.code}` } : {}),
      }
    }),
  )
}

/** Overrides that put every criterion on its lowest (0-point) tier except the first `keep`. */
export function failingOverrides(catalogue: Catalogue = SERVICE_LEAP_V2, keep = 10): SheetOverrides {
  const out: SheetOverrides = {}
  catalogue.dimensions
    .flatMap((d) => d.criteria)
    .forEach((c, i) => {
      if (i >= keep) out[c.code] = { tier: c.tiers.length - 1, finding: `未辦理：${c.title.zh}` }
    })
  return out
}

/** Where a sample inspection should stand. `signed-failing` is signed below the pass threshold. */
export type SampleStage = 'draft' | 'scoring' | 'consensus' | 'signed' | 'signed-failing'

let sampleSequence = 0

/** The stored SERVICE_LEAP_V2 catalogue of this database (inserted, unlocked, on first use). */
export async function sampleCatalogueId(db: Kysely<Database>): Promise<number> {
  const found = await db.selectFrom('catalogue').select('id').where('code', '=', SERVICE_LEAP_V2.id).where('version', '=', SERVICE_LEAP_V2.version).executeTakeFirst()
  if (found) return found.id
  const row = await db
    .insertInto('catalogue')
    .values({ code: SERVICE_LEAP_V2.id, version: SERVICE_LEAP_V2.version, title: SERVICE_LEAP_V2.title.zh, effectiveRocYear: SERVICE_LEAP_V2.effectiveRocYear, data: JSON.stringify(SERVICE_LEAP_V2) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * A fresh round (a ROC year no other sample used) whose roster holds the fixture convener,
 * member and secretary. Fast: straight inserts, for access-matrix samples.
 */
export async function sampleRound(db: Kysely<Database>, users: FixtureUsers): Promise<{ roundId: number; rocYear: number }> {
  sampleSequence += 1
  // Past years (ROC 2–99, 1913–2010): a sample inspection has happened, so the unannounced rule
  // (branches see an inspection from its day on) does not hide it from its branch.
  const rocYear = 2 + (sampleSequence % 98)
  const catalogueId = await sampleCatalogueId(db)
  const { id: roundId } = await db.insertInto('round').values({ rocYear, half: 1, catalogueId }).returning('id').executeTakeFirstOrThrow()
  await db
    .insertInto('roundMember')
    .values([
      { roundId, userId: users.convener.id, role: 'convener' },
      { roundId, userId: users.member.id, role: 'member' },
      { roundId, userId: users.secretary.id, role: 'secretary' },
    ])
    .execute()
  return { roundId, rocYear }
}

/**
 * An inspection of `branchId` in a fresh sample round, at `stage`: consensus rows filled for
 * `consensus` and later, the result snapshot written for signed stages (through the domain), and
 * the branch given units. Returns what a procedure input needs.
 */
export async function sampleInspection(
  db: Kysely<Database>,
  users: FixtureUsers,
  branchId: number,
  stage: SampleStage = 'draft',
): Promise<{ inspectionId: number; roundId: number; version: number; unitId: number }> {
  await ensureUnits(db)
  const { roundId, rocYear } = await sampleRound(db, users)
  const status = stage === 'signed-failing' ? 'signed' : stage
  const { id: inspectionId } = await db
    .insertInto('inspection')
    // Signed rows get their result below: the check constraint wants both at once.
    .values({ roundId, branchId, inspectedOn: `${rocYear + 1911}-03-01`, status: status === 'signed' ? 'consensus' : status })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (stage === 'consensus' || stage === 'signed' || stage === 'signed-failing') {
    const sheet = fullSheet(SERVICE_LEAP_V2, stage === 'signed-failing' ? failingOverrides() : {})
    await db
      .insertInto('consensusScore')
      .values(
        sheet.map((e) => {
          const tier = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria).find((c) => c.code === e.criterionCode)!.tiers.find((t) => t.id === e.tierId)!
          return { inspectionId, criterionCode: e.criterionCode, tierId: e.tierId, points: tier.points, finding: e.finding ?? null, decidedBy: users.convener.id }
        }),
      )
      .execute()
    if (status === 'signed') {
      const result = scoreSheet(SERVICE_LEAP_V2, sheet)
      await db
        .updateTable('inspection')
        .set({
          status: 'signed',
          totalPoints: result.total,
          passThreshold: result.passThreshold,
          passed: result.passed,
          dimensionTotals: JSON.stringify(result.dimensions),
          signedAt: new Date(),
          signedBy: users.convener.id,
        })
        .where('id', '=', inspectionId)
        .execute()
    }
  }
  const unit = await db.selectFrom('unit').select('id').where('branchId', '=', branchId).orderBy('id').executeTakeFirstOrThrow()
  return { inspectionId, roundId, version: 1, unitId: unit.id }
}
