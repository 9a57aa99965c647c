import { addCalendarDays, daysBetween, taipeiDate, type IsoDate, type RemediationAction } from '@leap/domain'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { findItem, type RemediationItem } from '../remediation/remediation.repository.js'
import { getSetting } from '../setting/setting.repository.js'
import { CONSENSUS_AFTER_DAYS, SHEET_REMINDER_DAYS, type NotificationParams } from './notification-kinds.js'
import { agencyAdmins, branchUsers, branchUsersByBranch, roundCommittee } from './notification-recipients.js'
import { insertNotifications, type NotificationDraft } from './notification.repository.js'

type Db = Kysely<Database>

/**
 * The generators: each turns one change (or one day) into the notifications its people need, and
 * writes them with {@link insertNotifications} in the caller's transaction. Event generators are
 * called once from the code that makes the change; the deadline generator by the daily job.
 * A branch is only ever told about its own records.
 */

/** Where a branch user opens an item, and where the committee and agency do. */
const branchItemLink = (id: number) => `/branch/items/${id}`
const boardItemLink = (id: number) => `/remediation/${id}`

function itemParams(item: RemediationItem): NotificationParams {
  return { itemId: item.id, itemTitle: item.title, unitName: item.unitName, branchName: item.branchName, dueDate: item.dueDate, rocYear: item.rocYear, half: item.half }
}

/** A lifecycle change of a remediation item, as {@link notifyRemediationChange} needs it. */
export interface RemediationChange {
  itemId: number
  /** The timeline entry the change wrote: keys the news, so a second submission is news again. */
  eventId: number
  /** The lifecycle action (`submit`, `return`, `verify` are news; any other tells no one). */
  action: RemediationAction | (string & {})
  note: string | null
}

/**
 * A remediation item changed: a submission tells the round's convener and secretary (not recused
 * from the branch); a return or a release from tracking tells the branch. Other actions tell no one.
 * @returns how many notifications were written.
 */
export async function notifyRemediationChange(trx: Db, change: RemediationChange, now: Date): Promise<number> {
  if (change.action !== 'submit' && change.action !== 'return' && change.action !== 'verify') return 0
  const item = await findItem(trx, change.itemId)
  if (!item) return 0
  const params = { ...itemParams(item), note: change.note }
  if (change.action === 'submit') {
    const reviewers = await roundCommittee(trx, item.roundId, ['convener', 'secretary'], item.branchId)
    return insertNotifications(
      trx,
      reviewers.map((userId) => ({ userId, kind: 'itemSubmitted', params, link: boardItemLink(item.id), branchId: item.branchId, dedupeKey: `item-event:${change.eventId}` })),
      now,
    )
  }
  const kind = change.action === 'return' ? 'itemReturned' : 'itemClosed'
  const users = await branchUsers(trx, item.branchId)
  return insertNotifications(
    trx,
    users.map((userId) => ({ userId, kind, params, link: branchItemLink(item.id), branchId: item.branchId, dedupeKey: `item-event:${change.eventId}` })),
    now,
  )
}

/**
 * An inspection was signed: below the pass threshold the branch (its results page) and the agency
 * admins (the sheet) learn that an improvement plan is due. Passing sheets tell no one.
 */
export async function notifyInspectionSigned(trx: Db, inspectionId: number, now: Date): Promise<number> {
  const row = await trx
    .selectFrom('inspection as i')
    .innerJoin('branch as b', 'b.id', 'i.branchId')
    .innerJoin('round as r', 'r.id', 'i.roundId')
    .select(['i.id', 'i.branchId', 'b.name as branchName', 'r.rocYear', 'r.half', 'i.totalPoints', 'i.passThreshold', 'i.passed', sql<string>`to_char(i.inspected_on, 'YYYY-MM-DD')`.as('inspectedOn')])
    .where('i.id', '=', inspectionId)
    .executeTakeFirst()
  if (!row || row.passed !== false) return 0
  const params: NotificationParams = {
    inspectionId: row.id,
    branchName: row.branchName,
    rocYear: row.rocYear,
    half: row.half,
    inspectedOn: row.inspectedOn,
    totalPoints: Number(row.totalPoints),
    passThreshold: Number(row.passThreshold),
  }
  const dedupeKey = `inspection-below:${row.id}`
  const drafts: NotificationDraft[] = [
    ...(await branchUsers(trx, row.branchId)).map((userId) => ({ userId, kind: 'inspectionBelowThreshold' as const, params, link: '/branch', branchId: row.branchId, dedupeKey })),
    ...(await agencyAdmins(trx)).map((userId) => ({ userId, kind: 'inspectionBelowThreshold' as const, params, link: `/inspections/${row.id}`, branchId: row.branchId, dedupeKey })),
  ]
  return insertNotifications(trx, drafts, now)
}

