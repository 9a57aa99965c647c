import type { PolicyMap } from './access-spec.js'

export const policy: PolicyMap = {
  // Everyone's own queue: what it lists depends on the caller, never on an input.
  'work.mine': { allowed: 'signedIn' },
  'work.defaults': { allowed: 'signedIn' },
}
