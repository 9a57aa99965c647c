import type { PolicyMap } from './access-spec.js'
import { createTestUser, FIXTURE_PASSWORD } from '../../test/fixtures.js'

export const policy: PolicyMap = {
  'auth.login': {
    allowed: 'anyone',
    sampleInput: (world) => ({ username: world.users.staff.username, password: FIXTURE_PASSWORD }),
  },
  'auth.me': { allowed: 'anyone' },
  'auth.logout': { allowed: 'signedIn' },
  'auth.logoutAll': { allowed: 'signedIn' },
  // Each role changes its own password once per world.
  'auth.changePassword': {
    allowed: 'signedIn',
    sampleInput: (_world, { role }) => ({ currentPassword: FIXTURE_PASSWORD, newPassword: `changed-${role}-password` }),
  },
  // A fresh account holding a one-time password each call: anyone (signed in or not) may replace it.
  'auth.changeOneTimePassword': {
    allowed: 'anyone',
    sampleInput: async (world) => {
      const user = await createTestUser(world.db, { role: 'staff' })
      await world.db.updateTable('appUser').set({ mustChangePassword: true }).where('id', '=', user.id).execute()
      return { username: user.username, oneTimePassword: FIXTURE_PASSWORD, newPassword: 'a-brand-new-password' }
    },
  },
}
