import {
  addCalendarDays,
  allowedActions,
  applyRemediationAction,
  DomainError,
  isDomainError,
  isOverdue,
  isoDateSchema,
  remediationStatusSchema,
  taipeiDate,
  type RemediationAction,
  type RemediationState,
} from '@leap/domain'
import { TRPCError } from '@trpc/server'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { getSettings } from '../setting/setting.repository.js'
import { assertCommitteeRole, assertInspectionVisible } from '../access/committee.js'
import { notifyRemediationChange } from '../notification/notification-events.js'
import type { Database } from '../db/database.js'
import type { Context, SessionUser } from '../trpc/context.js'
import { authedProcedure, router } from '../trpc/init.js'
import { trackDeductions } from './remediation-tracking.js'
import { notFound, Refusal, refuse } from '../trpc/refusal.js'
import { versionedUpdate } from '../db/versioned-write.js'
import { findInspection } from '../inspection/inspection.repository.js'
import { findRound } from '../round/round.repository.js'
import { carryOverRoundItems } from '../round/round-carry-over.js'
import { actorRolesFor, assertItemVisible, itemScopeFor, loadVisibleItem, roleForAction } from './remediation-access.js'
import {
  attachEvidence,
  findItems,
  insertEvents,
  listEvidence,
  listItems,
  listTimeline,
  updateItemStatus,
  type RemediationItem,
} from './remediation.repository.js'

type AuthedContext = Context & { user: SessionUser }

const id = rowId
const note = z.string().trim().max(4000)

/** Refuses writes by viewers before anything else, with the same FORBIDDEN everywhere. */
function assertMayWrite(user: SessionUser): void {
  if (user.agencyRole === 'viewer') throw refuse('FORBIDDEN', 'VIEWER_READ_ONLY', {}, 'viewers read only')
}

/** What the lifecycle needs of a stored item (the server keeps the timeline in its own table). */
function lifecycleState(item: RemediationItem): RemediationState {
  return { status: item.status, dueDate: item.dueDate, round: { rocYear: item.rocYear, half: item.half }, timeline: [] }
}

/** The item with what the UI needs: overdue today (Asia/Taipei) per the domain. */
function withOverdue(item: RemediationItem, now: Date) {
  return { ...item, overdue: isOverdue(item, taipeiDate(now)) }
}

interface TransitionInput {
  id: number
  expectedVersion: number
  action: RemediationAction
  note?: string | undefined
  evidenceIds?: number[] | undefined
}

/**
 * Applies one lifecycle action through the versioned-write path: visibility (NOT_FOUND) and the
 * viewer refusal, the version check (CONFLICT with the current item), the domain's state machine
 * with the user's role for this item, the status change, the timeline entry, evidence attachment
 * and the audit entry — in the caller's transaction.
 */
async function transition(trx: Kysely<Database>, ctx: AuthedContext, input: TransitionInput): Promise<RemediationItem> {
  const now = ctx.now()
  let note: string | null = null
  let attached: number[] = []
  return versionedUpdate(trx, ctx, {
    expectedVersion: input.expectedVersion,
    find: async (db) => (await findItems(db, [input.id]))[0],
    access: async (item, db) => {
      await assertItemVisible(db, ctx.user, item)
      assertMayWrite(ctx.user)
    },
    write: async (db, item) => {
      const roles = await actorRolesFor(db, ctx.user, item)
      const { event } = applyRemediationAction(lifecycleState(item), {
        action: input.action,
        actorRole: roleForAction(roles, input.action),
        at: now.toISOString(),
        note: input.note ?? null,
        evidence: (input.evidenceIds ?? []).map((e) => `file:${e}`),
      })
      if (!(await updateItemStatus(db, item.id, input.expectedVersion, { status: event.to, closedAt: event.to === 'closed' ? now : null, now }))) return undefined
      const [eventId] = await insertEvents(db, [
        { remediationItemId: item.id, action: event.action, fromStatus: event.from, toStatus: event.to, actorId: ctx.user.id, note: event.note, at: now },
      ])
      const wanted = input.evidenceIds ?? []
      attached = await attachEvidence(db, item.id, eventId!, wanted)
      const missing = wanted.filter((e) => !attached.includes(e))
      if (missing.length) {
        throw refuse('BAD_REQUEST', 'EVIDENCE_NOT_ATTACHABLE', { ids: missing }, `evidence ${missing.join(', ')} not uploaded for this item, or already attached`, [{ path: ['evidenceIds'] }])
      }
      await notifyRemediationChange(db, { itemId: item.id, eventId: eventId!, action: event.action, note: event.note }, now)
      note = event.note
      return (await findItems(db, [item.id]))[0]
    },
    audit: {
      action: `remediation.${input.action}`,
      entity: 'remediation_item',
      snapshot: (row) =>
        row.version === input.expectedVersion ? { status: row.status, version: row.version } : { status: row.status, version: row.version, note, evidenceIds: attached },
    },
  })
}

