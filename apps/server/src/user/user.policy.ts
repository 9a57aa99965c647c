import type { PolicyMap } from '../access/policy.js'
import { createTestUser } from '../test/fixtures.js'

let n = 0

export const policy: PolicyMap = {
  'user.list': { allowed: ['admin'] },
  'user.create': {
    allowed: ['admin'],
    sampleInput: () => ({ username: `matrix-user-${++n}`, displayName: '矩陣', role: 'viewer', password: 'matrix-password' }),
  },
  'user.update': {
    allowed: ['admin'],
    sampleInput: async (world) => ({ id: (await createTestUser(world.db, { role: 'staff' })).id, displayName: '改名' }),
  },
  'user.deactivate': {
    allowed: ['admin'],
    sampleInput: async (world) => ({ id: (await createTestUser(world.db, { role: 'staff' })).id }),
  },
  'user.activate': {
    allowed: ['admin'],
    sampleInput: async (world) => ({ id: (await createTestUser(world.db, { role: 'staff' })).id }),
  },
}
