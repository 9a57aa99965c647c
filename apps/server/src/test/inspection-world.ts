/**
 * Test support for inspection tests (owned by the inspections helper): a catalogue, a round with
 * its roster and inspections, created through the routers as real users would.
 *
 * ```ts
 * const world = await createInspectionWorld(database)
 * await world.as(world.users.convener).inspection.startScoring({ id: world.inspectionId, expectedVersion: 1 })
 * ```
 */
import { SERVICE_LEAP_V2, type Catalogue } from '@leap/domain'
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
