import { addCalendarDays, allowedActions, isoDateSchema, remediationStatusSchema, taipeiDate } from '@leap/domain'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { getSettings } from '../setting/setting.repository.js'
import { assertCommitteeRole, assertInspectionVisible } from '../access/committee.js'
import { authedProcedure, router } from '../trpc/init.js'
import { trackDeductions } from './remediation-tracking.js'
import { assertMayWrite, remediationTransitionProcedures, withOverdue } from './remediation-transition.js'
import { notFound, refuse } from '../trpc/refusal.js'
import { findInspection } from '../inspection/inspection.repository.js'
import { findRound } from '../round/round.repository.js'
import { carryOverRoundItems } from '../round/round-carry-over.js'
import { actorRolesFor, itemScopeFor, loadVisibleItem } from './remediation-access.js'
import { listEvidence, listItems, listTimeline } from './remediation.repository.js'

const id = rowId

/**
 * The remediation items' procedures. This file holds the reads, `createFromInspection` and
 * `carryOver`; the lifecycle actions (start … reopen) and `bulk` live in remediation-transition.ts.
 */
export const remediationRouter = router({
  /**
   * Items the user may see, filtered and paged (`page` from 1, `pageSize` ≤ 100), ordered by due
   * date. `overdue: true` keeps items due before today (Asia/Taipei, from `ctx.now`) that are
   * not closed or cancelled.
   */
  list: authedProcedure
    .input(
      z.object({
        branchId: id.optional(),
        unitId: id.optional(),
        roundId: id.optional(),
        status: z.array(remediationStatusSchema).max(6).optional(),
        overdue: z.boolean().optional(),
        /** Text searched in titles, findings, units and branches. */
        q: z.string().trim().max(100).optional(),
        /** `urgency` (default): returned, overdue, due soon, not started, the rest, closed last; `due`: by due date. */
        sort: z.enum(['urgency', 'due']).default('urgency'),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(100).default(20),
      }),
    )
    .query(async ({ ctx, input }) => {
      const scope = await itemScopeFor(ctx.db, ctx.user, ctx.now())
      const today = taipeiDate(ctx.now())
      const { items, total } = await listItems(
        ctx.db,
        scope,
        {
          ...input,
          overdueOn: input.overdue ? today : undefined,
          search: input.q,
          urgency: input.sort === 'urgency' ? { today, dueSoonBy: addCalendarDays(today, (await getSettings(ctx.db)).dueSoonDays) } : undefined,
        },
        { limit: input.pageSize, offset: (input.page - 1) * input.pageSize },
      )
      return { items: items.map((i) => withOverdue(i, ctx.now())), total, page: input.page, pageSize: input.pageSize }
    }),

  /** One item with its timeline, evidence and the actions the user may take now. NOT_FOUND outside scope. */
  byId: authedProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    const item = await loadVisibleItem(ctx.db, ctx.user, input.id)
    const roles = await actorRolesFor(ctx.db, ctx.user, item)
    const actions = [...new Set(roles.flatMap((r) => allowedActions(item, r)))]
    const [timeline, evidence] = await Promise.all([listTimeline(ctx.db, item.id), listEvidence(ctx.db, item.id)])
    return { ...withOverdue(item, ctx.now()), timeline, evidence, allowedActions: actions }
  }),

  /**
   * Places the deductions of a signed inspection under tracking, in one transaction: one item per
   * requested criterion with its unit (default: the criterion's unit in the branch) and due date.
   * Criteria already tracked for this inspection are skipped and reported. Convener or secretary
   * of the inspection's round, or agency admin.
   * @throws PRECONDITION_FAILED when the inspection is not signed; BAD_REQUEST for a criterion
   *   that was not deducted or an unknown unit.
   */
  createFromInspection: authedProcedure
    .input(
      z.object({
        inspectionId: id,
        items: z
          .array(
            z.object({
              criterionCode: z.string().min(1).max(50),
              unitId: id.optional(),
              dueDate: isoDateSchema,
              title: z.string().trim().min(1).max(200).optional(),
            }),
          )
          .min(1)
          .max(200),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction().execute(async (trx) => {
        const inspection = await findInspection(trx, input.inspectionId)
        await assertInspectionVisible(trx, ctx.user, inspection, ctx.now())
        if (!inspection) throw notFound()
        assertMayWrite(ctx.user)
        if (ctx.user.agencyRole !== 'admin') await assertCommitteeRole(trx, ctx.user, inspection.roundId, ['convener', 'secretary'])
        if (inspection.status !== 'signed' && inspection.status !== 'closed') {
          throw refuse('PRECONDITION_FAILED', 'INSPECTION_NOT_SIGNED', { status: inspection.status }, 'the inspection is not signed yet')
        }
        return trackDeductions(trx, ctx, inspection, input.items)
      })
    }),

  // Lifecycle actions start … reopen and bulk (remediation-transition.ts).
  ...remediationTransitionProcedures,

  /**
   * Carries the round's items still tracked into the next round (same items, same status and due
   * date, timeline kept, origin round remembered), as the domain's `carryOver` decides. Agency
   * admin, or convener/secretary of the round.
   * @throws PRECONDITION_FAILED when the next round has not been created yet.
   */
  carryOver: authedProcedure.input(z.object({ roundId: id })).mutation(async ({ ctx, input }) => {
    assertMayWrite(ctx.user)
    return ctx.db.transaction().execute(async (trx) => {
      const round = await findRound(trx, input.roundId)
      if (!round) throw notFound()
      if (ctx.user.agencyRole !== 'admin') await assertCommitteeRole(trx, ctx.user, round.id, ['convener', 'secretary'])
      // One carry-over path, shared with round.close (round/round-carry-over.ts).
      return carryOverRoundItems(trx, ctx, { id: round.id, rocYear: round.rocYear, half: round.half === 2 ? 2 : 1 })
    })
  }),
})
