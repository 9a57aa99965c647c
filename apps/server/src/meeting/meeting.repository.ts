import type { IsoDate } from '@leap/domain'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'

type Db = Kysely<Database>

/** A committee meeting (dates as ISO strings), with its round's ROC year and half for labels. */
export interface Meeting {
  id: number
  roundId: number
  rocYear: number
  half: number
  heldOn: IsoDate
  title: string
  minutes: string
  createdBy: number | null
  createdAt: Date
  /** Bumped by every minutes save; a save names the version it was edited from. */
  version: number
  /** Start time, Asia/Taipei clock time `HH:MM`; null when not recorded. */
  startTime: string | null
  /** Where the meeting is held; null when not recorded. */
  place: string | null
}

/** A remediation item reported at a meeting, with the note recorded for it. */
export interface MeetingItem {
  remediationItemId: number
  branchId: number
  branchName: string
  roundId: number
  criterionCode: string
  title: string
  status: string
  note: string
}

function meetingQuery(db: Db) {
  return db
    .selectFrom('meeting')
    .innerJoin('round', 'round.id', 'meeting.roundId')
    .select([
      'meeting.id',
      'meeting.roundId',
      'round.rocYear',
      'round.half',
      sql<string>`to_char(meeting.held_on, 'YYYY-MM-DD')`.as('heldOn'),
      'meeting.title',
      'meeting.minutes',
      'meeting.createdBy',
      'meeting.createdAt',
      'meeting.version',
      'meeting.startTime',
      'meeting.place',
    ])
}

/** Meetings of the given rounds (all rounds when null), latest first. */
export async function listMeetings(db: Db, roundIds: readonly number[] | null): Promise<Meeting[]> {
  if (roundIds !== null && roundIds.length === 0) return []
  let query = meetingQuery(db).orderBy('meeting.heldOn', 'desc').orderBy('meeting.id', 'desc')
  if (roundIds !== null) query = query.where('meeting.roundId', 'in', [...roundIds])
  return query.execute()
}

export async function findMeeting(db: Db, id: number): Promise<Meeting | undefined> {
  return meetingQuery(db).where('meeting.id', '=', id).executeTakeFirst()
}

export async function insertMeeting(
  db: Db,
  row: { roundId: number; heldOn: IsoDate; title: string; minutes: string; startTime: string | null; place: string | null; createdBy: number | null },
): Promise<Meeting> {
  const { id } = await db.insertInto('meeting').values(row).returning('id').executeTakeFirstOrThrow()
  return (await findMeeting(db, id))!
}

/** What a minutes save may change; a field left out keeps its stored value. */
export interface MinutesChange {
  minutes: string
  startTime?: string | null
  place?: string | null
}

/**
 * Replaces the minutes (and the start time and place, when given) when the meeting is still at
 * `expectedVersion`, bumping the version.
 * @returns the meeting as stored, or undefined when the version moved on (nothing changed).
 */
export async function updateMinutes(db: Db, id: number, expectedVersion: number, change: MinutesChange): Promise<Meeting | undefined> {
  const updated = await db
    .updateTable('meeting')
    .set((eb) => ({
      minutes: change.minutes,
      ...(change.startTime !== undefined ? { startTime: change.startTime } : {}),
      ...(change.place !== undefined ? { place: change.place } : {}),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('id')
    .executeTakeFirst()
  return updated ? findMeeting(db, id) : undefined
}

/** Items reported at the meeting, by item id. */
export async function listMeetingItems(db: Db, meetingId: number): Promise<MeetingItem[]> {
  return db
    .selectFrom('meetingItem as mi')
    .innerJoin('remediationItem as ri', 'ri.id', 'mi.remediationItemId')
    .innerJoin('branch as b', 'b.id', 'ri.branchId')
    .select(['mi.remediationItemId', 'ri.branchId', 'b.name as branchName', 'ri.roundId', 'ri.criterionCode', 'ri.title', 'ri.status', 'mi.note'])
    .where('mi.meetingId', '=', meetingId)
    .orderBy('mi.remediationItemId')
    .execute()
}

/** Records (or re-records) the note for each item reported at the meeting. */
export async function upsertMeetingItems(db: Db, meetingId: number, items: readonly { remediationItemId: number; note: string }[]): Promise<void> {
  if (items.length === 0) return
  await db
    .insertInto('meetingItem')
    .values(items.map((i) => ({ meetingId, remediationItemId: i.remediationItemId, note: i.note })))
    .onConflict((oc) => oc.columns(['meetingId', 'remediationItemId']).doUpdateSet((eb) => ({ note: eb.ref('excluded.note') })))
    .execute()
}
