import { SERVICE_LEAP_V2 } from '@leap/domain'
import type { MatrixWorld, PolicyMap } from './access-spec.js'
import { sampleCatalogueId } from '../../test/inspection-world.js'

let sequence = 0

/** A fresh pair of catalogue versions (a new code each call), so every allowed caller saves a first mapping. */
async function samplePair(world: MatrixWorld): Promise<{ fromId: number; toId: number }> {
  const code = `matrix-map-${++sequence}`
  const rows = await world.db
    .insertInto('catalogue')
    .values([1, 2].map((version) => ({ code, version, title: SERVICE_LEAP_V2.title.zh, effectiveRocYear: SERVICE_LEAP_V2.effectiveRocYear, data: JSON.stringify({ ...SERVICE_LEAP_V2, id: code, version }) })))
    .returning('id')
    .execute()
  return { fromId: rows[0]!.id, toId: rows[1]!.id }
}

const sameLinks = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria.map((c) => ({ kind: 'same' as const, from: [c.code], to: [c.code] })))

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
  // Comparing and reading mappings: reference data, like the catalogues themselves.
  'catalogue.compare': { allowed: 'signedIn', sampleInput: (world) => samplePair(world) },
  'catalogue.mapping': { allowed: 'signedIn', sampleInput: (world) => samplePair(world) },
  'catalogue.mappings': { allowed: 'signedIn' },
  'catalogue.saveMapping': {
    allowed: ['admin'],
    sampleInput: async (world) => ({ ...(await samplePair(world)), expectedVersion: 0, note: '', links: sameLinks }),
  },
  'catalogue.validate': { allowed: ['admin'], sampleInput: () => ({ data: { ...SERVICE_LEAP_V2 } }) },
  // Stored drafts of a new version: the agency admin's work in progress.
  'catalogue.drafts': { allowed: ['admin'] },
  'catalogue.draft': { allowed: ['admin'], sampleInput: async (world) => ({ id: await sampleDraftId(world) }) },
  'catalogue.saveDraft': { allowed: ['admin'], sampleInput: async (world) => ({ baseCatalogueId: await sampleCatalogueId(world.db), data: { ...SERVICE_LEAP_V2 } }) },
  'catalogue.deleteDraft': { allowed: ['admin'], sampleInput: async (world) => ({ id: await sampleDraftId(world), expectedVersion: 1 }) },
}

/** A fresh stored draft (one per call: a delete consumes it). */
async function sampleDraftId(world: MatrixWorld): Promise<number> {
  const row = await world.db.insertInto('catalogueDraft').values({ baseCatalogueId: null, data: JSON.stringify(SERVICE_LEAP_V2) }).returning('id').executeTakeFirstOrThrow()
  return row.id
}
