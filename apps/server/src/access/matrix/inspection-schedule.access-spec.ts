import type { PolicyMap } from './access-spec.js'
import { sampleInspection, sampleRound } from '../../test/inspection-world.js'

/** A draft inspection's round year, for a date inside its half year. */
async function draftSample(world: Parameters<NonNullable<PolicyMap[string]['sampleInput']>>[0], branchId: number) {
  const { inspectionId, roundId } = await sampleInspection(world.db, world.users, branchId, 'draft')
  const { rocYear } = await world.db.selectFrom('round').select('rocYear').where('id', '=', roundId).executeTakeFirstOrThrow()
  return { inspectionId, rocYear }
}

// Scheduling is kept from branch accounts whatever the record (unannounced inspections): FORBIDDEN
// by role, never NOT_FOUND-or-not depending on what exists.
export const policy: PolicyMap = {
  'inspection.schedule': {
    allowed: ['admin', 'viewer', 'convener', 'member', 'secretary'],
    sampleInput: async (world) => ({ roundId: (await sampleRound(world.db, world.users)).roundId }),
  },
  'inspection.upcoming': {
    allowed: ['admin', 'viewer', 'convener', 'member', 'secretary'],
    // No input: the committee users need a seat somewhere to have a list.
    sampleInput: async (world) => {
      await sampleRound(world.db, world.users)
      return undefined
    },
  },
  'inspection.reschedule': {
    allowed: ['admin', 'convener'],
    sampleInput: async (world, { branchId }) => {
      const { inspectionId, rocYear } = await draftSample(world, branchId)
      return { id: inspectionId, expectedVersion: 1, inspectedOn: `${rocYear + 1911}-05-02` }
    },
  },
  'inspection.cancel': {
    allowed: ['admin', 'convener'],
    sampleInput: async (world, { branchId }) => ({ id: (await draftSample(world, branchId)).inspectionId, expectedVersion: 1 }),
  },
}
