import { isoDateSchema, objectionDeadlines, objectionTimeliness, taipeiDate, type ObjectionRecord } from '@leap/domain'
import { z } from 'zod'
import { recordAudit } from '../audit/audit.repository.js'
import { rowId } from '../db/row-id.js'
import { versionedDelete, versionedUpdate } from '../db/versioned-write.js'
import { authedProcedure, router } from '../trpc/init.js'
import { assertMayEnterIndicators, assertMayReadIndicators, indicatorCorrection, indicatorPeriodInput } from './indicator-access.js'
import { deleteObjection, findObjection, insertObjections, listObjections, updateObjection, type Objection } from './objection.repository.js'

/** Fields of one objection (聲明異議), as entered and as corrected. */
const objectionFields = {
  receivedOn: isoDateSchema,
  finding: z.enum(['wellFounded', 'unfounded']).nullable(),
  correctedOn: isoDateSchema.nullable(),
  forwardedOn: isoDateSchema.nullable(),
  decidedOn: isoDateSchema.nullable(),
  subject: z.string().trim().max(200),
}

/** The domain's record of a stored or entered objection. */
function recordOf(o: Omit<Objection, 'id' | 'branchId' | 'version'>): ObjectionRecord {
  return { receivedOn: o.receivedOn, finding: o.finding, correctedOn: o.correctedOn, forwardedOn: o.forwardedOn, decidedOn: o.decidedOn }
}

/** A stored objection with its deadlines on `today` (Asia/Taipei), as the entry screen lists it. */
function withDeadlines(o: Objection, today: string) {
  return { ...o, ...objectionDeadlines(recordOf(o), { asOf: today }) }
}

/**
 * 聲明異議 (行政執行法 §9): a branch's objections, their deadlines (correct at once — counted as
 * within 10 days —, forward within 10 days, the agency decides within 30; calendar days from the
 * day received) and on-time shares. Same rights as petitions: the agency admin and the branch's own
 * staff enter and correct, readers as for every indicator; another branch's row is NOT_FOUND.
 */
export const objectionRouter = router({
  /**
   * Records objections of one branch. The domain refuses steps that contradict the finding or
   * dates out of order, naming `objections.i.<field>`. One transaction, one audit entry.
   */
  enter: authedProcedure
    .input(
      z.object({
        branchId: rowId,
        objections: z
          .array(
            z.object({
              ...objectionFields,
              finding: objectionFields.finding.default(null),
              correctedOn: objectionFields.correctedOn.default(null),
              forwardedOn: objectionFields.forwardedOn.default(null),
              decidedOn: objectionFields.decidedOn.default(null),
              subject: objectionFields.subject.default(''),
            }),
          )
          .min(1)
          .max(1000),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await assertMayEnterIndicators(ctx.db, ctx.user, input.branchId)
      objectionTimeliness(input.objections.map(recordOf))
      const ids = await ctx.db.transaction().execute(async (trx) => {
        const ids = await insertObjections(trx, input.objections.map((o) => ({ ...o, branchId: input.branchId, createdBy: ctx.user.id })))
        await recordAudit(trx, ctx, { action: 'objection.enter', entity: 'objection', branchId: input.branchId, after: { ids, count: ids.length } })
        return ids
      })
      return { ids }
    }),

  /**
   * Corrects one objection: the fields given replace the stored ones, and the whole record must
   * still satisfy the domain's rules (naming the field). CONFLICT with the current row when
   * `expectedVersion` is stale. Returns the stored row with its deadlines.
   */
  correct: authedProcedure.input(indicatorCorrection(objectionFields)).mutation(async ({ ctx, input }) => {
    const { id, expectedVersion, ...change } = input
    const row = await versionedUpdate(ctx.db, ctx, {
      expectedVersion,
      find: (trx) => findObjection(trx, id),
      access: (before, trx) => assertMayEnterIndicators(trx, ctx.user, before.branchId),
      rules: (before) => {
        objectionDeadlines(recordOf({ ...before, ...change }))
      },
      write: (trx) => updateObjection(trx, id, expectedVersion, change, ctx.now()),
      audit: { action: 'objection.correct', entity: 'objection' },
    })
    return withDeadlines(row, taipeiDate(ctx.now()))
  }),

  /** Deletes one objection. Same rights and version check as `correct`; the audit keeps the row. */
  delete: authedProcedure.input(z.object({ id: rowId, expectedVersion: rowId })).mutation(async ({ ctx, input }) => {
    await versionedDelete(ctx.db, ctx, {
      expectedVersion: input.expectedVersion,
      find: (trx) => findObjection(trx, input.id),
      access: (row, trx) => assertMayEnterIndicators(trx, ctx.user, row.branchId),
      remove: (trx) => deleteObjection(trx, input.id, input.expectedVersion),
      audit: { action: 'objection.delete', entity: 'objection' },
    })
    return { id: input.id }
  }),

  /** Objections of the branch received within the period, each with its deadlines today, and the period's figures. */
  list: authedProcedure.input(indicatorPeriodInput).query(async ({ ctx, input }) => {
    await assertMayReadIndicators(ctx.db, ctx.user, input.branchId)
    const rows = await listObjections(ctx.db, input.branchId, input)
    const today = taipeiDate(ctx.now())
    return { rows: rows.map((o) => withDeadlines(o, today)), figures: objectionTimeliness(rows.map(recordOf), { asOf: today }) }
  }),
})
