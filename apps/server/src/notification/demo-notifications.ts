import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { generateDeadlineNotifications, notifyInspectionSigned, notifyMeetingScheduled, notifyRemediationChange } from './notification-events.js'

type Db = Kysely<Database>

/** How far back the demo's past events are still news (older ones would bury the rest). */
const RECENT_MS = 60 * 24 * 3_600_000

/**
 * The demo's notifications, made by the real generators over the demo data as if each change had
 * just happened: items awaiting review or returned now, items released from tracking and
 * inspections signed below the threshold in the last 60 days (or in the latest round with such a
 * sheet), meetings still to come, and today's deadlines. Idempotent (the generators' keys), so a second run adds nothing.
 * @returns how many notifications were written.
 */
export async function seedNotifications(db: Db, now: Date = new Date()): Promise<number> {
  const since = new Date(now.getTime() - RECENT_MS)
  let written = 0
  // The latest event of each item that says why it is where it is now.
  const events = await db
    .selectFrom('remediationEvent as e')
    .innerJoin('remediationItem as i', 'i.id', 'e.remediationItemId')
    .select(['e.id', 'e.remediationItemId', 'e.action', 'e.note', 'e.at', 'i.status'])
    .where((eb) =>
      eb.or([
        eb.and([eb('i.status', '=', 'submitted'), eb('e.action', '=', 'submit')]),
        eb.and([eb('i.status', '=', 'returned'), eb('e.action', '=', 'return')]),
        eb.and([eb('i.status', '=', 'closed'), eb('e.action', '=', 'verify'), eb('e.at', '>=', since)]),
      ]),
    )
    .orderBy('e.remediationItemId')
    .orderBy('e.at', 'desc')
    .execute()
  const seen = new Set<number>()
  for (const event of events) {
    if (seen.has(event.remediationItemId)) continue
    seen.add(event.remediationItemId)
    const action = event.action as 'submit' | 'return' | 'verify'
    written += await notifyRemediationChange(db, { itemId: event.remediationItemId, eventId: event.id, action, note: event.note }, now)
  }
  // Sheets signed below the threshold in the last 60 days, or else those of the latest round that has any.
  const latest = await db.selectFrom('inspection').select('roundId').where('passed', '=', false).orderBy('signedAt', 'desc').limit(1).executeTakeFirst()
  const below = await db
    .selectFrom('inspection')
    .select('id')
    .where('passed', '=', false)
    .where((eb) => eb.or([eb('signedAt', '>=', since), eb('roundId', '=', latest?.roundId ?? 0)]))
    .orderBy('id')
    .execute()
  for (const inspection of below) written += await notifyInspectionSigned(db, inspection.id, now)
  const meetings = await db.selectFrom('meeting').select('id').orderBy('id').execute()
  for (const meeting of meetings) written += await notifyMeetingScheduled(db, meeting.id, now)
  written += (await generateDeadlineNotifications(db, now)).written
  return written
}
