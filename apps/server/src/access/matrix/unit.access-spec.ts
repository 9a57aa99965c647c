import type { PolicyMap } from './access-spec.js'
import type { MatrixWorld } from './access-spec.js'

let n = 0

async function sampleUnit(world: MatrixWorld, branchId: number): Promise<number> {
  const row = await world.db.insertInto('unit').values({ branchId, name: `矩陣單位 ${++n}` }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export const policy: PolicyMap = {
  'unit.list': {
    allowed: ['admin', 'viewer', 'convener', 'member', 'secretary', 'manager', 'staff'],
    branchScoped: true,
    sampleInput: (_world, target) => ({ branchId: target.branchId, includeRetired: true }),
  },
  'unit.create': { allowed: ['admin'], sampleInput: (world) => ({ branchId: world.ownBranchId, name: `矩陣新單位 ${++n}` }) },
  'unit.rename': { allowed: ['admin'], sampleInput: async (world) => ({ id: await sampleUnit(world, world.ownBranchId), name: `矩陣改名 ${++n}` }) },
  'unit.retire': { allowed: ['admin'], sampleInput: async (world) => ({ id: await sampleUnit(world, world.ownBranchId) }) },
  'unit.restore': {
    allowed: ['admin'],
    sampleInput: async (world) => {
      const id = await sampleUnit(world, world.ownBranchId)
      await world.db.updateTable('unit').set({ retiredAt: new Date() }).where('id', '=', id).execute()
      return { id }
    },
  },
}
