import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { agencyProcedure, router } from '../trpc/init.js'
import { listAudit } from './audit.repository.js'

export const auditRouter = router({
  /**
   * Audit entries newest first (agency admin and viewer), filtered by entity (and id), actor,
   * action and time (`from` inclusive, `to` exclusive). Pages of at most 200; `total` counts all matches.
   */
  list: agencyProcedure
    .input(
      z.object({
        entity: z.string().max(64).optional(),
        entityId: z.string().max(64).optional(),
        actorId: rowId.optional(),
        action: z.string().max(64).optional(),
        from: z.coerce.date().optional(),
        to: z.coerce.date().optional(),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).max(1_000_000).default(0),
      }),
    )
    .query(({ ctx, input }) => {
      const { limit, offset, ...filter } = input
      return listAudit(ctx.db, filter, { limit, offset })
    }),
})
