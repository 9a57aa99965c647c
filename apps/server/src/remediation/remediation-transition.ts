import { DomainError, isDomainError, isOverdue, applyRemediationAction, taipeiDate, type RemediationAction, type RemediationState } from '@leap/domain'
import { TRPCError } from '@trpc/server'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '../db/database.js'
import { rowId } from '../db/row-id.js'
import { versionedUpdate } from '../db/versioned-write.js'
import { notifyRemediationChange } from '../notification/notification-events.js'
import type { Context, SessionUser } from '../trpc/context.js'
import { authedProcedure } from '../trpc/init.js'
import { Refusal, refuse } from '../trpc/refusal.js'
import { actorRolesFor, assertItemVisible, roleForAction } from './remediation-access.js'
import { attachEvidence, findItems, insertEvents, updateItemStatus, type RemediationItem } from './remediation.repository.js'

type AuthedContext = Context & { user: SessionUser }

const id = rowId
const note = z.string().trim().max(4000)

/** Refuses writes by viewers before anything else, with the same FORBIDDEN everywhere. */
export function assertMayWrite(user: SessionUser): void {
  if (user.agencyRole === 'viewer') throw refuse('FORBIDDEN', 'VIEWER_READ_ONLY', {}, 'viewers read only')
}

/** What the lifecycle needs of a stored item (the server keeps the timeline in its own table). */
function lifecycleState(item: RemediationItem): RemediationState {
  return { status: item.status, dueDate: item.dueDate, round: { rocYear: item.rocYear, half: item.half }, timeline: [] }
}

/** The item with what the UI needs: overdue today (Asia/Taipei) per the domain. */
export function withOverdue(item: RemediationItem, now: Date) {
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

/** The lifecycle actions of one item, and one committee decision on several (`bulk`). */
export const remediationTransitionProcedures = {
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
}