/**
 * A committee meeting was scheduled (held today or later; recording a past meeting tells no one):
 * the round's committee learns how many tracked items there are to report, and each branch with
 * items learns how many of its own.
 */
export async function notifyMeetingScheduled(trx: Db, meetingId: number, now: Date): Promise<number> {
  const meeting = await trx
    .selectFrom('meeting as m')
    .innerJoin('round as r', 'r.id', 'm.roundId')
    .select(['m.id', 'm.roundId', 'm.title', 'r.rocYear', 'r.half', sql<string>`to_char(m.held_on, 'YYYY-MM-DD')`.as('heldOn')])
    .where('m.id', '=', meetingId)
    .executeTakeFirst()
  if (!meeting || meeting.heldOn < taipeiDate(now)) return 0
  const counts = await trx
    .selectFrom('remediationItem')
    .select(['branchId', (eb) => eb.fn.countAll<string>().as('n')])
    .where('roundId', '=', meeting.roundId)
    .where('status', 'not in', ['closed', 'cancelled'])
    .groupBy('branchId')
    .execute()
  const base: NotificationParams = { meetingId: meeting.id, meetingTitle: meeting.title, heldOn: meeting.heldOn, rocYear: meeting.rocYear, half: meeting.half }
  const dedupeKey = `meeting:${meeting.id}`
  const link = `/meetings/${meeting.id}`
  const total = counts.reduce((sum, c) => sum + Number(c.n), 0)
  const committee = await roundCommittee(trx, meeting.roundId, ['convener', 'member', 'secretary'])
  const drafts: NotificationDraft[] = committee.map((userId) => ({ userId, kind: 'meetingScheduled', params: { ...base, itemCount: total }, link, branchId: null, dedupeKey }))
  const byBranch = await branchUsersByBranch(trx, counts.map((c) => c.branchId))
  const names = new Map((await trx.selectFrom('branch').select(['id', 'name']).execute()).map((b) => [b.id, b.name]))
  for (const c of counts) {
    const params = { ...base, itemCount: Number(c.n), branchName: names.get(c.branchId) ?? '' }
    for (const userId of byBranch.get(c.branchId) ?? []) drafts.push({ userId, kind: 'meetingScheduled', params, link, branchId: c.branchId, dedupeKey })
  }
  return insertNotifications(trx, drafts, now)
}

/** What one run of {@link generateDeadlineNotifications} wrote. */
export interface DeadlineRun {
  today: IsoDate
  /** Notifications due for each kind today (already written ones included). */
  dueSoon: number
  overdue: number
  sheetUnfinished: number
  /** How many of them were new. */
  written: number
}

/**
 * The daily deadlines, as of `now` (Asia/Taipei day): items due within the `dueSoonDays` setting
 * and items overdue (the branch; once per item and due date — a changed due date is news again),
 * and members' sheets still unfinished {@link SHEET_REMINDER_DAYS} days before the consensus date
 * (once per sheet). Items awaiting the committee's review (submitted) are not the branch's to chase.
 * Idempotent: running it twice the same day, or on two instances, writes nothing new.
 */
