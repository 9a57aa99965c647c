import { parseCatalogue, type DomainIssue } from '@leap/domain'
import type { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { notFound } from '../access/branch-scope.js'
import { recordAudit } from '../audit/audit.repository.js'
import { adminProcedure, authedProcedure, router } from '../trpc/init.js'
import {
  findCatalogue,
  latestCatalogueVersion,
  listCatalogues,
  insertCatalogue,
  updateUnlockedCatalogue,
} from './catalogue.repository.js'
import { findMapping, insertMapping, listMappings, updateMapping, type CatalogueMappingRecord } from './catalogue-mapping.repository.js'
import { checkedMapping, compareCatalogues, suggestMapping } from './catalogue-mapping.js'
import { versionedUpdate } from '../db/versioned-write.js'
import { refuse, versionConflict } from '../trpc/refusal.js'
import { catalogueData, catalogueDraftProcedures, draftIssues, removeDraft } from './catalogue-draft.js'

/** A mapping link as posted: kind, source and target criterion codes, an optional note. */
const mappingLink = z.object({
  kind: z.enum(['same', 'renamed', 'split', 'merged', 'new', 'retired']),
  from: z.array(z.string().trim().min(1).max(200)).max(1000),
  to: z.array(z.string().trim().min(1).max(200)).max(1000),
  note: z.string().trim().max(2000).optional(),
})

/** A pair of catalogue versions, `from` the older one. */
const pair = z.object({ fromId: rowId, toId: rowId }).refine((p) => p.fromId !== p.toId, { message: 'compare two different versions', path: ['toId'] })

async function bothCatalogues(db: Parameters<typeof findCatalogue>[0], fromId: number, toId: number) {
  const [from, to] = await Promise.all([findCatalogue(db, fromId), findCatalogue(db, toId)])
  if (!from || !to) throw notFound()
  return { from, to }
}

export const catalogueRouter = router({
  /** Every catalogue version (without content), newest version of each code first. Any signed-in user. */
  list: authedProcedure.query(({ ctx }) => listCatalogues(ctx.db)),

  /** One catalogue version with its dimensions, criteria and tiers. Any signed-in user. Throws NOT_FOUND. */
  byId: authedProcedure.input(z.object({ id: rowId })).query(async ({ ctx, input }) => {
    const record = await findCatalogue(ctx.db, input.id)
    if (!record) throw notFound()
    return record
  }),

  /**
   * What changed from one catalogue version to another (any two, any codes): the domain's
   * diffCatalogues changes — catalogue fields, dimensions and criteria added, removed or changed
   * (title = renamed, maxPoints = re-weighted), tiers — with the title of every code so the admin
   * words them without showing codes. Agency staff (anyone signed in may read catalogues).
   */
  compare: authedProcedure.input(pair).query(async ({ ctx, input }) => {
    const { from, to } = await bothCatalogues(ctx.db, input.fromId, input.toId)
    return compareCatalogues(from, to)
  }),

  /**
   * The criterion mapping recorded from version `fromId` to `toId` (`stored`, with its version for
   * the next save), or null, and a `suggested` mapping to start from when none is stored.
   */
  mapping: authedProcedure.input(pair).query(async ({ ctx, input }) => {
    const { from, to } = await bothCatalogues(ctx.db, input.fromId, input.toId)
    const stored = await findMapping(ctx.db, from.id, to.id)
    return { stored: stored ?? null, suggested: stored ? stored.mapping : suggestMapping(from.catalogue, to.catalogue) }
  }),

  /** Every recorded mapping (which pairs of versions have one). */
  mappings: authedProcedure.query(({ ctx }) => listMappings(ctx.db)),

  /**
   * Records the criterion mapping from `fromId` to `toId` (agency admin). Validated by the
   * domain's validateMapping against both catalogues: a refusal is BAD_REQUEST INVALID_CATALOGUE
   * with every problem's path (`links.2.to.0`, `links` for an unmapped criterion). Versioned:
   * `expectedVersion` 0 for the first save of a pair, else the version read; a stale save is
   * CONFLICT with the current mapping. Audited. Changing it moves the dashboard's data version.
   */
  saveMapping: adminProcedure
    .input(
      z.object({
        fromId: rowId,
        toId: rowId,
        expectedVersion: z.number().int().min(0),
        note: z.string().trim().max(4000),
        links: z.array(mappingLink).max(1000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.fromId === input.toId) {
        throw refuse('BAD_REQUEST', 'INVALID_INPUT', { rule: 'sameCatalogue' }, 'toId: a mapping links two different catalogue versions', [{ path: ['toId'], params: { rule: 'sameCatalogue' } }])
      }
      return ctx.db.transaction().execute(async (trx): Promise<CatalogueMappingRecord> => {
        const { from, to } = await bothCatalogues(trx, input.fromId, input.toId)
        const mapping = checkedMapping(from.catalogue, to.catalogue, input)
        const audit = {
          action: 'catalogue.saveMapping',
          entity: 'catalogue_mapping',
          branchId: null,
          snapshot: (r: CatalogueMappingRecord) => ({ from: `${from.title} v${from.version}`, to: `${to.title} v${to.version}`, version: r.version, mapping: r.mapping }),
        }
        if (input.expectedVersion === 0) {
          const created = await insertMapping(trx, from.id, to.id, mapping, ctx.user.id, ctx.now())
          if (!created) throw versionConflict('catalogue_mapping', (await findMapping(trx, from.id, to.id)) ?? null)
          await recordAudit(trx, ctx, { ...audit, entityId: String(created.id), before: null, after: audit.snapshot(created) })
          return created
        }
        return versionedUpdate(trx, ctx, {
          expectedVersion: input.expectedVersion,
          find: (db) => findMapping(db, from.id, to.id),
          write: (db, before) => updateMapping(db, before.id, input.expectedVersion, mapping, ctx.user.id, ctx.now()),
          audit,
        })
      })
    }),

  /**
   * Checks a draft catalogue without storing it (agency admin): every problem the domain's
   * validateCatalogue finds, each with its path (`dimensions.0.criteria.2.tiers`) and English
   * message; the admin words them in Chinese naming the criterion. Empty `issues`: it may be published.
   */
  validate: adminProcedure.input(z.object({ data: catalogueData })).mutation(({ input }): { issues: DomainIssue[] } => ({ issues: draftIssues(input.data) })),

  /** Stored drafts: drafts, draft, saveDraft, deleteDraft (catalogue-draft.ts). */
  ...catalogueDraftProcedures,

  /**
   * Stores a new version of a catalogue (agency admin). The server numbers it: the next version of
   * `data.id` (1 for a new code), whatever `data.version` says. The content is validated by
   * @leap/domain; a refusal is BAD_REQUEST with `fieldErrors` naming each path (e.g.
   * `dimensions.0.criteria.2.maxPoints`). With `draftId` (and that draft's `draftVersion`) the
   * stored draft it was published from is deleted in the same transaction (CONFLICT when the draft
   * was saved again meanwhile, NOT_FOUND when it is gone).
   */
  create: adminProcedure.input(z.object({ data: catalogueData, draftId: rowId.optional(), draftVersion: rowId.optional() })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      if (input.draftId !== undefined) {
        await removeDraft(trx, ctx, input.draftId, input.draftVersion)
      }
      const code = typeof input.data.id === 'string' ? input.data.id.trim() : ''
      const version = (code ? await latestCatalogueVersion(trx, code) : 0) + 1
      const catalogue = parseCatalogue({ ...input.data, version })
      const record = await insertCatalogue(trx, catalogue, ctx.user.id)
      await recordAudit(trx, ctx, {
        action: 'catalogue.create',
        entity: 'catalogue',
        entityId: String(record.id),
        branchId: null,
        before: null,
        after: { code: record.code, version: record.version, title: record.title },
      })
      return record
    })
  }),

  /**
   * Corrects a catalogue version no inspection has used yet (agency admin); code and version stay.
   * Throws NOT_FOUND, BAD_REQUEST with field paths, or PRECONDITION_FAILED when the catalogue is
   * locked — a used catalogue never changes: create a new version instead.
   */
  update: adminProcedure
    .input(z.object({ id: rowId, data: catalogueData }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction().execute(async (trx) => {
        const current = await findCatalogue(trx, input.id)
        if (!current) throw notFound()
        if (current.lockedAt) throw lockedError()
        const catalogue = parseCatalogue({ ...input.data, id: current.code, version: current.version })
        const updated = await updateUnlockedCatalogue(trx, input.id, catalogue)
        if (!updated) throw lockedError()
        await recordAudit(trx, ctx, {
          action: 'catalogue.update',
          entity: 'catalogue',
          entityId: String(updated.id),
          branchId: null,
          before: { title: current.title, catalogue: current.catalogue },
          after: { title: updated.title, catalogue: updated.catalogue },
        })
        return updated
      })
    }),
})

function lockedError(): TRPCError {
  return refuse('PRECONDITION_FAILED', 'ILLEGAL_TRANSITION', { reason: 'catalogueInUse' }, 'catalogue in use: create a new version')
}
