import { versionConflict } from '../trpc/refusal.js'
import { z } from 'zod'
import { notFound } from '../access/branch-scope.js'
import { recordAudit } from '../audit/audit.repository.js'
import { rowId } from '../db/row-id.js'
import { jobStatus } from '../jobs/job-run.repository.js'
import { mailSummary, requeueMail } from '../mail/mail-outbox.repository.js'
import { adminProcedure, authedProcedure, router } from '../trpc/init.js'
import { findUserEmail } from '../user/user.repository.js'
import { notificationKindSchema } from './notification-kinds.js'
import { countUnread, findPreferences, listNotifications, markRead, ownedNotificationIds, writePreferences } from './notification.repository.js'

/** An instance that has not ticked for this long is taken as gone. */
const WORKER_STALE_MS = 5 * 60_000

const localeSchema = z.enum(['zh-TW', 'en'])

export const notificationRouter = router({
  /**
   * The caller's notifications, newest first: `limit` (1–100, default 20) rows before `beforeId`
   * (for the next page), optionally unread only; with the unread count for the header.
   */
  list: authedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(20), beforeId: rowId.optional(), unreadOnly: z.boolean().optional() }).optional())
    .query(async ({ ctx, input }) => {
      const limit = input?.limit ?? 20
      const items = await listNotifications(ctx.db, ctx.user.id, { limit, beforeId: input?.beforeId, unreadOnly: input?.unreadOnly })
      return { items, unread: await countUnread(ctx.db, ctx.user.id), hasMore: items.length === limit }
    }),

  /** How many of the caller's notifications are unread (the header's badge). */
  unreadCount: authedProcedure.query(async ({ ctx }) => ({ count: await countUnread(ctx.db, ctx.user.id) })),

  /**
   * Marks some of the caller's notifications read (1–100 ids). NOT_FOUND when any id is not one
   * of theirs (whether it exists is not said); already-read ones stay as they are. Audited.
   */
  markRead: authedProcedure.input(z.object({ ids: z.array(rowId).min(1).max(100) })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const owned = await ownedNotificationIds(trx, ctx.user.id, input.ids)
      if (owned.length !== new Set(input.ids).size) throw notFound()
      const read = await markRead(trx, ctx.user.id, input.ids, ctx.now())
      if (read.length) await recordAudit(trx, ctx, { action: 'notification.markRead', entity: 'notification', after: { ids: read } })
      return { read, unread: await countUnread(trx, ctx.user.id) }
    })
  }),

  /** Marks every unread notification of the caller read. Audited with how many. */
  markAllRead: authedProcedure.mutation(async ({ ctx }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const read = await markRead(trx, ctx.user.id, null, ctx.now())
      if (read.length) await recordAudit(trx, ctx, { action: 'notification.markAllRead', entity: 'notification', after: { count: read.length } })
      return { read: read.length, unread: 0 }
    })
  }),

  /**
   * The caller's e-mail settings: language, kinds not wanted by e-mail, their address (null when
   * the account has none) and whether this installation sends e-mail at all.
   */
  preferences: authedProcedure.query(async ({ ctx }) => {
    const [preferences, email, status] = await Promise.all([
      findPreferences(ctx.db, ctx.user.id),
      findUserEmail(ctx.db, ctx.user.id),
      jobStatus(ctx.db, ctx.now(), WORKER_STALE_MS),
    ])
    return { ...preferences, email, emailOn: status.workers.some((w) => w.mailEnabled) }
  }),

  /**
   * Stores the caller's e-mail language and the kinds they do not want by e-mail (the daily digest
   * leaves them out; they still appear in the app). CONFLICT when `expectedVersion` (0 before the
   * first save) is stale. Audited.
   */
  updatePreferences: authedProcedure
    .input(z.object({ locale: localeSchema, emailOff: z.array(notificationKindSchema).max(20), expectedVersion: z.number().int().min(0).max(2_147_483_647) }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction().execute(async (trx) => {
        const before = await findPreferences(trx, ctx.user.id)
        const version = await writePreferences(trx, ctx.user.id, input, ctx.now())
        if (version === null) {
          const current = await findPreferences(trx, ctx.user.id)
          throw versionConflict('notification_preference', current)
        }
        const after = await findPreferences(trx, ctx.user.id)
        await recordAudit(trx, ctx, { action: 'notification.updatePreferences', entity: 'notification_preference', entityId: ctx.user.id, before, after })
        return after
      })
    }),

  /**
   * E-mail delivery for the agency admin: whether e-mail is on (a running instance has SMTP
   * settings), the instances seen in the last five minutes, the last day each daily job ran,
   * digests by status, and the deliveries that failed or wait for a retry with the server's answer.
   */
  mailStatus: adminProcedure.query(async ({ ctx }) => {
    const [status, summary] = await Promise.all([jobStatus(ctx.db, ctx.now(), WORKER_STALE_MS), mailSummary(ctx.db, 50)])
    return { emailOn: status.workers.some((w) => w.mailEnabled), workers: status.workers, lastRuns: status.lastRuns, ...summary }
  }),

  /** Puts a failed digest back in the queue with fresh attempts (agency admin). NOT_FOUND unless it failed. Audited. */
  retryMail: adminProcedure.input(z.object({ id: rowId })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      if (!(await requeueMail(trx, input.id, ctx.now()))) throw notFound()
      await recordAudit(trx, ctx, { action: 'notification.retryMail', entity: 'mail_outbox', entityId: input.id, after: { status: 'pending' } })
      return { id: input.id, status: 'pending' as const }
    })
  }),
})
