import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { testPlugins } from '../../test-utils/plugins'
import { useSessionStore } from '../../stores/session.store'

const mocks = vi.hoisted(() => ({ byId: vi.fn(), updateMinutes: vi.fn(), recordItems: vi.fn(), remediationList: vi.fn() }))
vi.mock('../../api/trpc', () => ({
  api: {
    meeting: { byId: { query: mocks.byId }, updateMinutes: { mutate: mocks.updateMinutes }, recordItems: { mutate: mocks.recordItems } },
    remediation: { list: { query: mocks.remediationList } },
    branch: { list: { query: async () => [] } },
    round: { list: { query: async () => [] } },
  },
}))

const { default: MeetingDetailView } = await import('./MeetingDetailView.vue')
const { default: MeetingCreateForm } = await import('./MeetingCreateForm.vue')

const Stub = defineComponent({ template: '<p>stub</p>' })
const item = { remediationItemId: 31, branchId: 1, branchName: '臺北分署', roundId: 1, criterionCode: 'website', title: '網站更新時間未標示', status: 'in_progress', note: '已改版，持續列管' }
const stored = { id: 7, roundId: 1, rocYear: 114, half: 1, heldOn: '2025-03-05', title: '114年上半年第1次任務編組會議', minutes: '決議：持續列管。', createdBy: 1, createdAt: new Date(), version: 1, items: [item] }

function testRouter(): Router {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: Stub },
      { path: '/meetings', name: 'meetings', component: Stub },
      { path: '/meetings/:id', name: 'meeting', component: MeetingDetailView },
      { path: '/remediation/:id', name: 'remediation-item', component: Stub },
      { path: '/branch/items/:id', name: 'branch-item', component: Stub },
    ],
  })
}

function signedIn(over: Record<string, unknown>): void {
  useSessionStore().me = { id: 1, username: 'u', displayName: 'U', agencyRole: null, branchId: null, branchRole: null, branch: null, roles: [], committee: false, committeeRounds: [], ...over } as never
}

