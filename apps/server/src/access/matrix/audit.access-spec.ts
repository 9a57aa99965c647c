import type { PolicyMap } from './access-spec.js'

export const policy: PolicyMap = {
  'audit.list': { allowed: ['admin', 'viewer'], sampleInput: () => ({ limit: 10, action: 'user.create', from: new Date('2020-01-01') }) },
  'audit.filterChoices': { allowed: ['admin', 'viewer'] },
  'audit.export': { allowed: ['admin', 'viewer'], sampleInput: () => ({ from: new Date('2020-01-01') }) },
}
