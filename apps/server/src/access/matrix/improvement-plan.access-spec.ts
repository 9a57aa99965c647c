import type { MatrixWorld, PolicyMap } from './access-spec.js'
import { sampleInspection } from '../../test/inspection-world.js'

/** A signed sheet of the branch below the threshold, with a unit and a due date in its round's year. */
async function failingSheet(world: MatrixWorld, branchId: number) {
  const { inspectionId, unitId, roundId } = await sampleInspection(world.db, world.users, branchId, 'signed-failing')
  const { rocYear } = await world.db.selectFrom('round').select('rocYear').where('id', '=', roundId).executeTakeFirstOrThrow()
  return { inspectionId, unitId, dueDate: `${rocYear + 1911}-06-30` }
}

export const policy: PolicyMap = {
  'improvementPlan.byInspection': {
    allowed: ['admin', 'viewer', 'convener', 'member', 'secretary', 'manager', 'staff'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({ inspectionId: (await sampleInspection(world.db, world.users, branchId, 'signed-failing')).inspectionId }),
  },
  // Written by the committee (convener or secretary) for a signed sheet below the threshold.
  'improvementPlan.create': {
    allowed: ['convener', 'secretary'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => {
      const { inspectionId, unitId, dueDate } = await failingSheet(world, branchId)
      return { inspectionId, summary: '改善作法', measures: [{ unitId, criterionCode: null, measure: '加強教育訓練', dueDate }] }
    },
  },
  'improvementPlan.update': {
    allowed: ['convener', 'secretary'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => {
      const { inspectionId, unitId, dueDate } = await failingSheet(world, branchId)
      const { id: planId } = await world.db.insertInto('improvementPlan').values({ inspectionId, summary: '初稿' }).returning('id').executeTakeFirstOrThrow()
      await world.db.insertInto('improvementMeasure').values({ planId, position: 0, unitId, measure: '初稿', dueDate }).execute()
      return { inspectionId, summary: '修正後改善作法', measures: [{ unitId, criterionCode: null, measure: '每月檢討', dueDate }], expectedVersion: 1 }
    },
  },
}
