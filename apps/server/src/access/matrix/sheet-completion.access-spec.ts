import { type PolicyMap, SIGNED_IN_ROLES } from './access-spec.js'
import { sampleInspection } from '../../test/inspection-world.js'

const everyone = SIGNED_IN_ROLES

export const policy: PolicyMap = {
  // A scorer's own 完成評分 mark: the convener and the members, never the secretary or agency.
  'inspection.completion.set': {
    allowed: ['convener', 'member'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({ inspectionId: (await sampleInspection(world.db, world.users, branchId, 'scoring')).inspectionId, done: false }),
  },
  'inspection.completion.list': {
    allowed: everyone,
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({ inspectionId: (await sampleInspection(world.db, world.users, branchId, 'scoring')).inspectionId }),
  },
}
