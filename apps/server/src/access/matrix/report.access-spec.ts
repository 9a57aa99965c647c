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
    // Each section is saved with the version it was read at (0 when never written).
    sampleInput: async (world, { branchId }) => {
      const key = await sampleReport(world, branchId)
      const stored = await world.db
        .selectFrom('reportNarrative')
        .select('version')
        .where('branchId', '=', key.branchId)
        .where('rocYear', '=', key.rocYear)
        .where('report', '=', key.report)
        .where('sectionKey', '=', 'basic.consistency')
        .executeTakeFirst()
      return { ...key, sections: { 'basic.consistency': { text: '一樓設置繳款流程圖。', expectedVersion: stored?.version ?? 0 } } }
    },
  },
}
