import type { PolicyMap } from '../access/policy.js'
import { FIXTURE_PASSWORD } from '../test/fixtures.js'

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
}
