import { assertSheetComplete, DomainError, scoreSheet } from '@leap/domain'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { requireCommitteeRole, requireNotRecused } from '../access/committee.js'
import { recordAudit } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import { rowId } from '../db/row-id.js'
import { authedProcedure, router } from '../trpc/init.js'
import { assertNotLocked, loadInspection, seesCommitteeWork } from './inspection-sheet.js'
import { listMemberScores, toScoreEntry } from './inspection.repository.js'

type Db = Kysely<Database>

/** One member's 完成評分 mark on an inspection. */
export interface SheetCompletion {
  memberId: number
  completedAt: Date
}

/** The 完成評分 marks of an inspection (all members, or one), oldest first. */
export async function listSheetCompletions(db: Db, inspectionId: number, memberId?: number): Promise<SheetCompletion[]> {
  let query = db
    .selectFrom('sheetCompletion')
    .select(['memberId', 'completedAt'])
    .where('inspectionId', '=', inspectionId)
    .orderBy('completedAt')
    .orderBy('memberId')
  if (memberId !== undefined) query = query.where('memberId', '=', memberId)
  return query.execute()
}

/**
 * A member's 完成評分 (done scoring) state: the member says the sheet is finished, so the convener
 * sees who is done instead of guessing from counts. Marking needs every criterion scored (the
 * domain's completeness rule, the same one signing applies to the consensus); it can be taken
 * back while scoring lasts, e.g. to reconsider a criterion.
 */
export const sheetCompletionRouter = router({
  /**
   * Marks (`done: true`) or unmarks the caller's own sheet (convener or member of the round, not
   * recused, while scoring). PRECONDITION_FAILED SHEET_INCOMPLETE, one issue per criterion not
   * scored, when marking an incomplete sheet. Idempotent; audited when the state changes.
   */
  set: authedProcedure
    .input(z.object({ inspectionId: rowId, done: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction().execute(async (trx) => {
        const loaded = await loadInspection(trx, ctx.user, input.inspectionId, { forShare: true })
        const { inspection, catalogue } = loaded
        requireCommitteeRole(loaded.myRole, ['convener', 'member'])
        requireNotRecused(loaded.recused)
        assertNotLocked(inspection)
        if (inspection.status !== 'scoring') {
          throw new DomainError('ILLEGAL_TRANSITION', '僅評分階段可標示完成評分 (only while scoring)')
        }
        const key = { inspectionId: inspection.id, memberId: ctx.user.id }
        const before = (await listSheetCompletions(trx, inspection.id, ctx.user.id))[0] ?? null
        if (input.done) {
          const mine = await listMemberScores(trx, inspection.id, ctx.user.id)
          assertSheetComplete(scoreSheet(catalogue.catalogue, mine.map(toScoreEntry)))
          if (!before) await trx.insertInto('sheetCompletion').values({ ...key, completedAt: ctx.now() }).execute()
        } else if (before) {
          await trx.deleteFrom('sheetCompletion').where('inspectionId', '=', key.inspectionId).where('memberId', '=', key.memberId).execute()
        }
        if (!!before !== input.done) {
          await recordAudit(trx, ctx, {
            action: input.done ? 'inspection.completion.mark' : 'inspection.completion.unmark',
            entity: 'sheet_completion',
            entityId: `${inspection.id}:${ctx.user.id}`,
            branchId: inspection.branchId,
            before: { done: !!before },
            after: { done: input.done },
          })
        }
        return (await listSheetCompletions(trx, inspection.id, ctx.user.id))[0] ?? null
      })
    }),

  /**
   * The marks the caller may see: every member's for the convener, the secretary and agency
   * users; a member only their own. NOT_FOUND outside the caller's scope.
   */
  list: authedProcedure.input(z.object({ inspectionId: rowId })).query(async ({ ctx, input }) => {
    const loaded = await loadInspection(ctx.db, ctx.user, input.inspectionId)
    if (seesCommitteeWork(loaded)) return listSheetCompletions(ctx.db, loaded.inspection.id)
    if (!loaded.myRole) return []
    return listSheetCompletions(ctx.db, loaded.inspection.id, ctx.user.id)
  }),
})

