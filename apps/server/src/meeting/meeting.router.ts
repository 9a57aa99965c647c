import { isoDateSchema } from '@leap/domain'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { versionedUpdate } from '../db/versioned-write.js'
import { assertCommitteeRole, committeeRolesFor } from '../access/committee.js'
import { inspectionScope, scopeCovers, type InspectionScope } from '../access/scope-filter.js'
import { recordAudit } from '../audit/audit.repository.js'
import { notifyMeetingScheduled } from '../notification/notification-events.js'
import type { SessionUser } from '../trpc/context.js'
import type { Context } from '../trpc/context.js'
import { authedProcedure, router } from '../trpc/init.js'
import { notFound, refuse } from '../trpc/refusal.js'
import { findRound } from '../round/round.repository.js'
import { findItems } from '../remediation/remediation.repository.js'
import { findMeeting, insertMeeting, listMeetingItems, listMeetings, updateMinutes, upsertMeetingItems, type Meeting } from './meeting.repository.js'

const id = rowId

/** A start time as Asia/Taipei clock time, `HH:MM` from 00:00 to 23:59; null when not recorded. */
const startTime = z
  .string()
  .trim()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM, 00:00–23:59')
  .nullable()
/** Where the meeting is held; blank is stored as null (not recorded). */
const place = z
  .string()
  .trim()
  .max(200)
  .nullable()
  .transform((p) => (p ? p : null))

/** Rounds whose meetings the user may read: all (null), or the rounds they sit on; branch users see them too, items filtered. */
function meetingRounds(scope: InspectionScope): number[] | null {
  if (scope.all || scope.branchIds.length > 0) return null
  return scope.roundIds
}

async function loadVisibleMeeting(ctx: Context & { user: SessionUser }, meetingId: number): Promise<{ meeting: Meeting; scope: InspectionScope }> {
  const meeting = await findMeeting(ctx.db, meetingId)
  const scope = await inspectionScope(ctx.db, ctx.user, ctx.now())
  const rounds = meetingRounds(scope)
  if (!meeting || (rounds !== null && !rounds.includes(meeting.roundId))) throw notFound()
  return { meeting, scope }
}

/** True when {@link assertMayRecord} would let the user record this round's meetings (so the admin offers the forms). */
async function mayRecord(ctx: Context & { user: SessionUser }, roundId: number): Promise<boolean> {
  if (ctx.user.agencyRole === 'admin') return true
  if (ctx.user.agencyRole === 'viewer') return false
  const held = await committeeRolesFor(ctx.db, ctx.user.id, roundId)
  return held.some((r) => r === 'convener' || r === 'secretary')
}

/** Agency admin, or convener/secretary of the round (who keep the minutes, seed 004). */
async function assertMayRecord(ctx: Context & { user: SessionUser }, roundId: number): Promise<void> {
  if (ctx.user.agencyRole === 'viewer') throw refuse('FORBIDDEN', 'VIEWER_READ_ONLY', {}, 'viewers read only')
  if (ctx.user.agencyRole !== 'admin') await assertCommitteeRole(ctx.db, ctx.user, roundId, ['convener', 'secretary'])
}