const versioned = z.object({ id, expectedVersion: rowId })

const withNote = versioned.extend({ note: note.optional() })
const withReason = versioned.extend({ note: note.min(1) })
const withEvidence = versioned.extend({ note: note.optional(), evidenceIds: z.array(id).max(20).optional() })

type TransitionFields = { id: number; expectedVersion: number; note?: string | undefined; evidenceIds?: number[] | undefined }

function transitionProcedure<S extends z.ZodType<TransitionFields>>(action: RemediationAction, schema: S) {
  return authedProcedure.input(schema).mutation(async ({ ctx, input }) => {
    const fields: TransitionFields = input
    const item = await ctx.db.transaction().execute((trx) => transition(trx, ctx, { ...fields, action }))
    return withOverdue(item, ctx.now())
  })
}

const bulkActions = ['verify', 'return', 'cancel'] as const

/**
 * The refusal of one entry of a bulk decision, naming it: `params.item` (1-based position) and
 * `params.itemId`, field paths under `items.<index>`. Anything else is rethrown as is.
 */
function inBulk(error: unknown, index: number, itemId: number): unknown {
  const where = { item: index + 1, itemId }
  if (isDomainError(error)) {
    return new DomainError(error.code, `item ${index + 1} (#${itemId}): ${error.message}`, error.issues.map((i) => ({ ...i, path: ['items', index, ...i.path] })), { ...error.params, ...where })
  }
  if (error instanceof TRPCError && error.cause instanceof Refusal) {
    const { code, params, fields } = error.cause
    return refuse(error.code, code, { ...params, ...where }, `item ${index + 1} (#${itemId}): ${error.message}`, fields.map((f) => ({ ...f, path: ['items', index, ...f.path] })))
  }
  return error
}

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

  /** Branch starts work (open/returned → in_progress). */
  start: transitionProcedure('start', versioned),
  /** Branch reports progress with a note and/or evidence ids; the status stays. */
  postProgress: transitionProcedure('postProgress', withEvidence),
  /** Branch manager submits the fix with evidence ids (uploaded via POST /api/evidence) and/or a note. */
  submit: transitionProcedure('submit', withEvidence),
  /** Committee accepts the fix: released from tracking (解除列管). */
  verify: transitionProcedure('verify', withNote),
  /** Committee returns the submission with a reason. */
  return: transitionProcedure('return', withReason),
  /** Committee withdraws the item with a reason. */
  cancel: transitionProcedure('cancel', withReason),
  /** Committee puts a closed or cancelled item back under tracking, with a reason. */
  reopen: transitionProcedure('reopen', withReason),

  /**
   * One committee decision on several items, all or nothing: if any item fails (not found, wrong
   * state, role, version), nothing changes and the error names that item.
   */
  bulk: authedProcedure
    .input(
      z.object({
        action: z.enum(bulkActions),
        note: note.optional(),
        items: z.array(versioned).min(1).max(200),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const done = await ctx.db.transaction().execute(async (trx) => {
        const results: RemediationItem[] = []
        for (const [index, entry] of input.items.entries()) {
          try {
            results.push(await transition(trx, ctx, { ...entry, action: input.action, note: input.note }))
          } catch (error) {
            throw inBulk(error, index, entry.id)
          }
        }
        return results
      })
      return { items: done.map((i) => withOverdue(i, ctx.now())) }
    }),

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
