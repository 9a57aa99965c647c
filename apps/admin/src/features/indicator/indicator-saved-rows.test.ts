import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { testPlugins } from '../../test-utils/plugins'

const mocks = vi.hoisted(() => ({
  listPhoneTests: vi.fn(),
  correctPhoneTest: vi.fn(),
  deletePhoneTest: vi.fn(),
  listPetitions: vi.fn(),
  correctPetition: vi.fn(),
  deletePetition: vi.fn(),
}))
vi.mock('../../api/trpc', () => ({
  api: {
    indicator: {
      listPhoneTests: { query: mocks.listPhoneTests },
      correctPhoneTest: { mutate: mocks.correctPhoneTest },
      deletePhoneTest: { mutate: mocks.deletePhoneTest },
      listPetitions: { query: mocks.listPetitions },
      correctPetition: { mutate: mocks.correctPetition },
      deletePetition: { mutate: mocks.deletePetition },
    },
  },
}))

const { default: IndicatorPhonePanel } = await import('./IndicatorPhonePanel.vue')
const { default: IndicatorPetitionPanel } = await import('./IndicatorPetitionPanel.vue')

const props = { branchId: 1, periodStart: '2025-01-01', periodEnd: '2025-06-30', periodOk: true }
const phone = { id: 5, branchId: 1, testedOn: '2025-03-01', person: '總機', extension: null, components: {}, total: 29, note: null, version: 1 }
const petition = { id: 8, branchId: 1, receivedOn: '2025-03-01', closedOn: '2025-03-20', category: '其他', channel: '書面', subject: '', version: 1 }

function trpcError(code: string, data: Record<string, unknown>, message: string): Error {
  return Object.assign(new Error(message), { name: 'TRPCClientError', data: { code, ...data } })
}

async function mountPanel(component: typeof IndicatorPhonePanel | typeof IndicatorPetitionPanel): Promise<VueWrapper> {
  const wrapper = mount(component, { props, attachTo: document.body, global: { plugins: [...testPlugins()] as never } })
  await flushPromises()
  return wrapper
}
const button = (wrapper: VueWrapper, label: string) => wrapper.find(`button[aria-label="${label}"]`)
const byText = (wrapper: VueWrapper, text: string) => wrapper.findAll('button').find((b) => b.text() === text)!

