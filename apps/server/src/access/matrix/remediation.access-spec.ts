import { SERVICE_LEAP_V2, type RemediationStatus } from '@leap/domain'
import { type MatrixWorld, type PolicyMap, SIGNED_IN_ROLES } from './access-spec.js'
import { ensureUnits, insertCatalogue, insertSignedInspection } from '../../test/remediation-world.js'

let sequence = 0

/** Puts the fixture committee on the round's roster (idempotent). */
async function seatCommittee(world: MatrixWorld, roundId: number): Promise<void> {
  const { convener, member, secretary } = world.users
  await world.db
    .insertInto('roundMember')
    .values([
      { roundId, userId: convener.id, role: 'convener' },
      { roundId, userId: member.id, role: 'member' },
      { roundId, userId: secretary.id, role: 'secretary' },
    ])
    .onConflict((oc) => oc.columns(['roundId', 'userId']).doNothing())
    .execute()
}

async function catalogueId(world: MatrixWorld): Promise<number> {
  const found = await world.db.selectFrom('catalogue').select('id').where('code', '=', SERVICE_LEAP_V2.id).where('version', '=', SERVICE_LEAP_V2.version).executeTakeFirst()
  return found?.id ?? insertCatalogue(world.db, SERVICE_LEAP_V2)
}

/** A fresh round (a ROC year no one else uses) with the committee seated; `withNext` adds the following half. */
export async function sampleRound(world: MatrixWorld, withNext = false): Promise<{ roundId: number; nextRoundId: number | null }> {
  sequence += 1
  const rocYear = 500 + sequence
  const cat = await catalogueId(world)
  const rows = await world.db
    .insertInto('round')
    .values(withNext ? [{ rocYear, half: 1, catalogueId: cat }, { rocYear, half: 2, catalogueId: cat }] : [{ rocYear, half: 1, catalogueId: cat }])
    .returning('id')
    .execute()
  for (const r of rows) await seatCommittee(world, r.id)
  return { roundId: rows[0]!.id, nextRoundId: rows[1]?.id ?? null }
}

/** A fresh signed inspection of `branchId` deducting `website` and `phone-courtesy`, in a fresh round. */
export async function sampleInspection(world: MatrixWorld, branchId: number): Promise<{ inspectionId: number; roundId: number; nextRoundId: number | null }> {
  const round = await sampleRound(world, true)
  await ensureUnits(world.db, branchId)
  const inspectionId = await insertSignedInspection(world.db, {
    roundId: round.roundId,
    branchId,
    signedBy: world.users.convener.id,
    catalogue: SERVICE_LEAP_V2,
    deducted: ['website', 'phone-courtesy'],
  })
  return { inspectionId, ...round }
}

/** A remediation item of `branchId` in the given status (version 1), in a fresh round with the committee seated. */
export async function sampleItem(world: MatrixWorld, branchId: number, status: RemediationStatus = 'open'): Promise<{ id: number; roundId: number }> {
  const { inspectionId, roundId } = await sampleInspection(world, branchId)
  const units = await ensureUnits(world.db, branchId)
  const item = await world.db
    .insertInto('remediationItem')
    .values({
      inspectionId,
      branchId,
      roundId,
      criterionCode: 'website',
      unitId: units['統計室']!,
      title: '網站資訊更新',
      finding: '更新時間未標示',
      dueDate: '2025-06-30',
      status,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: item.id, roundId }
}

const everyone = SIGNED_IN_ROLES
const committee = ['admin', 'convener', 'secretary'] as const

const transition = (status: RemediationStatus, extra: Record<string, unknown> = {}) => async (world: MatrixWorld, { branchId }: { branchId: number }) => ({
  id: (await sampleItem(world, branchId, status)).id,
  expectedVersion: 1,
  ...extra,
})

export const policy: PolicyMap = {
  'remediation.list': { allowed: 'signedIn', sampleInput: () => ({}) },
  'remediation.byId': { allowed: everyone, branchScoped: true, sampleInput: transition('open') },
  'remediation.createFromInspection': {
    allowed: committee,
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({
      inspectionId: (await sampleInspection(world, branchId)).inspectionId,
      items: [{ criterionCode: 'website', dueDate: '2025-06-30' }],
    }),
  },
  'remediation.start': { allowed: ['manager', 'staff'], branchScoped: true, sampleInput: transition('open') },
  'remediation.postProgress': { allowed: ['manager', 'staff'], branchScoped: true, sampleInput: transition('in_progress', { note: '進度' }) },
  'remediation.submit': { allowed: ['manager'], branchScoped: true, sampleInput: transition('in_progress', { note: '完成' }) },
  'remediation.verify': { allowed: committee, branchScoped: true, sampleInput: transition('submitted') },
  'remediation.return': { allowed: committee, branchScoped: true, sampleInput: transition('submitted', { note: '補件' }) },
  'remediation.cancel': { allowed: committee, branchScoped: true, sampleInput: transition('open', { note: '誤列' }) },
  'remediation.reopen': { allowed: committee, branchScoped: true, sampleInput: transition('closed', { note: '再查' }) },
  'remediation.bulk': {
    allowed: committee,
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({ action: 'verify', items: [{ id: (await sampleItem(world, branchId, 'submitted')).id, expectedVersion: 1 }] }),
  },
  'remediation.carryOver': {
    allowed: committee,
    // sampleItem's round comes with its next half, so there is somewhere to carry to.
    sampleInput: async (world, { branchId }) => ({ roundId: (await sampleItem(world, branchId, 'open')).roundId }),
  },
  'dashboard.remediationCounts': { allowed: 'signedIn', sampleInput: () => ({}) },
}
