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
  const saving = ref(false)
  /** True when the meeting does not exist or is outside the user's scope (the server does not say which). */
  const notFound = computed(() => error.value?.code === 'NOT_FOUND')
  const dirty = computed(() => meeting.value !== null && draft.value !== meeting.value.minutes)
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
      status.value = 'ready'
    } catch (e) {
      if (id !== currentId) return
      meeting.value = null
      error.value = describe(e)
      status.value = 'error'
    }
  }

  /** Saves the draft as the minutes. @throws AppError when the server refuses or cannot be reached. */
  async function saveMinutes(): Promise<void> {
    const current = meeting.value
    if (!current) return
    saving.value = true
    const minutes = draft.value
    try {
      // The version the minutes were read at: a save by someone else since is refused (CONFLICT), never overwritten.
      const saved = await api.meeting.updateMinutes.mutate({ id: current.id, minutes, expectedVersion: current.version })
      if (meeting.value?.id === current.id) meeting.value = { ...meeting.value, minutes: saved.minutes, version: saved.version }
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

  return { status, meeting, error, draft, saving, dirty, notFound, load, saveMinutes, recordItems }
}
