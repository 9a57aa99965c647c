import { type PolicyMap, SIGNED_IN_ROLES } from './access-spec.js'
import { sampleInspection } from '../../test/inspection-world.js'

const everyone = SIGNED_IN_ROLES

export const policy: PolicyMap = {
  'dashboard.overview': { allowed: 'signedIn' },
  'dashboard.branchTrend': {
    allowed: everyone,
    branchScoped: true,
    sampleInput: async (world, { branchId }) => {
      await sampleInspection(world.db, world.users, branchId, 'signed')
      return { branchId }
    },
  },
  'dashboard.dimensions': {
    allowed: everyone,
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({ roundId: (await sampleInspection(world.db, world.users, branchId, 'signed')).roundId }),
  },
}
