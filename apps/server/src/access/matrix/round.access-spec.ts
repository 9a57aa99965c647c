import type { PolicyMap } from './access-spec.js'
import { sampleCatalogueId, sampleInspection, sampleRound } from '../../test/inspection-world.js'

let year = 100

export const policy: PolicyMap = {
  'round.list': { allowed: 'signedIn' },
  // Visible to agency users, the round's committee, and branches inspected in it.
  'round.byId': {
    allowed: ['admin', 'viewer', 'convener', 'member', 'secretary', 'manager', 'staff'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({ id: (await sampleInspection(world.db, world.users, branchId)).roundId }),
  },
  'round.create': {
    allowed: ['admin'],
    sampleInput: async (world) => ({
      rocYear: (year = year >= 300 ? 100 : year + 1),
      half: 1,
      catalogueId: await sampleCatalogueId(world.db),
      roster: [
        { userId: world.users.convener.id, role: 'convener' },
        { userId: world.users.member.id, role: 'member' },
        { userId: world.users.secretary.id, role: 'secretary' },
      ],
    }),
  },
  'round.updateRoster': {
    allowed: ['admin'],
    sampleInput: async (world) => ({
      roundId: (await sampleRound(world.db, world.users)).roundId,
      roster: [
        { userId: world.users.convener.id, role: 'convener' },
        { userId: world.users.member.id, role: 'member' },
      ],
    }),
  },
  'round.closePreview': {
    allowed: ['admin'],
    sampleInput: async (world) => ({ id: (await sampleRound(world.db, world.users)).roundId }),
  },
  // A round without inspections or items: nothing blocks closing, nothing to carry.
  'round.close': {
    allowed: ['admin'],
    sampleInput: async (world) => ({ id: (await sampleRound(world.db, world.users)).roundId, expectedCarryCount: 0 }),
  },
  // The member themself: any seat on the round's roster.
  'round.declareConflict': {
    allowed: ['convener', 'member', 'secretary'],
    branchScoped: true,
    sampleInput: async (world, { branchId }) => ({
      roundId: (await sampleInspection(world.db, world.users, branchId)).roundId,
      branchId,
      reason: '曾任職該分署 (worked there)',
    }),
  },
}
