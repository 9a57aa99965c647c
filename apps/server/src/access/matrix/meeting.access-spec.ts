import type { MatrixWorld, PolicyMap } from './access-spec.js'
import { sampleItem, sampleRound } from './remediation.access-spec.js'

async function sampleMeeting(world: MatrixWorld, roundId?: number): Promise<number> {
  const round = roundId ?? (await sampleRound(world)).roundId
  const row = await world.db.insertInto('meeting').values({ roundId: round, heldOn: '2025-04-15', title: '任務編組會議' }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

const committee = ['admin', 'convener', 'secretary'] as const

export const policy: PolicyMap = {
  'meeting.list': { allowed: 'signedIn', sampleInput: () => ({}) },
  'meeting.byId': { allowed: 'signedIn', sampleInput: async (world) => ({ id: await sampleMeeting(world) }) },
  'meeting.create': { allowed: committee, sampleInput: async (world) => ({ roundId: (await sampleRound(world)).roundId, heldOn: '2025-04-15', title: '第1次會議' }) },
  'meeting.updateMinutes': { allowed: committee, sampleInput: async (world) => ({ id: await sampleMeeting(world), minutes: '決議：持續列管', expectedVersion: 1 }) },
  'meeting.recordItems': {
    allowed: committee,
    sampleInput: async (world, { branchId }) => {
      const item = await sampleItem(world, branchId)
      return { id: await sampleMeeting(world, item.roundId), items: [{ remediationItemId: item.id, note: '持續列管' }] }
    },
  },
}
