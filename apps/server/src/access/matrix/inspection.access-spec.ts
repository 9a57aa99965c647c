import { type PolicyMap, SIGNED_IN_ROLES } from './access-spec.js'
import { sampleInspection } from '../../test/inspection-world.js'

const everyone = SIGNED_IN_ROLES

export const policy: PolicyMap = {
  'inspection.list': { allowed: 'signedIn' },
  'inspection.byId': {
    allowed: everyone,
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({ id: (await sampleInspection(world.db, world.users, branchId, 'signed')).inspectionId }),
  },
  'inspection.evidence.list': {
    allowed: everyone,
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({ inspectionId: (await sampleInspection(world.db, world.users, branchId, 'signed')).inspectionId }),
  },
  'inspection.create': {
    allowed: ['admin', 'convener'],
    sampleInput: async (world, { branchId }) => {
      const { roundId } = await sampleInspection(world.db, world.users, world.otherBranchId)
      const { rocYear } = await world.db.selectFrom('round').select('rocYear').where('id', '=', roundId).executeTakeFirstOrThrow()
      return { roundId, branchId, inspectedOn: `${rocYear + 1911}-04-01` }
    },
  },
  'inspection.startScoring': {
    allowed: ['admin', 'convener'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({ id: (await sampleInspection(world.db, world.users, branchId, 'draft')).inspectionId, expectedVersion: 1 }),
  },
  'inspection.score.save': {
    allowed: ['convener', 'member'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({
      inspectionId: (await sampleInspection(world.db, world.users, branchId, 'scoring')).inspectionId,
      criterionCode: 'website',
      tierId: 'A',
      expectedVersion: 0,
    }),
  },
  'inspection.score.saveMany': {
    allowed: ['convener', 'member'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({
      inspectionId: (await sampleInspection(world.db, world.users, branchId, 'scoring')).inspectionId,
      entries: [
        { criterionCode: 'website', tierId: 'A', expectedVersion: 0 },
        { criterionCode: 'facilities', tierId: 'A', expectedVersion: 0 },
      ],
    }),
  },
  'inspection.score.mine': {
    allowed: everyone,
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({ inspectionId: (await sampleInspection(world.db, world.users, branchId, 'scoring')).inspectionId }),
  },
  // The committee's working table: convener, secretary and agency users, not members or branches.
  'inspection.consensus.view': {
    allowed: ['admin', 'viewer', 'convener', 'secretary'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({ inspectionId: (await sampleInspection(world.db, world.users, branchId, 'scoring')).inspectionId }),
  },
  'inspection.consensus.save': {
    allowed: ['convener'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({
      inspectionId: (await sampleInspection(world.db, world.users, branchId, 'scoring')).inspectionId,
      entries: [{ criterionCode: 'website', tierId: 'A', expectedVersion: 0 }],
    }),
  },
  'inspection.sign': {
    allowed: ['convener'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({ id: (await sampleInspection(world.db, world.users, branchId, 'consensus')).inspectionId, expectedVersion: 1 }),
  },
  'inspection.close': {
    allowed: ['admin', 'convener'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({ id: (await sampleInspection(world.db, world.users, branchId, 'signed')).inspectionId, expectedVersion: 1 }),
  },
}
