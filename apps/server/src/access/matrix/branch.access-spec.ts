import type { PolicyMap } from './access-spec.js'

export const policy: PolicyMap = {
  // Public reference data: the sign-in page shows the branch names.
  'branch.list': { allowed: 'anyone' },
}
