import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '../../api/trpc'

/**
 * The signed-in user's unread count, shared by the header bell and the list: the bell refreshes it
 * (on navigation and every minute), the list sets it from what the server answers after marking.
 */
export const useNotificationStore = defineStore('notification', () => {
  const unread = ref<number | null>(null)

  /** Asks the server; keeps the last count when the request fails (the bell is not worth an error). */
  async function refreshUnread(): Promise<void> {
    try {
      unread.value = (await api.notification.unreadCount.query()).count
    } catch {
      // Signed out or offline: the bell keeps what it showed.
    }
  }

  function setUnread(count: number): void {
    unread.value = count
  }

  function clear(): void {
    unread.value = null
  }

  return { unread, refreshUnread, setUnread, clear }
})
