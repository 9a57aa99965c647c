import { parseCatalogue } from '@leap/domain'
import { TRPCError } from '@trpc/server'
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

/** Catalogue content as posted; its structure is checked by @leap/domain, here only its size. */
const catalogueData = z
  .record(z.string(), z.unknown())
  .refine((d) => JSON.stringify(d).length <= 500_000, { message: 'catalogue larger than 500 kB' })

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
   * Stores a new version of a catalogue (agency admin). The server numbers it: the next version of
   * `data.id` (1 for a new code), whatever `data.version` says. The content is validated by
   * @leap/domain; a refusal is BAD_REQUEST with `fieldErrors` naming each path (e.g.
   * `dimensions.0.criteria.2.maxPoints`).
   */
  create: adminProcedure.input(z.object({ data: catalogueData })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
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
  return new TRPCError({
    code: 'PRECONDITION_FAILED',
    message: '此評分表已用於考核，不得修改；請建立新版本 (catalogue in use: create a new version)',
  })
}
