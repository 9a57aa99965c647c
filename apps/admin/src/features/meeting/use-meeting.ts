import { computed, ref, shallowRef } from 'vue'
import type { AppError } from '../../api/errors'
import { api } from '../../api/trpc'
import type { MeetingDetail } from './meeting-rules'
import type { LoadStatus } from './use-meeting-list'

/**
 * One meeting with the items reported at it, and its minutes as a draft the recorder edits.
 * `saveMinutes` sends the draft; the server refuses users who may not record (its error is
 * rethrown, described, for the page to show) and the draft is kept so nothing typed is lost.
 */
export function useMeeting(describe: (error: unknown) => AppError) {
  const status = ref<LoadStatus>('idle')
  const meeting = shallowRef<MeetingDetail | null>(null)
  const error = ref<AppError | null>(null)
  const draft = ref('')
  /** The start time (`HH:MM`, '' when none) and place as being edited, saved with the minutes. */
  const startTime = ref('')
  const place = ref('')
  const saving = ref(false)
  /** True when the meeting does not exist or is outside the user's scope (the server does not say which). */
  const notFound = computed(() => error.value?.code === 'NOT_FOUND')
  const timeChanged = (m: MeetingDetail) => startTime.value.trim() !== (m.startTime ?? '')
  const placeChanged = (m: MeetingDetail) => place.value.trim() !== (m.place ?? '')
  const dirty = computed(() => meeting.value !== null && (draft.value !== meeting.value.minutes || timeChanged(meeting.value) || placeChanged(meeting.value)))
  let currentId = 0

  async function load(id: number): Promise<void> {
    currentId = id
    status.value = 'loading'
    error.value = null
    try {
      const loaded = await api.meeting.byId.query({ id })
      if (id !== currentId) return
      meeting.value = loaded
      draft.value = loaded.minutes
      startTime.value = loaded.startTime ?? ''
      place.value = loaded.place ?? ''
      status.value = 'ready'
    } catch (e) {
      if (id !== currentId) return
      meeting.value = null
      error.value = describe(e)
      status.value = 'error'
    }
  }

  /**
   * Saves the draft as the minutes, with the start time and place when they changed (blank clears
   * them). @throws AppError when the server refuses or cannot be reached.
   */
  async function saveMinutes(): Promise<void> {
    const current = meeting.value
    if (!current) return
    saving.value = true
    const minutes = draft.value
    try {
      // The version the minutes were read at: a save by someone else since is refused (CONFLICT), never overwritten.
      const saved = await api.meeting.updateMinutes.mutate({
        id: current.id,
        minutes,
        ...(timeChanged(current) ? { startTime: startTime.value.trim() || null } : {}),
        ...(placeChanged(current) ? { place: place.value.trim() || null } : {}),
        expectedVersion: current.version,
      })
      if (meeting.value?.id === current.id) {
        meeting.value = { ...meeting.value, minutes: saved.minutes, startTime: saved.startTime ?? null, place: saved.place ?? null, version: saved.version }
        startTime.value = saved.startTime ?? ''
        place.value = saved.place ?? ''
      }
    } catch (e) {
      throw describe(e)
    } finally {
      saving.value = false
    }
  }

  /**
   * Records items as reported at the meeting (new ones, or changed notes), then shows the stored
   * list. @throws AppError when the server refuses (e.g. an item not tracked in the meeting's round).
   */
  async function recordItems(items: { remediationItemId: number; note: string }[]): Promise<void> {
    const current = meeting.value
    if (!current || items.length === 0) return
    try {
      const recorded = await api.meeting.recordItems.mutate({ id: current.id, items })
      if (meeting.value?.id === current.id) meeting.value = { ...meeting.value, items: recorded.items }
    } catch (e) {
      throw describe(e)
    }
  }

  return { status, meeting, error, draft, startTime, place, saving, dirty, notFound, load, saveMinutes, recordItems }
}
