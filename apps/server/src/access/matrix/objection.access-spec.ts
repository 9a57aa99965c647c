import type { MatrixWorld, PolicyMap } from './access-spec.js'
import { sampleRound } from './remediation.access-spec.js'

const everyone = ['admin', 'viewer', 'convener', 'member', 'secretary', 'manager', 'staff'] as const
const enterers = ['admin', 'manager', 'staff'] as const
const period = { from: '2025-01-01', to: '2025-12-31' }

// Committee members read indicators of every branch once they sit on a round (as petitions).
const seated = (input: (world: MatrixWorld, branchId: number) => Promise<unknown> | unknown) => async (world: MatrixWorld, { branchId }: { branchId: number }) => {
  await sampleRound(world)
  return input(world, branchId)
}

/** A fresh objection of the branch (version 1), for the correct/delete samples. */
async function sampleObjection(world: MatrixWorld, branchId: number): Promise<number> {
  const row = await world.db.insertInto('objection').values({ branchId, receivedOn: '2025-03-01', createdBy: null }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export const policy: PolicyMap = {
  'objection.enter': {
    allowed: enterers,
    branchScoped: true,
    sampleInput: seated((_world, branchId) => ({ branchId, objections: [{ receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-03-08' }] })),
  },
  'objection.correct': {
    allowed: enterers,
    branchScoped: true,
    sampleInput: seated(async (world, branchId) => ({ id: await sampleObjection(world, branchId), expectedVersion: 1, finding: 'wellFounded', correctedOn: '2025-03-02' })),
  },
  'objection.delete': {
    allowed: enterers,
    branchScoped: true,
    sampleInput: seated(async (world, branchId) => ({ id: await sampleObjection(world, branchId), expectedVersion: 1 })),
  },
  'objection.list': { allowed: everyone, branchScoped: true, sampleInput: seated((_world, branchId) => ({ branchId, ...period })) },
}
