/**
 * Test support for remediation, meeting and indicator tests: a round of the v2 catalogue with its
 * committee, signed inspections of TPE and ILA whose consensus deducts a few criteria, and units.
 */
import { DEFAULT_UNITS, SERVICE_LEAP_V2, type Catalogue } from '@leap/domain'
import type { Kysely } from 'kysely'
import { insertCatalogue as insertCatalogueVersion } from '../catalogue/catalogue.repository.js'
import type { DatabaseHandle } from '../db/client.js'
import type { Database } from '../db/database.js'
import { callerFor, createFixtureUsers, type FixtureUsers } from './fixtures.js'

/** Criteria the fixture consensus deducts (lowest tier, with a finding); every other one gets its maximum. */
export const DEDUCTED = ['sop-and-forms', 'website', 'phone-courtesy'] as const

export interface RemediationScenario {
  users: FixtureUsers
  catalogueId: number
  roundId: number
  nextRoundId: number
  inspections: { TPE: number; ILA: number }
  units: { TPE: Record<string, number>; ILA: Record<string, number> }
}

/** Inserts the units of a branch (the defaults plus 執行科) if missing; returns their ids by name. */
export async function ensureUnits(db: Kysely<Database>, branchId: number): Promise<Record<string, number>> {
  const names = [...DEFAULT_UNITS, '執行科']
  await db
    .insertInto('unit')
    .values(names.map((name) => ({ branchId, name })))
    .onConflict((oc) => oc.columns(['branchId', 'name']).doNothing())
    .execute()
  const rows = await db.selectFrom('unit').select(['id', 'name']).where('branchId', '=', branchId).execute()
  return Object.fromEntries(rows.map((r) => [r.name, r.id]))
}

/** Inserts a catalogue row for the domain catalogue (through the catalogue repository); returns its id. */
export async function insertCatalogue(db: Kysely<Database>, catalogue: Catalogue): Promise<number> {
  return (await insertCatalogueVersion(db, catalogue, null)).id
}

/** A signed inspection whose consensus deducts `deducted` (lowest tier) and gives the maximum elsewhere. */
export async function insertSignedInspection(
  db: Kysely<Database>,
  input: { roundId: number; branchId: number; signedBy: number; catalogue: Catalogue; deducted: readonly string[] },
): Promise<number> {
  let total = 0
  const scores = input.catalogue.dimensions.flatMap((d) =>
    d.criteria.map((c) => {
      const deduct = input.deducted.includes(c.code)
      const tier = deduct ? c.tiers[c.tiers.length - 1]! : c.tiers[0]!
      total += tier.points
      return { criterionCode: c.code, tierId: tier.id, points: tier.points, finding: deduct ? `${c.title.zh}未達標準` : null }
    }),
  )
  const inspection = await db
    .insertInto('inspection')
    .values({
      roundId: input.roundId,
      branchId: input.branchId,
      inspectedOn: '2025-03-10',
      status: 'signed',
      totalPoints: total,
      passThreshold: input.catalogue.passThreshold,
      passed: total >= input.catalogue.passThreshold,
      dimensionTotals: null,
      signedAt: new Date('2025-03-12T02:00:00Z'),
      signedBy: input.signedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('consensusScore')
    .values(scores.map((s) => ({ ...s, inspectionId: inspection.id })))
    .execute()
  return inspection.id
}

/** Users of every role, the 114/1 round (and 114/2) with the committee on both, two signed inspections. */
export async function createRemediationScenario(db: Kysely<Database>): Promise<RemediationScenario> {
  const users = await createFixtureUsers(db)
  const catalogueId = await insertCatalogue(db, SERVICE_LEAP_V2)
  const [round, next] = await db
    .insertInto('round')
    .values([
      { rocYear: 114, half: 1, catalogueId },
      { rocYear: 114, half: 2, catalogueId },
    ])
    .returning('id')
    .execute()
  for (const r of [round!, next!]) {
    await db
      .insertInto('roundMember')
      .values([
        { roundId: r.id, userId: users.convener.id, role: 'convener' },
        { roundId: r.id, userId: users.member.id, role: 'member' },
        { roundId: r.id, userId: users.secretary.id, role: 'secretary' },
      ])
      .execute()
  }
  const tpe = users.branchIds.TPE!
  const ila = users.branchIds.ILA!
  const base = { roundId: round!.id, signedBy: users.convener.id, catalogue: SERVICE_LEAP_V2, deducted: DEDUCTED }
  return {
    users,
    catalogueId,
    roundId: round!.id,
    nextRoundId: next!.id,
    inspections: {
      TPE: await insertSignedInspection(db, { ...base, branchId: tpe }),
      ILA: await insertSignedInspection(db, { ...base, branchId: ila }),
    },
    units: { TPE: await ensureUnits(db, tpe), ILA: await ensureUnits(db, ila) },
  }
}

/**
 * The remediation items of an inspection's deducted criteria, made by the convener (due
 * 2025-04-30); with `start`, the branch's staff starts the first one. Returns their ids.
 */
export async function createDeductedItems(database: DatabaseHandle, s: RemediationScenario, options: { inspectionId?: number; start?: boolean } = {}): Promise<number[]> {
  const { created } = await callerFor(database, s.users.convener).remediation.createFromInspection({
    inspectionId: options.inspectionId ?? s.inspections.TPE,
    items: DEDUCTED.map((criterionCode) => ({ criterionCode, dueDate: '2025-04-30' })),
  })
  if (options.start) await callerFor(database, s.users.staff).remediation.start({ id: created[0]!, expectedVersion: 1 })
  return created
}
