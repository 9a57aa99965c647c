import { validateCatalogue, type DomainIssue } from '@leap/domain'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { notFound } from '../access/branch-scope.js'
import { recordAudit, type AuditContext } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import { rowId } from '../db/row-id.js'
import { versionedDelete, versionedUpdate } from '../db/versioned-write.js'
import { adminProcedure } from '../trpc/init.js'
import { deleteDraft, findDraft, insertDraft, listDrafts, updateDraft, type CatalogueDraftRecord } from './catalogue-draft.repository.js'
import { findCatalogue } from './catalogue.repository.js'

/** Catalogue content as posted; its structure is checked by @leap/domain, here only its size. */
export const catalogueData = z
  .record(z.string(), z.unknown())
  .refine((d) => JSON.stringify(d).length <= 500_000, { message: 'catalogue larger than 500 kB' })

/** Every problem the domain's validateCatalogue finds in draft content (version set: the server numbers it). */
export function draftIssues(data: Record<string, unknown>): DomainIssue[] {
  const result = validateCatalogue({ ...data, version: 1 })
  return result.ok ? [] : result.issues
}

const withIssues = (d: CatalogueDraftRecord) => ({ ...d, issues: draftIssues(d.data) })
/** What the audit trail keeps of a draft. */
const draftSnapshot = (d: CatalogueDraftRecord) => ({ version: d.version, data: d.data })

/**
 * Stored catalogue drafts (migration 0021), agency admin only: a new version drafted from one in
 * use, edited as data, saved as often as wanted (it need not be valid yet), read back after a
 * reload with the domain's problems — each with its path (`dimensions.0.criteria.2.tiers`) so the
 * admin names the criterion and the rule — and published by `catalogue.create` with `draftId`.
 */
export const catalogueDraftProcedures = {
  /** Every stored draft (title, the version it started from, last saved), last saved first. */
  drafts: adminProcedure.query(({ ctx }) => listDrafts(ctx.db)),

  /** One stored draft with its content and the domain's problems in it. NOT_FOUND when gone. */
  draft: adminProcedure.input(z.object({ id: rowId })).query(async ({ ctx, input }) => {
    const draft = await findDraft(ctx.db, input.id)
    if (!draft) throw notFound()
    return withIssues(draft)
  }),

  /**
   * Saves a draft: without `id` a new one (from `baseCatalogueId`, NOT_FOUND when that version does
   * not exist), with `id` over the stored one if it is still at `expectedVersion` (else CONFLICT
   * with the current draft). Invalid content is stored as typed; its problems come back in `issues`. Audited.
   */
  saveDraft: adminProcedure
    .input(
      z.union([
        z.object({ baseCatalogueId: rowId, data: catalogueData }),
        z.object({ id: rowId, expectedVersion: rowId, data: catalogueData }),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      if ('id' in input) {
        const saved = await versionedUpdate(ctx.db, ctx, {
          expectedVersion: input.expectedVersion,
          find: (trx) => findDraft(trx, input.id),
          write: (trx) => updateDraft(trx, input.id, input.expectedVersion, input.data, ctx.user.id, ctx.now()),
          audit: { action: 'catalogue.saveDraft', entity: 'catalogue_draft', branchId: null, snapshot: draftSnapshot },
        })
        return withIssues(saved)
      }
      return ctx.db.transaction().execute(async (trx) => {
        if (!(await findCatalogue(trx, input.baseCatalogueId))) throw notFound()
        const created = await insertDraft(trx, input.baseCatalogueId, input.data, ctx.user.id, ctx.now())
        await recordAudit(trx, ctx, { action: 'catalogue.saveDraft', entity: 'catalogue_draft', entityId: String(created.id), branchId: null, before: null, after: { baseCatalogueId: input.baseCatalogueId, version: 1 } })
        return withIssues(created)
      })
    }),

  /** Deletes a draft (same version check as a save). Audited with its content. */
  deleteDraft: adminProcedure.input(z.object({ id: rowId, expectedVersion: rowId })).mutation(async ({ ctx, input }) => {
    await removeDraft(ctx.db, ctx, input.id, input.expectedVersion)
    return { id: input.id }
  }),
}

/**
 * Deletes a stored draft through the versioned-write path — on request, or in the transaction that
 * publishes it: NOT_FOUND when gone, CONFLICT with the current draft when it was saved again since
 * `expectedVersion` (without one, the draft as it is now), one `catalogue.deleteDraft` audit entry
 * keeping its content.
 */
export async function removeDraft(db: Kysely<Database>, ctx: AuditContext, id: number, expectedVersion?: number): Promise<void> {
  await versionedDelete(db, ctx, {
    expectedVersion: expectedVersion ?? (await findDraft(db, id))?.version ?? 0,
    find: (trx) => findDraft(trx, id),
    remove: (trx, before) => deleteDraft(trx, id, before.version),
    audit: { action: 'catalogue.deleteDraft', entity: 'catalogue_draft', branchId: null, snapshot: draftSnapshot },
  })
}
