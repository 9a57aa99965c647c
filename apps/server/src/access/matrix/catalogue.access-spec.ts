import { SERVICE_LEAP_V2 } from '@leap/domain'
import type { PolicyMap } from './access-spec.js'
import { sampleCatalogueId } from '../../test/inspection-world.js'

let sequence = 0

export const policy: PolicyMap = {
  // Catalogues are reference data for every signed-in user.
  'catalogue.list': { allowed: 'signedIn' },
  'catalogue.byId': { allowed: 'signedIn', sampleInput: async (world) => ({ id: await sampleCatalogueId(world.db) }) },
  'catalogue.create': {
    allowed: ['admin'],
    sampleInput: () => ({ data: { ...SERVICE_LEAP_V2, id: `matrix-${++sequence}` } }),
  },
  'catalogue.update': {
    allowed: ['admin'],
    sampleInput: async (world) => ({ id: await sampleCatalogueId(world.db), data: { ...SERVICE_LEAP_V2 } }),
  },
}
