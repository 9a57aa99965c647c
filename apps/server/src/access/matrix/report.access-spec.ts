import type { MatrixWorld, PolicyMap } from './access-spec.js'
import { sampleRound } from './remediation.access-spec.js'

/** A report key for `branchId` in the ROC year of a fresh round the committee sits on. */
async function sampleReport(world: MatrixWorld, branchId: number) {
  const { roundId } = await sampleRound(world)
  const round = await world.db.selectFrom('round').select('rocYear').where('id', '=', roundId).executeTakeFirstOrThrow()
  return { branchId, rocYear: round.rocYear, report: 1 as const }
}

export const policy: PolicyMap = {
  'report.periods': {
    allowed: ['admin', 'viewer', 'convener', 'member', 'secretary', 'manager', 'staff'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => {
      await sampleRound(world)
      return { branchId }
    },
  },
  'report.narrative.get': {
    allowed: ['admin', 'viewer', 'convener', 'member', 'secretary', 'manager', 'staff'],
    branchScoped: true,
    sampleInput: (world, { branchId }) => sampleReport(world, branchId),
  },
  'report.narrative.save': {
    allowed: ['admin', 'manager', 'staff'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({ ...(await sampleReport(world, branchId)), sections: { 'basic.consistency': '一樓設置繳款流程圖。' } }),
  },
}
