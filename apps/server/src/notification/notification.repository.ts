import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { writeKeyed } from '../db/guarded-update.js'
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationParams } from './notification-kinds.js'

type Db = Kysely<Database>

/** One notification to write: for whom, what, and where to act. */
export interface NotificationDraft {
  userId: number
  kind: NotificationKind
  params: NotificationParams
  /** Path inside the admin, e.g. `/branch/items/12`. */
  link: string
  branchId: number | null
  /** Same news, same key: a user gets it once however often it is generated. */
  dedupeKey: string
}

/** A notification as its reader sees it. */
export interface Notification {
  id: number
  kind: NotificationKind
  params: NotificationParams
  link: string
  createdAt: Date
  readAt: Date | null
}

/**
 * Writes notifications, skipping any a user already has under the same `dedupeKey`. Call it with
 * the transaction of the change that causes them, so both commit or neither does.
 * @returns how many were new.
 */
export async function insertNotifications(db: Db, drafts: readonly NotificationDraft[], now: Date): Promise<number> {
  let written = 0
  // 7 parameters a row: chunks stay far below PostgreSQL's 65,535 bind parameters.
  for (let start = 0; start < drafts.length; start += 1000) {
    const inserted = await db
      .insertInto('notification')
      .values(
        drafts.slice(start, start + 1000).map((d) => ({
          userId: d.userId,
          kind: d.kind,
          params: JSON.stringify(d.params),
          link: d.link,
          branchId: d.branchId,
          dedupeKey: d.dedupeKey,
          createdAt: now,
        })),
      )
      .onConflict((oc) => oc.columns(['userId', 'dedupeKey']).doNothing())
      .returning('id')
      .execute()
    written += inserted.length
  }
  return written
}

function toNotification(row: { id: number; kind: string; params: unknown; link: string; createdAt: Date; readAt: Date | null }): Notification {
  return { ...row, kind: row.kind as NotificationKind, params: (row.params ?? {}) as NotificationParams }
}

/** The user's notifications, newest first (`beforeId` pages on), `limit` rows. */
export async function listNotifications(db: Db, userId: number, options: { limit: number; beforeId?: number | undefined; unreadOnly?: boolean | undefined }): Promise<Notification[]> {
  let query = db
    .selectFrom('notification')
    .select(['id', 'kind', 'params', 'link', 'createdAt', 'readAt'])
    .where('userId', '=', userId)
    .where('kind', 'in', [...NOTIFICATION_KINDS])
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId)
  if (options.unreadOnly) query = query.where('readAt', 'is', null)
  const rows = await query.orderBy('id', 'desc').limit(options.limit).execute()
  return rows.map(toNotification)
}

/** How many of the user's notifications are unread. */
export async function countUnread(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Marks the user's notifications read (all unread ones when `ids` is null). Ids of other users'
 * notifications change nothing.
 * @returns the ids that were unread and are now read.
 */
export async function markRead(db: Db, userId: number, ids: readonly number[] | null, now: Date): Promise<number[]> {
  if (ids !== null && ids.length === 0) return []
  let query = db.updateTable('notification').set({ readAt: now }).where('userId', '=', userId).where('readAt', 'is', null)
  if (ids !== null) query = query.where('id', 'in', [...ids])
  const rows = await query.returning('id').execute()
  return rows.map((r) => r.id).sort((a, b) => a - b)
}

/** Ids among `ids` that belong to the user (read or not). */
export async function ownedNotificationIds(db: Db, userId: number, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return []
  const rows = await db.selectFrom('notification').select('id').where('userId', '=', userId).where('id', 'in', [...ids]).execute()
  return rows.map((r) => r.id)
}

/** A user's notification preferences (defaults while they have none stored). */
export interface NotificationPreferences {
  locale: 'zh-TW' | 'en'
  /** Kinds the user does not want by e-mail. */
  emailOff: NotificationKind[]
  /** 0 while the defaults apply. */
  version: number
}

/** The user's preferences: Chinese and every kind by e-mail until they change them. */
export async function findPreferences(db: Db, userId: number): Promise<NotificationPreferences> {
  const row = await db.selectFrom('notificationPreference').select(['locale', 'emailOff', 'version']).where('userId', '=', userId).executeTakeFirst()
  if (!row) return { locale: 'zh-TW', emailOff: [], version: 0 }
  const known = new Set<string>(NOTIFICATION_KINDS)
  return { locale: row.locale === 'en' ? 'en' : 'zh-TW', emailOff: row.emailOff.filter((k): k is NotificationKind => known.has(k)), version: row.version }
}

/**
 * Stores the user's preferences if `expectedVersion` is the stored one (0: none stored yet).
 * @returns the new version, or null when the row changed since it was read.
 */
export async function writePreferences(db: Db, userId: number, input: { locale: 'zh-TW' | 'en'; emailOff: readonly NotificationKind[]; expectedVersion: number }, now: Date): Promise<number | null> {
  const emailOff = [...new Set(input.emailOff)].sort()
  return writeKeyed(db, 'notificationPreference', { column: 'userId', value: userId }, input.expectedVersion, { locale: input.locale, emailOff }, now)
}