export async function generateDeadlineNotifications(db: Db, now: Date): Promise<DeadlineRun> {
  const today = taipeiDate(now)
  const dueSoonDays = await getSetting(db, 'dueSoonDays')
  const horizon = addCalendarDays(today, dueSoonDays)
  const items = await db
    .selectFrom('remediationItem as ri')
    .innerJoin('branch as b', 'b.id', 'ri.branchId')
    .innerJoin('unit as u', 'u.id', 'ri.unitId')
    .innerJoin('round as r', 'r.id', 'ri.roundId')
    .select(['ri.id', 'ri.branchId', 'ri.title', 'u.name as unitName', 'b.name as branchName', 'r.rocYear', 'r.half', sql<string>`to_char(ri.due_date, 'YYYY-MM-DD')`.as('dueDate')])
    .where('ri.status', 'in', ['open', 'in_progress', 'returned'])
    .where('ri.dueDate', '<=', horizon)
    .orderBy('ri.id')
    .execute()
  const byBranch = await branchUsersByBranch(db, [...new Set(items.map((i) => i.branchId))])
  const drafts: NotificationDraft[] = []
  for (const item of items) {
    const late = item.dueDate < today
    const params: NotificationParams = {
      itemId: item.id,
      itemTitle: item.title,
      unitName: item.unitName,
      branchName: item.branchName,
      dueDate: item.dueDate,
      rocYear: item.rocYear,
      half: item.half,
      days: late ? daysBetween(item.dueDate, today) : daysBetween(today, item.dueDate),
    }
    for (const userId of byBranch.get(item.branchId) ?? []) {
      drafts.push({
        userId,
        kind: late ? 'itemOverdue' : 'itemDueSoon',
        params,
        link: branchItemLink(item.id),
        branchId: item.branchId,
        dedupeKey: `${late ? 'item-overdue' : 'item-due-soon'}:${item.id}:${item.dueDate}`,
      })
    }
  }
  const written = await insertNotifications(db, drafts, now)
  const overdue = drafts.filter((d) => d.kind === 'itemOverdue').length
  const sheets = await generateSheetReminders(db, today, now)
  return { today, dueSoon: drafts.length - overdue, overdue, sheetUnfinished: sheets.drafts, written: written + sheets.written }
}

/** Members (and the convener, who scores too) of inspections still being scored who have not marked their sheet 完成評分. */
async function generateSheetReminders(db: Db, today: IsoDate, now: Date): Promise<{ drafts: number; written: number }> {
  // The reminder is due from (consensus date − SHEET_REMINDER_DAYS) = inspection day + this many days.
  const remindFrom = CONSENSUS_AFTER_DAYS - SHEET_REMINDER_DAYS
  const inspections = await db
    .selectFrom('inspection as i')
    .innerJoin('round as r', 'r.id', 'i.roundId')
    .innerJoin('branch as b', 'b.id', 'i.branchId')
    .select(['i.id', 'i.roundId', 'i.branchId', 'b.name as branchName', 'r.rocYear', 'r.half', sql<string>`to_char(i.inspected_on, 'YYYY-MM-DD')`.as('inspectedOn')])
    .where('i.status', '=', 'scoring')
    .where('i.inspectedOn', '<=', addCalendarDays(today, -remindFrom))
    .execute()
  const drafts: NotificationDraft[] = []
  for (const inspection of inspections) {
    const scorers = await roundCommittee(db, inspection.roundId, ['convener', 'member'], inspection.branchId)
    if (scorers.length === 0) continue
    // Finished means marked 完成評分 (sheet_completion): the explicit state the convener waits for.
    const completed = await db.selectFrom('sheetCompletion').select('memberId').where('inspectionId', '=', inspection.id).execute()
    const done = new Set(completed.map((c) => c.memberId))
    const params: NotificationParams = {
      inspectionId: inspection.id,
      branchName: inspection.branchName,
      inspectedOn: inspection.inspectedOn,
      consensusOn: addCalendarDays(inspection.inspectedOn, CONSENSUS_AFTER_DAYS),
      rocYear: inspection.rocYear,
      half: inspection.half,
    }
    for (const userId of scorers) {
      if (done.has(userId)) continue
      drafts.push({ userId, kind: 'sheetUnfinished', params, link: `/inspections/${inspection.id}`, branchId: null, dedupeKey: `sheet-unfinished:${inspection.id}` })
    }
  }
  return { drafts: drafts.length, written: await insertNotifications(db, drafts, now) }
}
