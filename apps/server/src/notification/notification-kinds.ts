import { z } from 'zod'

/**
 * What the system tells people, each to those who can act on it:
 * - `itemDueSoon` / `itemOverdue`: a tracked item is due within the `dueSoonDays` setting, or past
 *   its due date (the branch's manager and staff; daily job);
 * - `itemSubmitted`: a branch submitted a fix for review (the round's convener and secretary);
 * - `itemReturned` / `itemClosed`: the committee returned the submission or released the item
 *   from tracking (the branch);
 * - `sheetUnfinished`: a member's score sheet is still not marked 完成評分 {@link SHEET_REMINDER_DAYS}
 *   days before the consensus date (the member; daily job);
 * - `meetingScheduled`: a committee meeting is scheduled, with the items to report (the committee
 *   and each branch with items, about its own items only);
 * - `inspectionBelowThreshold`: an inspection was signed below the pass threshold, so an
 *   improvement plan is due (the branch and the agency admins).
 * Values are identifiers, never shown: the admin and the e-mail templates word them.
 */
export const NOTIFICATION_KINDS = [
  'itemDueSoon',
  'itemOverdue',
  'itemSubmitted',
  'itemReturned',
  'itemClosed',
  'sheetUnfinished',
  'meetingScheduled',
  'inspectionBelowThreshold',
] as const

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export const notificationKindSchema = z.enum(NOTIFICATION_KINDS)

/**
 * The consensus date of an inspection: nothing in the data model records when the convener holds
 * consensus, so it is taken as this many days after the inspection day (the committee scores on
 * the day and agrees the sheet within the week).
 */
export const CONSENSUS_AFTER_DAYS = 7

/** A member whose sheet is still unfinished this many days before the consensus date is reminded. */
export const SHEET_REMINDER_DAYS = 2

/** What a notification's wording needs; every field optional so older rows still read. */
export interface NotificationParams {
  itemId?: number
  itemTitle?: string
  unitName?: string
  branchName?: string
  /** ISO date (the reader writes it as a ROC date). */
  dueDate?: string
  /** Days until due (due soon) or past due (overdue). */
  days?: number
  note?: string | null
  inspectionId?: number
  inspectedOn?: string
  consensusOn?: string
  rocYear?: number
  half?: number
  totalPoints?: number
  passThreshold?: number
  meetingId?: number
  meetingTitle?: string
  heldOn?: string
  /** Items to report at a meeting: all of the round's (committee) or the branch's own. */
  itemCount?: number
}