async function openMeeting(router: Router) {
  await router.push('/meetings/7')
  const wrapper = mount({ template: '<RouterView />' }, { attachTo: document.body, global: { plugins: [...testPlugins(), router] as never } })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  setActivePinia(createPinia())
  for (const m of Object.values(mocks)) m.mockReset()
  mocks.remediationList.mockResolvedValue({ items: [], total: 0, page: 1, pageSize: 100 })
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('MeetingDetailView', () => {
  it('lets the secretary edit and save the minutes, and offers the meeting pack download', async () => {
    signedIn({ committee: true, committeeRounds: [{ roundId: 1, rocYear: 114, half: 1, role: 'secretary' }] })
    mocks.byId.mockResolvedValue({ ...stored, mayRecord: true })
    mocks.updateMinutes.mockImplementation(async (input: { minutes: string }) => ({ ...stored, minutes: input.minutes }))
    const wrapper = await openMeeting(testRouter())

    expect(wrapper.get('h1').text()).toBe('114年上半年第1次任務編組會議')
    expect(wrapper.text()).toContain('114年3月5日')
    expect(wrapper.text()).toContain('114年上半年')
    expect(wrapper.get('[data-testid="download-meeting-pack"] button').text()).toContain('下載會議資料 PDF')

    const label = wrapper.get('label[for="meeting-minutes"]')
    expect(label.text()).toBe('會議紀錄內容（決議事項等）')
    const textarea = wrapper.get<HTMLTextAreaElement>('textarea#meeting-minutes')
    expect(textarea.element.value).toBe('決議：持續列管。')
    const save = wrapper.get('[data-testid="meeting-minutes-save"]')
    expect(save.attributes('disabled')).toBeDefined()
    await textarea.setValue('決議：臺北分署網站項目解除列管。')
    expect(wrapper.text()).toContain('會議紀錄有尚未儲存的修改')
    await wrapper.get('[data-testid="meeting-minutes-form"]').trigger('submit')
    await flushPromises()
    expect(mocks.updateMinutes).toHaveBeenCalledWith({ id: 7, minutes: '決議：臺北分署網站項目解除列管。', expectedVersion: 1 })
    expect(wrapper.get('[role="status"].meeting-status').text()).toBe('會議紀錄已儲存。')
    expect(wrapper.text()).not.toContain('尚未儲存的修改')
    wrapper.unmount()
  })

  it('shows the server’s refusal as an alert in the UI language and keeps the text', async () => {
    signedIn({ agencyRole: 'admin' })
    mocks.byId.mockResolvedValue({ ...stored, mayRecord: true })
    const refusal = Object.assign(new Error('此操作限本輪任務編組之召集人、執行秘書 (only the round’s convener or secretary)'), {
      name: 'TRPCClientError',
      data: { code: 'FORBIDDEN', httpStatus: 403, errorCode: 'ROLE_NOT_ALLOWED' },
    })
    mocks.updateMinutes.mockRejectedValue(refusal)
    const wrapper = await openMeeting(testRouter())
    await wrapper.get('textarea#meeting-minutes').setValue('新紀錄')
    await wrapper.get('[data-testid="meeting-minutes-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('會議紀錄未儲存：您的角色不能執行此操作。')
    expect(wrapper.get<HTMLTextAreaElement>('textarea#meeting-minutes').element.value).toBe('新紀錄')
    wrapper.unmount()
  })

  it('shows a branch user the minutes read-only and its items linked into the branch portal', async () => {
    signedIn({ branchId: 1, branchRole: 'manager' })
    mocks.byId.mockResolvedValue({ ...stored, mayRecord: false })
    const wrapper = await openMeeting(testRouter())
    expect(wrapper.find('textarea').exists()).toBe(false)
    expect(wrapper.get('[data-testid="meeting-minutes-text"]').text()).toBe('決議：持續列管。')
    expect(wrapper.text()).toContain('僅本輪次召集人、執行秘書及署管理者可以修改會議紀錄')
    const row = wrapper.get('[data-testid="meeting-item-31"]')
    expect(row.text()).toContain('臺北分署')
    expect(row.text()).toContain('辦理中')
    expect(row.text()).toContain('已改版，持續列管')
    expect(row.get('a').attributes('href')).toBe('/branch/items/31')
    wrapper.unmount()
  })

  it('shows the not-found page for a meeting outside the user’s scope', async () => {
    signedIn({ branchId: 1, branchRole: 'manager' })
    mocks.byId.mockRejectedValue(Object.assign(new Error('找不到資料 (not found)'), { name: 'TRPCClientError', data: { code: 'NOT_FOUND' } }))
    const wrapper = await openMeeting(testRouter())
    expect(wrapper.text()).toContain('找不到頁面')
    expect(wrapper.find('[data-testid="download-meeting-pack"]').exists()).toBe(false)
    wrapper.unmount()
  })
})

describe('reporting items at the meeting', () => {
  const roundItem = (id: number, title: string) => ({ id, branchId: 2, branchName: '宜蘭分署', roundId: 1, title, status: 'open' })

  it('records a newly ticked item with its note, keeps recorded ones on, and shows the stored list', async () => {
    signedIn({ committee: true, committeeRounds: [{ roundId: 1, rocYear: 114, half: 1, role: 'convener' }] })
    mocks.byId.mockResolvedValue({ ...stored, mayRecord: true })
    mocks.remediationList.mockResolvedValue({ items: [roundItem(31, item.title), roundItem(40, '電話禮貌測試未達甲等')], total: 2, page: 1, pageSize: 100 })
    const added = { ...item, remediationItemId: 40, branchId: 2, branchName: '宜蘭分署', title: '電話禮貌測試未達甲等', status: 'open', note: '請於下次會議報告' }
    mocks.recordItems.mockResolvedValue({ ...stored, items: [item, added] })
    const wrapper = await openMeeting(testRouter())
    expect(mocks.remediationList).toHaveBeenCalledWith({ roundId: 1, page: 1, pageSize: 100 })

    const recorded = wrapper.get('[data-testid="meeting-report-row-31"] input[type="checkbox"]')
    expect((recorded.element as HTMLInputElement).checked).toBe(true)
    expect(recorded.attributes('disabled')).toBeDefined()
    const submit = wrapper.get('[data-testid="meeting-report-submit"]')
    expect(submit.attributes('disabled')).toBeDefined()

    const row = wrapper.get('[data-testid="meeting-report-row-40"]')
    const note = row.get('input[type="text"]')
    expect(note.attributes('disabled')).toBeDefined()
    await row.get('input[type="checkbox"]').setValue(true)
    expect(row.get('input[type="checkbox"]').attributes('aria-label')).toBe('將 #40 電話禮貌測試未達甲等 列入本次會議')
    await note.setValue('請於下次會議報告')
    expect(submit.text()).toBe('記錄 1 項')
    await wrapper.get('[data-testid="meeting-report-items"] form').trigger('submit')
    await flushPromises()
    expect(mocks.recordItems).toHaveBeenCalledWith({ id: 7, items: [{ remediationItemId: 40, note: '請於下次會議報告' }] })
    expect(wrapper.get('[data-testid="meeting-item-40"]').text()).toContain('請於下次會議報告')
    expect(wrapper.get('.meeting-report-status').text()).toBe('已記錄 1 項列管事項。')
    wrapper.unmount()
  })

  it('is not offered to those who may not record', async () => {
    signedIn({ committee: true, committeeRounds: [{ roundId: 1, rocYear: 114, half: 1, role: 'member' }] })
    mocks.byId.mockResolvedValue({ ...stored, mayRecord: false })
    const wrapper = await openMeeting(testRouter())
    expect(wrapper.find('[data-testid="meeting-report-items"]').exists()).toBe(false)
    expect(mocks.remediationList).not.toHaveBeenCalled()
    wrapper.unmount()
  })
})

describe('MeetingCreateForm', () => {
  const rounds = [
    { id: 2, rocYear: 114, half: 1 },
    { id: 1, rocYear: 113, half: 2 },
  ]

  it('names each missing field next to it, focuses the first, and sends nothing', async () => {
    const create = vi.fn()
    const wrapper = mount(MeetingCreateForm, { props: { rounds, create }, attachTo: document.body, global: { plugins: [...testPlugins(), testRouter()] as never } })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(create).not.toHaveBeenCalled()
    expect(wrapper.get('#meeting-create-round-error').text()).toBe('請選擇考核輪次')
    expect(wrapper.get('#meeting-create-round').attributes('aria-describedby')).toBe('meeting-create-round-error')
    expect(wrapper.get('#meeting-create-held-on-error').text()).toBe('請填寫會議日期')
    expect(wrapper.get('#meeting-create-title-error').text()).toBe('請填寫會議名稱')
    expect(document.activeElement?.id).toBe('meeting-create-round')
    wrapper.unmount()
  })

  it('sends the round, the ROC date as ISO, the start time, the place and the title, then opens the new meeting', async () => {
    const router = testRouter()
    await router.push('/meetings')
    const create = vi.fn().mockResolvedValue(15)
    const wrapper = mount(MeetingCreateForm, { props: { rounds, create }, attachTo: document.body, global: { plugins: [...testPlugins(), router] as never } })
    expect(wrapper.findAll('#meeting-create-round option').map((o) => o.text())).toEqual(['請選擇輪次', '114年上半年', '113年下半年'])
    await wrapper.get('#meeting-create-round').setValue('2')
    const date = wrapper.get('#meeting-create-held-on')
    await date.setValue('114/3/5')
    await date.trigger('blur')
    await wrapper.get('#meeting-create-start-time').setValue('14:30')
    await wrapper.get('#meeting-create-place').setValue('本署5樓第1會議室')
    await wrapper.get('#meeting-create-title').setValue('114年上半年第1次任務編組會議')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(create).toHaveBeenCalledWith({ roundId: 2, heldOn: '2025-03-05', title: '114年上半年第1次任務編組會議', startTime: '14:30', place: '本署5樓第1會議室' })
    expect(router.currentRoute.value.fullPath).toBe('/meetings/15')
    wrapper.unmount()
  })
})
