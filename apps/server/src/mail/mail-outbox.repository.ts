import type { IsoDate } from '@leap/domain'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationParams } from '../notification/notification-kinds.js'
import { composeDigest } from './digest.js'
import type { MailOutboxRow, MailStatus } from './mail-outbox.table.js'

type Db = Kysely<Database>

/** A delivery gives up after this many attempts (status `failed`, shown to the agency admin). */
export const MAX_ATTEMPTS = 6
/** How long an instance may take to send a claimed digest before another instance may retake it. */
export const LEASE_MS = 5 * 60_000
/** Notifications older than this are no longer news for a digest (they stay in the app). */
const DIGEST_WINDOW_MS = 7 * 24 * 3_600_000

/**
 * Wait before attempt `attempts + 1` after `attempts` failed ones: 1, 4, 16, 64, 256 minutes
 * (capped at 6 hours), so a mail server down for an afternoon still gets the digest the same day.
 */
export function backoffMs(attempts: number): number {
  return Math.min(60_000 * 4 ** Math.max(0, attempts - 1), 6 * 3_600_000)
}

/**
 * Writes the day's digest for every active user with an e-mail address and unread notifications
 * not yet mailed (of the kinds they want by e-mail, from the last 7 days), and links those
 * notifications to it. One digest per user and day: the unique key (user, day) makes a second
 * composition — another instance, a restart — write nothing.
 * @returns how many digests were written.
 */
export async function composeDigests(trx: Db, input: { day: IsoDate; now: Date; appUrl: string; host: string }): Promise<number> {
  const since = new Date(input.now.getTime() - DIGEST_WINDOW_MS)
  const rows = await trx
    .selectFrom('notification as n')
    .innerJoin('appUser as u', 'u.id', 'n.userId')
    .leftJoin('notificationPreference as p', 'p.userId', 'u.id')
    .select(['n.id', 'n.userId', 'n.kind', 'n.params', 'n.link', 'u.email', 'u.displayName', 'p.locale', 'p.emailOff'])
    .where('u.active', '=', true)
    .where('u.email', 'is not', null)
    .where('n.readAt', 'is', null)
    .where('n.digestId', 'is', null)
    .where('n.createdAt', '>=', since)
    .where('n.createdAt', '<=', input.now)
    .where('n.kind', 'in', [...NOTIFICATION_KINDS])
    .orderBy('n.userId')
    .orderBy('n.id')
    .execute()
  const byUser = new Map<number, typeof rows>()
  for (const row of rows) {
    if ((row.emailOff ?? []).includes(row.kind)) continue
    byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row])
  }
  let written = 0
  for (const [userId, entries] of byUser) {
    const first = entries[0]!
    const locale = first.locale === 'en' ? 'en' : 'zh-TW'
    const mail = composeDigest({
      locale,
      displayName: first.displayName,
      day: input.day,
      appUrl: input.appUrl,
      entries: entries.map((e) => ({ kind: e.kind as NotificationKind, params: e.params as NotificationParams, link: e.link })),
    })
    const inserted = await trx
      .insertInto('mailOutbox')
      .values({
        userId,
        digestDate: input.day,
        toAddress: first.email!,
        subject: mail.subject,
        bodyText: mail.text,
        bodyHtml: mail.html,
        messageId: `<digest-${userId}-${input.day}@${input.host}>`,
        nextAttemptAt: input.now,
        createdAt: input.now,
      })
      .onConflict((oc) => oc.columns(['userId', 'digestDate']).doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) continue
    await trx.updateTable('notification').set({ digestId: inserted.id }).where('id', 'in', entries.map((e) => e.id)).execute()
    written += 1
  }
  return written
}

/**
 * Leases the next digest due for sending to `instanceId`: a pending one whose back-off has passed,
 * or one whose previous sender's lease ran out (it stopped mid-send). `FOR UPDATE SKIP LOCKED`
 * lets several instances claim at once without waiting for or taking each other's rows.
 * Counts the attempt. Undefined when nothing is due.
 */
export async function claimNextMail(db: Db, instanceId: string, now: Date): Promise<MailOutboxRow | undefined> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS)
  const result = await sql<MailOutboxRow>`
    update mail_outbox
    set status = 'sending', lease_until = ${leaseUntil}, claimed_by = ${instanceId}, attempts = attempts + 1
    where id = (
      select id from mail_outbox
      where (status = 'pending' and next_attempt_at <= ${now}) or (status = 'sending' and lease_until < ${now})
      order by next_attempt_at, id
      limit 1
      for update skip locked
    )
    returning *`.execute(db)
  return result.rows[0]
}

/** Records a delivery the SMTP server accepted. False when this instance no longer holds the lease. */
export async function markSent(db: Db, id: number, instanceId: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('mailOutbox')
    .set({ status: 'sent', sentAt: now, leaseUntil: null, lastError: null })
    .where('id', '=', id)
    .where('claimedBy', '=', instanceId)
    .where('status', '=', 'sending')
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Records a failed attempt: back to `pending` after {@link backoffMs}, or `failed` after
 * {@link MAX_ATTEMPTS}. The server's answer is kept for the agency admin.
 */
export async function markFailed(db: Db, row: Pick<MailOutboxRow, 'id' | 'attempts'>, instanceId: string, error: string, now: Date): Promise<MailStatus> {
  const status: MailStatus = row.attempts >= MAX_ATTEMPTS ? 'failed' : 'pending'
  await db
    .updateTable('mailOutbox')
    .set({ status, nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)), leaseUntil: null, lastError: error.slice(0, 1000) })
    .where('id', '=', row.id)
    .where('claimedBy', '=', instanceId)
    .where('status', '=', 'sending')
    .execute()
  return status
}

/** One delivery as the agency admin sees it (no bodies). */
export interface MailDelivery {
  id: number
  userDisplayName: string
  toAddress: string
  digestDate: string
  status: MailStatus
  attempts: number
  nextAttemptAt: Date
  lastError: string | null
  sentAt: Date | null
}

/** Counts by status and the deliveries that failed or are waiting to be retried, newest first. */
export async function mailSummary(db: Db, limit: number): Promise<{ counts: Record<MailStatus, number>; problems: MailDelivery[] }> {
  const counts = await db.selectFrom('mailOutbox').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute()
  const problems = await db
    .selectFrom('mailOutbox as m')
    .innerJoin('appUser as u', 'u.id', 'm.userId')
    .select(['m.id', 'u.displayName as userDisplayName', 'm.toAddress', sql<string>`to_char(m.digest_date, 'YYYY-MM-DD')`.as('digestDate'), 'm.status', 'm.attempts', 'm.nextAttemptAt', 'm.lastError', 'm.sentAt'])
    .where((eb) => eb.or([eb('m.status', '=', 'failed'), eb.and([eb('m.status', 'in', ['pending', 'sending']), eb('m.lastError', 'is not', null)])]))
    .orderBy('m.id', 'desc')
    .limit(limit)
    .execute()
  const out: Record<MailStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 }
  for (const c of counts) out[c.status] = Number(c.n)
  return { counts: out, problems }
}

/** Puts a failed delivery back in the queue now, with a fresh set of attempts. False when it is not failed. */
export async function requeueMail(db: Db, id: number, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('mailOutbox')
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}