export const meetingRouter = router({
  /** Meetings the user may read, latest first; `roundId` narrows to one round. */
  list: authedProcedure.input(z.object({ roundId: id.optional() }).optional()).query(async ({ ctx, input }) => {
    const scope = await inspectionScope(ctx.db, ctx.user, ctx.now())
    const rounds = meetingRounds(scope)
    const wanted = input?.roundId
    if (wanted !== undefined && rounds !== null && !rounds.includes(wanted)) return []
    return listMeetings(ctx.db, wanted !== undefined ? [wanted] : rounds)
  }),

  /**
   * A meeting with the items reported at it (only the items the user may see), and `mayRecord`:
   * whether this user may edit its minutes and record items (the rule `updateMinutes` enforces).
   */
  byId: authedProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    const { meeting, scope } = await loadVisibleMeeting(ctx, input.id)
    const items = (await listMeetingItems(ctx.db, meeting.id)).filter((i) => scopeCovers(scope, i.roundId, i.branchId))
    return { ...meeting, items, mayRecord: await mayRecord(ctx, meeting.roundId) }
  }),

  /** Records a committee meeting of a round. Agency admin or the round's convener/secretary. */
  create: authedProcedure
    .input(
      z.object({
        roundId: id,
        heldOn: isoDateSchema,
        startTime: startTime.default(null),
        place: place.default(null),
        title: z.string().trim().min(1).max(200),
        minutes: z.string().max(100_000).default(''),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const round = await findRound(ctx.db, input.roundId)
      if (!round) throw notFound()
      await assertMayRecord(ctx, round.id)
      return ctx.db.transaction().execute(async (trx) => {
        const meeting = await insertMeeting(trx, { ...input, createdBy: ctx.user.id })
        await recordAudit(trx, ctx, { action: 'meeting.create', entity: 'meeting', entityId: meeting.id, after: meeting })
        await notifyMeetingScheduled(trx, meeting.id, ctx.now())
        return meeting
      })
    }),

  /**
   * Replaces the minutes text — and the start time and place when given (null clears them) —
   * through the versioned-write path: `expectedVersion` is the version the meeting was read at;
   * someone's save since is CONFLICT with the current meeting. Audited.
   */
  updateMinutes: authedProcedure
    .input(z.object({ id, minutes: z.string().max(100_000), startTime: startTime.optional(), place: place.optional(), expectedVersion: rowId }))
    .mutation(async ({ ctx, input }) => {
      const { meeting } = await loadVisibleMeeting(ctx, input.id)
      await assertMayRecord(ctx, meeting.roundId)
      return versionedUpdate(ctx.db, ctx, {
        expectedVersion: input.expectedVersion,
        find: (db) => findMeeting(db, meeting.id),
        write: (db) => updateMinutes(db, meeting.id, input.expectedVersion, { minutes: input.minutes, startTime: input.startTime, place: input.place }),
        audit: {
          action: 'meeting.updateMinutes',
          entity: 'meeting',
          snapshot: (row) => ({ minutes: row.minutes, startTime: row.startTime, place: row.place, version: row.version }),
        },
      })
    }),

  /**
   * Records the remediation items reported at the meeting, each with a note (re-recording an item
   * replaces its note). Items must be tracked in the meeting's round (or found in it before carry-over).
   */
  recordItems: authedProcedure
    .input(z.object({ id, items: z.array(z.object({ remediationItemId: id, note: z.string().trim().max(4000).default('') })).min(1).max(500) }))
    .mutation(async ({ ctx, input }) => {
      const { meeting } = await loadVisibleMeeting(ctx, input.id)
      await assertMayRecord(ctx, meeting.roundId)
      const found = await findItems(ctx.db, input.items.map((i) => i.remediationItemId))
      for (const wanted of input.items) {
        const item = found.find((f) => f.id === wanted.remediationItemId)
        if (!item || (item.roundId !== meeting.roundId && item.originRoundId !== meeting.roundId)) {
          const index = input.items.indexOf(wanted)
          throw refuse('BAD_REQUEST', 'ITEM_NOT_IN_ROUND', { itemId: wanted.remediationItemId }, `item ${wanted.remediationItemId} not tracked in this meeting's round`, [
            { path: ['items', index, 'remediationItemId'] },
          ])
        }
      }
      await ctx.db.transaction().execute(async (trx) => {
        await upsertMeetingItems(trx, meeting.id, input.items)
        await recordAudit(trx, ctx, { action: 'meeting.recordItems', entity: 'meeting', entityId: meeting.id, after: { items: input.items } })
      })
      return { ...meeting, items: await listMeetingItems(ctx.db, meeting.id) }
    }),
})
