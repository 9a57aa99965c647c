import { ref, shallowRef } from 'vue'
import type { AppError } from '../../api/errors'
import { api } from '../../api/trpc'
import type { MeetingSummary } from './meeting-rules'

export type LoadStatus = 'idle' | 'loading' | 'error' | 'ready'

/** What `create` sends (the form's draft once checked). */
export interface NewMeeting {
  roundId: number
  heldOn: string
  title: string
  /** Start time `HH:MM` (Taipei clock time); blank or absent when not yet known. */
  startTime?: string
  /** Where the meeting is held; blank or absent when not yet known. */
  place?: string
}

/**
 * The meetings the user may read (the server scopes them), and recording a new one. A newer
 * `load` wins over a slower older one. `create` rethrows the described error for the form to show
 * (its `fieldErrors` go next to the fields).
 */
export function useMeetingList(describe: (error: unknown) => AppError) {
  const status = ref<LoadStatus>('idle')
  const meetings = shallowRef<MeetingSummary[]>([])
  const error = ref<AppError | null>(null)
  let latest = 0

  async function load(): Promise<void> {
    const ticket = ++latest
    status.value = 'loading'
    error.value = null
    try {
      const result = await api.meeting.list.query()
      if (ticket !== latest) return
      meetings.value = result
      status.value = 'ready'
    } catch (e) {
      if (ticket !== latest) return
      error.value = describe(e)
      status.value = 'error'
    }
  }

  /** Records the meeting and returns its id. @throws AppError (FORBIDDEN, BAD_REQUEST with field errors…). */
  async function create(input: NewMeeting): Promise<number> {
    try {
      const created = await api.meeting.create.mutate({
        roundId: input.roundId,
        heldOn: input.heldOn,
        title: input.title.trim(),
        startTime: input.startTime?.trim() || null,
        place: input.place?.trim() || null,
      })
      return created.id
    } catch (e) {
      throw describe(e)
    }
  }

  return { status, meetings, error, load, create }
}
