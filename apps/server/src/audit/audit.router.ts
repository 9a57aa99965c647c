import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { agencyProcedure, router } from '../trpc/init.js'
import { fieldRefusal } from '../user/field-refusal.js'
import { AUDIT_EXPORT_MAX_ROWS, buildAuditWorkbook } from './audit-export.js'
import { auditFilterChoices, queryAudit } from './audit-query.repository.js'

const filterSchema = z
  .object({
    actorId: rowId.optional(),
    action: z.string().max(64).optional(),
    branchId: rowId.optional(),
    entity: z.string().max(64).optional(),
    entityId: z.string().max(64).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { path: ['to'], message: 'the end must be after the start', params: { code: 'DATE_BEFORE', field: 'to', after: 'from' } })

export const auditRouter = router({
  /**
   * Audit entries newest first (agency admin and viewer; read-only), filtered by person
   * (`actorId`), `action`, `branchId`, record (`entity`, `entityId`) and time (`from` inclusive,
   * `to` exclusive). Pages of at most 200; `total` counts all matches. Entries carry the actor's
   * and branch's names.
   */
  list: agencyProcedure
    .input(
      filterSchema.and(
        z.object({
          limit: z.number().int().min(1).max(200).default(50),
          offset: z.number().int().min(0).max(1_000_000).default(0),
        }),
      ),
    )
    .query(({ ctx, input }) => {
      const { limit, offset, ...filter } = input
      return queryAudit(ctx.db, filter, { limit, offset })
    }),

  /** The actions, records and people present in the log, for the filters (agency admin and viewer). */
  filterChoices: agencyProcedure.query(({ ctx }) => auditFilterChoices(ctx.db)),

  /**
   * The filtered view as an Excel workbook (agency admin and viewer): `{ filename, base64 }`.
   * At most 20,000 entries: more is refused (PAYLOAD_TOO_LARGE naming `from`, with `total` and
   * `max`), narrow the time range.
   */
  export: agencyProcedure.input(filterSchema).query(async ({ ctx, input }) => {
    const { total, entries } = await queryAudit(ctx.db, input, { limit: AUDIT_EXPORT_MAX_ROWS + 1, offset: 0 })
    if (total > AUDIT_EXPORT_MAX_ROWS) {
      throw fieldRefusal('PAYLOAD_TOO_LARGE', 'INVALID_INPUT', 'from', `export of ${total} entries refused (max ${AUDIT_EXPORT_MAX_ROWS})`, { total, max: AUDIT_EXPORT_MAX_ROWS })
    }
    const now = ctx.now()
    const bytes = await buildAuditWorkbook(entries, now)
    const stamp = now.toISOString().slice(0, 10).replaceAll('-', '')
    return { filename: `audit-${stamp}.xlsx`, rows: entries.length, base64: Buffer.from(bytes).toString('base64') }
  }),
})

