import { type MatrixWorld, type PolicyMap, SIGNED_IN_ROLES } from './access-spec.js'
import { sampleRound } from './remediation.access-spec.js'

const everyone = SIGNED_IN_ROLES
const period = { from: '2025-01-01', to: '2025-12-31' }

export const policy: PolicyMap = {
  // Readers as for indicators: committee members once they sit on a round; branch users their own branch.
  'cadence.branches': {
    allowed: everyone,
    branchScoped: true,
    sampleInput: async (world: MatrixWorld, { branchId }: { branchId: number }) => {
      await sampleRound(world)
      return { branchId, ...period }
    },
  },
}
