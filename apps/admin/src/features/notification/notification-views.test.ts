import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { createI18n } from 'vue-i18n'
import { createMemoryHistory, createRouter } from 'vue-router'
import { messages } from '../../i18n/messages'
import { testPlugins } from '../../test-utils/plugins'
import { useSessionStore } from '../../stores/session.store'
import { notificationText, notificationTime } from './notification-text'

const mocks = vi.hoisted(() => ({ list: vi.fn(), markRead: vi.fn(), markAllRead: vi.fn(), preferences: vi.fn(), updatePreferences: vi.fn(), unreadCount: vi.fn() }))
vi.mock('../../api/trpc', () => ({
  api: {
    notification: {
      list: { query: mocks.list },
      markRead: { mutate: mocks.markRead },
      markAllRead: { mutate: mocks.markAllRead },
      preferences: { query: mocks.preferences },
      updatePreferences: { mutate: mocks.updatePreferences },
      unreadCount: { query: mocks.unreadCount },
      mailStatus: { query: async () => ({ emailOn: false, workers: [], lastRuns: [], counts: { pending: 0, sending: 0, sent: 0, failed: 0 }, problems: [] }) },
    },
  },
}))

const { default: NotificationListView } = await import('./NotificationListView.vue')
const { useNotificationStore } = await import('./notification.store')

const returned = { id: 12, kind: 'itemReturned', params: { itemTitle: '網站更新時間未標示', note: '照片不清楚', itemId: 31 }, link: '/branch/items/31', createdAt: '2025-03-20T02:00:00.000Z', readAt: null }
const dueSoon = { id: 11, kind: 'itemDueSoon', params: { itemTitle: '服務流程圖', unitName: '秘書室', dueDate: '2025-03-25', days: 5 }, link: '/branch/items/30', createdAt: '2025-03-19T02:00:00.000Z', readAt: null }

function t(locale: 'zh-TW' | 'en') {
  const i18n = createI18n({ legacy: false, locale, messages })
  return (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {})
}

describe('notificationText', () => {
  it('words each kind from its params with ROC dates, in Chinese and English, never with internal codes', () => {
    expect(notificationText(dueSoon, t('zh-TW'), 'zh-TW')).toBe('列管事項「服務流程圖」（秘書室）將於114年3月25日到期，剩 5 天。')
    expect(notificationText(dueSoon, t('en'), 'en')).toBe('Tracked item “服務流程圖” (秘書室) is due on ROC 114/03/25, in 5 day(s).')
    const below = { kind: 'inspectionBelowThreshold', params: { branchName: '臺北分署', rocYear: 114, half: 1, totalPoints: 702.5, passThreshold: 750 } }
    expect(notificationText(below, t('zh-TW'), 'zh-TW')).toBe('臺北分署114年上半年考核總分 702.5 分，未達 750 分，應提出具體改善作法。')
    // The server stores the Chinese branch name: English names the branch in English.
    expect(notificationText(below, t('en'), 'en')).toBe('Taipei Branch scored 702.5 in ROC 114, first half, below 750: an improvement plan is due.')
    const meeting = { kind: 'meetingScheduled', params: { meetingTitle: '第2次會議', heldOn: '2025-04-15', itemCount: 3 } }
    expect(notificationText(meeting, t('zh-TW'), 'zh-TW')).toBe('任務編組會議「第2次會議」訂於114年4月15日召開，應提報列管事項 3 項。')
    expect(notificationTime('2025-03-20T05:07:00.000Z', 'zh-TW')).toBe('114年3月20日 13:07')
    expect(notificationTime('2025-03-20T05:07:00.000Z', 'en')).toBe('ROC 114/03/20 13:07')
    for (const kind of ['itemOverdue', 'itemSubmitted', 'itemReturned', 'itemClosed', 'sheetUnfinished']) {
      const text = notificationText({ kind, params: {} }, t('zh-TW'), 'zh-TW')
      expect(text).not.toMatch(/[a-z]{4,}|notification\./)
      expect(text.length).toBeGreaterThan(5)
    }
  })
})

describe('NotificationListView', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    for (const m of Object.values(mocks)) m.mockReset()
    mocks.list.mockResolvedValue({ items: [returned, dueSoon], unread: 2, hasMore: false })
    mocks.preferences.mockResolvedValue({ locale: 'zh-TW', emailOff: [], version: 0, email: 'tpe-staff@example.gov.tw', emailOn: false })
  })

  async function mountView() {
    useSessionStore().me = { id: 1, username: 'tpe-staff', displayName: '臺北承辦', agencyRole: null, branchId: 1, branchRole: 'staff', branch: null, roles: [], committee: false, committeeRounds: [] } as never
    const Stub = defineComponent({ template: '<p>stub</p>' })
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/notifications', component: NotificationListView }, { path: '/branch/items/:id', component: Stub }] })
    await router.push('/notifications')
    const wrapper = mount(NotificationListView, { global: { plugins: [...testPlugins(), router] as never } })
    await flushPromises()
    return wrapper
  }

  it('lists the notifications with links to act, marks one read and then all, and keeps the bell count in step', async () => {
    const wrapper = await mountView()
    const store = useNotificationStore()
    expect(store.unread).toBe(2)
    expect(wrapper.get('[data-testid="notification-12"]').text()).toContain('「網站更新時間未標示」之提報經任務編組退回：照片不清楚')
    expect(wrapper.get('[data-testid="notification-12"] a').attributes('href')).toBe('/branch/items/31')
    expect(wrapper.text()).toContain('本系統目前未設定寄信伺服器')

    mocks.markRead.mockResolvedValue({ read: [12], unread: 1 })
    await wrapper.get('[data-testid="notification-read-12"]').trigger('click')
    await flushPromises()
    expect(mocks.markRead).toHaveBeenCalledWith({ ids: [12] })
    expect(store.unread).toBe(1)
    expect(wrapper.find('[data-testid="notification-read-12"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="notification-unread-summary"]').text()).toBe('1 則未讀')

    mocks.markAllRead.mockResolvedValue({ read: 1, unread: 0 })
    await wrapper.get('[data-testid="notification-mark-all"]').trigger('click')
    await flushPromises()
    expect(store.unread).toBe(0)
    expect(wrapper.text()).toContain('已全部標為已讀。')
  })

  it('saves the e-mail settings: language and the kinds not wanted by e-mail', async () => {
    const wrapper = await mountView()
    mocks.updatePreferences.mockResolvedValue({ locale: 'en', emailOff: ['itemDueSoon'], version: 1 })
    await wrapper.get('input[value="en"]').setValue(true)
    await wrapper.get('[data-testid="notification-pref-itemDueSoon"]').setValue(false)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(mocks.updatePreferences).toHaveBeenCalledWith({ locale: 'en', emailOff: ['itemDueSoon'], expectedVersion: 0 })
    expect(wrapper.text()).toContain('通知信設定已儲存。')
  })
})