beforeEach(() => {
  for (const m of Object.values(mocks)) m.mockReset()
  mocks.listPhoneTests.mockResolvedValue([phone])
  mocks.listPetitions.mockResolvedValue([petition])
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('saved phone tests', () => {
  it('lists the period’s tests with ROC dates and corrects one from the version it was read at', async () => {
    const wrapper = await mountPanel(IndicatorPhonePanel)
    expect(mocks.listPhoneTests).toHaveBeenCalledWith({ branchId: 1, from: '2025-01-01', to: '2025-06-30' })
    const table = wrapper.get('[data-testid="phone-saved"] table')
    expect(table.text()).toContain('114/03/01')
    expect(table.text()).toContain('29.00')

    await button(wrapper, '修正：114/03/01 總機 29.00 分').trigger('click')
    await flushPromises()
    const total = wrapper.get<HTMLInputElement>('#phone-saved-5-total')
    expect(document.activeElement?.id).toBe('phone-saved-5-testedOn')
    await total.setValue('92')
    mocks.correctPhoneTest.mockResolvedValue({ ...phone, total: 92, version: 2 })
    mocks.listPhoneTests.mockResolvedValue([{ ...phone, total: 92, version: 2 }])
    await total.element.form!.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(mocks.correctPhoneTest).toHaveBeenCalledWith({ id: 5, expectedVersion: 1, testedOn: '2025-03-01', person: '總機', total: 92 })
    expect(wrapper.find('#phone-saved-5-total').exists()).toBe(false)
    expect(wrapper.text()).toContain('已修正：114/03/01 總機 92.00 分。')
    expect(wrapper.emitted('saved')).toHaveLength(1)
  })

  it('on a stale write shows the current value and keeps the correction for the next save', async () => {
    const wrapper = await mountPanel(IndicatorPhonePanel)
    await button(wrapper, '修正：114/03/01 總機 29.00 分').trigger('click')
    await flushPromises()
    await wrapper.get('#phone-saved-5-total').setValue('92')
    mocks.correctPhoneTest.mockRejectedValueOnce(trpcError('CONFLICT', { current: { ...phone, total: 85, version: 2 } }, '電話禮貌測試已被更新 (changed since you loaded it)'))
    await wrapper.get('#phone-saved-5-total').element.closest('form')!.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(wrapper.get('.conflict[role="alert"]').text()).toContain('目前內容為「114/03/01 總機 85.00 分」')
    expect(wrapper.get<HTMLInputElement>('#phone-saved-5-total').element.value).toBe('92')

    mocks.correctPhoneTest.mockResolvedValue({ ...phone, total: 92, version: 3 })
    await wrapper.get('#phone-saved-5-total').element.closest('form')!.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(mocks.correctPhoneTest).toHaveBeenLastCalledWith(expect.objectContaining({ id: 5, expectedVersion: 2, total: 92 }))
  })

  it('shows the server’s refusal of the total beside the total field', async () => {
    const wrapper = await mountPanel(IndicatorPhonePanel)
    await button(wrapper, '修正：114/03/01 總機 29.00 分').trigger('click')
    await flushPromises()
    const message = '分項合計 90 與總分 95 不符，請一併修正 (components add up to 90, not 95: correct both)'
    mocks.correctPhoneTest.mockRejectedValueOnce(trpcError('BAD_REQUEST', { fieldErrors: [{ path: ['total'], message }] }, message))
    await wrapper.get('#phone-saved-5-total').element.closest('form')!.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(wrapper.get('#phone-saved-5-total-error').text()).toBe('分項合計 90 與總分 95 不符，請一併修正')
    expect(wrapper.get('#phone-saved-5-total').attributes('aria-describedby')).toBe('phone-saved-5-total-error')
  })
})

describe('saved petitions', () => {
  it('deletes a petition only once the inline confirmation is accepted; cancel returns focus', async () => {
    const wrapper = await mountPanel(IndicatorPetitionPanel)
    await button(wrapper, '刪除：114/03/01 收件 其他（書面）').trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('確定刪除「114/03/01 收件 其他（書面）」？刪除後無法復原。')
    expect(document.activeElement?.id).toBe('petition-saved-confirm-8')
    await byText(wrapper, '取消').trigger('click')
    await flushPromises()
    expect(document.activeElement?.id).toBe('petition-saved-delete-8')
    expect(mocks.deletePetition).not.toHaveBeenCalled()

    await button(wrapper, '刪除：114/03/01 收件 其他（書面）').trigger('click')
    await flushPromises()
    mocks.deletePetition.mockResolvedValue({ id: 8 })
    await wrapper.get('#petition-saved-confirm-8').trigger('click')
    await flushPromises()
    expect(mocks.deletePetition).toHaveBeenCalledWith({ id: 8, expectedVersion: 1 })
    expect(wrapper.text()).toContain('已刪除：114/03/01 收件 其他（書面）。')
    expect(wrapper.text()).toContain('所選期間尚無已儲存的資料。')
    expect(wrapper.emitted('saved')).toHaveLength(1)
  })

  it('refuses locally a close before receipt, beside the closed date, without calling the server', async () => {
    const wrapper = await mountPanel(IndicatorPetitionPanel)
    await button(wrapper, '修正：114/03/01 收件 其他（書面）').trigger('click')
    await flushPromises()
    const closed = wrapper.get('#petition-saved-8-closedOn')
    await closed.setValue('114/02/01')
    await closed.trigger('blur')
    await closed.element.closest('form')!.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(wrapper.get('#petition-saved-8-closedOn-error').text()).toBe('結案日期不得早於收件日期。')
    expect(mocks.correctPetition).not.toHaveBeenCalled()
  })
})
