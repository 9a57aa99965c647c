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
}

/** `meeting_item`: a remediation item whose progress was reported at a meeting. */
export interface MeetingItemTable {
  meetingId: number
  remediationItemId: number
  note: Generated<string>
}

export type MeetingRow = Selectable<MeetingTable>
