import type { ColumnType, Generated, Selectable } from 'kysely'

/** `meeting`: a committee meeting of a round (≥ 1 per half year), with its minutes. */
export interface MeetingTable {
  id: Generated<number>
  roundId: number
  heldOn: ColumnType<Date | string, string, string>
  title: string
  minutes: Generated<string>
  createdBy: number | null
  createdAt: Generated<Date>
  /** Optimistic-concurrency version of the minutes (0017); bumped by every minutes save. */
  version: Generated<number>
  /** Start time, Asia/Taipei clock time `HH:MM` (0020); null for meetings recorded before. */
  startTime: string | null
  /** Where the meeting is held (0020); null when not recorded. */
  place: string | null
}

/** `meeting_item`: a remediation item whose progress was reported at a meeting. */
export interface MeetingItemTable {
  meetingId: number
  remediationItemId: number
  note: Generated<string>
}

export type MeetingRow = Selectable<MeetingTable>
