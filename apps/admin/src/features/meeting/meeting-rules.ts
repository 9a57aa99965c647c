import type { api, Output } from '../../api/trpc'

export type MeetingSummary = Output<typeof api.meeting.list.query>[number]
export type MeetingDetail = Output<typeof api.meeting.byId.query>

/** What the create form reads of the signed-in user (a subset of `auth.me`). */
export interface RecorderSource {
  agencyRole: 'admin' | 'viewer' | null
  committeeRounds: readonly { roundId: number; role: 'convener' | 'member' | 'secretary' }[]
}

/** Meetings of one round, for the list's sections. */
export interface RoundGroup<M> {
  roundId: number
  rocYear: number
  half: number
  meetings: M[]
}

/**
 * Groups meetings by round, newest round first (ROC year, then half), each round's meetings latest
 * first (the server's order is kept within a round). Never throws.
 */
export function groupByRound<M extends { roundId: number; rocYear: number; half: number; heldOn: string; id: number }>(meetings: readonly M[]): RoundGroup<M>[] {
  const groups = new Map<number, RoundGroup<M>>()
  for (const m of meetings) {
    let group = groups.get(m.roundId)
    if (!group) groups.set(m.roundId, (group = { roundId: m.roundId, rocYear: m.rocYear, half: m.half, meetings: [] }))
    group.meetings.push(m)
  }
  const byDate = (a: M, b: M) => (a.heldOn === b.heldOn ? b.id - a.id : a.heldOn < b.heldOn ? 1 : -1)
  return [...groups.values()]
    .map((g) => ({ ...g, meetings: [...g.meetings].sort(byDate) }))
    .sort((a, b) => b.rocYear - a.rocYear || b.half - a.half || b.roundId - a.roundId)
}

/**
 * The rounds in which `me` may record a meeting, by the server's rule for `meeting.create`: the
 * agency admin in any round, otherwise the round's convener or secretary (viewers never). The
 * server stays the judge; this only decides whether the form is offered and what it lists.
 */
export function recordableRounds<R extends { id: number }>(me: RecorderSource | null, rounds: readonly R[]): R[] {
  if (!me || me.agencyRole === 'viewer') return []
  if (me.agencyRole === 'admin') return [...rounds]
  const seats = new Set(me.committeeRounds.filter((s) => s.role === 'convener' || s.role === 'secretary').map((s) => s.roundId))
  return rounds.filter((r) => seats.has(r.id))
}

/** The meeting pack (minutes, items reported, signed score sheets) as one PDF from the report routes. */
export function meetingPackUrl(meetingId: number): string {
  return `/api/reports/meetings/${meetingId}/pack.pdf`
}

/** What the create form holds before it is sent. */
export interface NewMeetingDraft {
  roundId: number | null
  heldOn: string | null
  title: string
  /** `HH:MM` from the time input ('' when not known yet). */
  startTime?: string
  place?: string
}

/** A start time as the server takes it: `HH:MM`, 00:00–23:59. */
export const CLOCK_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/

/** Field problems of a draft, as message keys by field (empty when it can be sent). Never throws. */
export function draftProblems(draft: NewMeetingDraft): Partial<Record<keyof NewMeetingDraft, string>> {
  const problems: Partial<Record<keyof NewMeetingDraft, string>> = {}
  if (draft.roundId === null) problems.roundId = 'meeting.create.roundRequired'
  if (!draft.heldOn) problems.heldOn = 'meeting.create.heldOnRequired'
  const title = draft.title.trim()
  if (!title) problems.title = 'meeting.create.titleRequired'
  else if (title.length > 200) problems.title = 'meeting.create.titleTooLong'
  const startTime = draft.startTime?.trim() ?? ''
  if (startTime && !CLOCK_TIME.test(startTime)) problems.startTime = 'meeting.create.startTimeInvalid'
  if ((draft.place?.trim().length ?? 0) > 200) problems.place = 'meeting.create.placeTooLong'
  return problems
}

/** One row of the "items reported" form: a tracked item of the round, whether it is (to be) reported, and its note. */
export interface ReportRow {
  remediationItemId: number
  /** Already recorded at this meeting (it cannot be taken off; its note can change). */
  reported: boolean
  selected: boolean
  note: string
  /** The note as stored, to send only what changed. */
  storedNote: string
}

/**
 * Rows for the form: every item of the round, reported ones first-class with their stored note.
 * Items reported but no longer in the round's list (carried over) still get their row.
 */
export function reportRows(candidates: readonly { id: number }[], reported: readonly { remediationItemId: number; note: string }[]): ReportRow[] {
  const notes = new Map(reported.map((r) => [r.remediationItemId, r.note]))
  const ids = [...new Set([...reported.map((r) => r.remediationItemId), ...candidates.map((c) => c.id)])]
  return ids.map((id) => {
    const stored = notes.get(id)
    return { remediationItemId: id, reported: stored !== undefined, selected: stored !== undefined, note: stored ?? '', storedNote: stored ?? '' }
  })
}

/**
 * What `meeting.recordItems` should receive: newly selected items, and reported items whose note
 * changed (re-recording replaces the note). Notes are trimmed. Empty when there is nothing to send.
 */
export function itemsToRecord(rows: readonly ReportRow[]): { remediationItemId: number; note: string }[] {
  return rows
    .filter((r) => (r.reported ? r.note.trim() !== r.storedNote.trim() : r.selected))
    .map((r) => ({ remediationItemId: r.remediationItemId, note: r.note.trim() }))
}
