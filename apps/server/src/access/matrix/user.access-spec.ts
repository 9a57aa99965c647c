import type { PolicyMap } from './access-spec.js'
import { createTestUser } from '../../test/fixtures.js'

let n = 0

/** An administrator's action on an account: a fresh staff account each time. */
const onAStaffAccount: PolicyMap[string] = {
  allowed: ['admin'],
  sampleInput: async (world) => ({ id: (await createTestUser(world.db, { role: 'staff' })).id }),
}

export const policy: PolicyMap = {
  'user.list': { allowed: ['admin'], sampleInput: () => ({ search: 'a', role: 'staff', active: true }) },
  'user.create': {
    allowed: ['admin'],
    sampleInput: () => ({ username: `matrix-user-${++n}`, displayName: '矩陣', email: `matrix-${n}@example.tw`, role: 'viewer' }),
  },
  'user.update': {
    allowed: ['admin'],
    sampleInput: async (world) => ({ id: (await createTestUser(world.db, { role: 'staff' })).id, displayName: '改名', email: 'renamed@example.tw' }),
  },
  'user.deactivate': onAStaffAccount,
  'user.activate': onAStaffAccount,
  'user.resetPassword': onAStaffAccount,
  'user.clearLock': onAStaffAccount,
}
