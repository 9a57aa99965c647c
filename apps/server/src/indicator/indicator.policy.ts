import type { MatrixWorld, PolicyMap } from '../access/policy.js'
import { sampleRound } from '../remediation/remediation.policy.js'

const everyone = ['admin', 'viewer', 'convener', 'member', 'secretary', 'manager', 'staff'] as const
const enterers = ['admin', 'manager', 'staff'] as const
const period = { from: '2025-01-01', to: '2025-12-31' }

// Committee members read indicators of every branch once they sit on a round.
const seated = (input: (branchId: number) => unknown) => async (world: MatrixWorld, { branchId }: { branchId: number }) => {
  await sampleRound(world)
  return input(branchId)
}

let sequence = 0

export const policy: PolicyMap = {
  'indicator.enterSurveyTallies': {
    allowed: enterers,
    branchScoped: true,
    sampleInput: seated((branchId) => ({
      branchId,
      periodStart: '2025-01-01',
      periodEnd: '2025-06-30',
      surveyKind: 'public',
      tallies: [{ question: `Q${(sequence += 1)}`, scale: 'four', indicator: 'environmentSatisfaction', counts: [80, 23, 1, 2], invalid: 0 }],
    })),
  },
  'indicator.listSurveyTallies': { allowed: everyone, branchScoped: true, sampleInput: seated((branchId) => ({ branchId, ...period })) },
  'indicator.enterPhoneTests': {
    allowed: enterers,
    branchScoped: true,
    sampleInput: seated((branchId) => ({ branchId, tests: [{ testedOn: '2025-03-01', person: '總機', total: 92 }] })),
  },
  'indicator.listPhoneTests': { allowed: everyone, branchScoped: true, sampleInput: seated((branchId) => ({ branchId, ...period })) },
  'indicator.enterPetitions': {
    allowed: enterers,
    branchScoped: true,
    sampleInput: seated((branchId) => ({ branchId, petitions: [{ receivedOn: '2025-03-01', closedOn: '2025-03-05', category: '其他', channel: '書面' }] })),
  },
  'indicator.listPetitions': { allowed: everyone, branchScoped: true, sampleInput: seated((branchId) => ({ branchId, ...period })) },
  'indicator.summary': { allowed: everyone, branchScoped: true, sampleInput: seated((branchId) => ({ branchId, ...period })) },
}
