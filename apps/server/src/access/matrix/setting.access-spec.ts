import type { PolicyMap } from './access-spec.js'

let n = 0

export const policy: PolicyMap = {
  'setting.list': { allowed: ['admin', 'viewer'] },
  'setting.update': {
    allowed: ['admin'],
    // Each call reads the version first, so every allowed call is a fresh, valid change.
    sampleInput: async (world) => {
      const row = await world.db.selectFrom('appSetting').select('version').where('key', '=', 'dueSoonDays').executeTakeFirst()
      return { key: 'dueSoonDays', value: 10 + (++n % 20), expectedVersion: row?.version ?? 0 }
    },
  },
}
