import type { PolicyMap } from '../access/policy.js'

export const policy: PolicyMap = {
  'audit.list': { allowed: ['admin', 'viewer'], sampleInput: () => ({ limit: 10 }) },
}
