import { ref } from 'vue'
import { api, type Output } from '../../api/trpc'
import type { AppError } from '../../api/errors'
import { useNotificationStore } from './notification.store'

export type NotificationEntry = Output<typeof api.notification.list.query>['items'][number]

const PAGE = 20

/**
 * The list behind the notifications page: loads newest first, pages on with "older", marks one or
 * all read (the server answers with the new unread count, which the bell then shows).
 */
export function useNotificationList(describe: (error: unknown) => AppError) {
  const store = useNotificationStore()
  const items = ref<NotificationEntry[]>([])
  const status = ref<'idle' | 'loading' | 'error' | 'ready'>('idle')
  const error = ref<AppError | null>(null)
  const hasMore = ref(false)
  const busy = ref(false)
  const actionError = ref<string | null>(null)

  async function load(): Promise<void> {
    status.value = 'loading'
    error.value = null
    try {
      const page = await api.notification.list.query({ limit: PAGE })
      items.value = page.items
      hasMore.value = page.hasMore
      store.setUnread(page.unread)
      status.value = 'ready'
    } catch (e) {
      error.value = describe(e)
      status.value = 'error'
    }
  }

  async function loadMore(): Promise<void> {
    const last = items.value[items.value.length - 1]
    if (!last) return
    busy.value = true
    actionError.value = null
    try {
      const page = await api.notification.list.query({ limit: PAGE, beforeId: last.id })
      items.value = [...items.value, ...page.items]
      hasMore.value = page.hasMore
    } catch (e) {
      actionError.value = describe(e).message
    } finally {
      busy.value = false
    }
  }

  async function markRead(id: number): Promise<void> {
    busy.value = true
    actionError.value = null
    try {
      const result = await api.notification.markRead.mutate({ ids: [id] })
      const now = new Date().toISOString()
      items.value = items.value.map((n) => (n.id === id && !n.readAt ? { ...n, readAt: now } : n))
      store.setUnread(result.unread)
    } catch (e) {
      actionError.value = describe(e).message
    } finally {
      busy.value = false
    }
  }

  async function markAllRead(): Promise<boolean> {
    busy.value = true
    actionError.value = null
    try {
      await api.notification.markAllRead.mutate()
      const now = new Date().toISOString()
      items.value = items.value.map((n) => (n.readAt ? n : { ...n, readAt: now }))
      store.setUnread(0)
      return true
    } catch (e) {
      actionError.value = describe(e).message
      return false
    } finally {
      busy.value = false
    }
  }

  return { items, status, error, hasMore, busy, actionError, load, loadMore, markRead, markAllRead }
}
