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
  listSurveyTallies: vi.fn(),
  deleteSurveyTally: vi.fn(),
  enterSurveyTallies: vi.fn(),
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
      listSurveyTallies: { query: mocks.listSurveyTallies },
      deleteSurveyTally: { mutate: mocks.deleteSurveyTally },
      enterSurveyTallies: { mutate: mocks.enterSurveyTallies },
    },
  },
}))

const { default: IndicatorPhonePanel } = await import('./IndicatorPhonePanel.vue')
const { default: IndicatorPetitionPanel } = await import('./IndicatorPetitionPanel.vue')
const { default: IndicatorSurveyPanel } = await import('./IndicatorSurveyPanel.vue')

const props = { branchId: 1, periodStart: '2025-01-01', periodEnd: '2025-06-30', periodOk: true }
const phone = { id: 5, branchId: 1, testedOn: '2025-03-01', person: '總機', extension: null, components: {}, total: 29, note: null, version: 1 }
const tally = (id: number, question: string, rate: number, version = 1) => ({
  id,
  branchId: 1,
  periodStart: '2025-01-01',
  periodEnd: '2025-06-30',
  surveyKind: '為民服務意見調查表',
  question,
  scale: 'four',
  indicator: 'environmentSatisfaction',
  counts: [9, 1, 0, 0],
  invalid: 0,
  version,
  computed: { kind: 'satisfaction', rate, valid: 10, neutralShare: null },
})
const petition = { id: 8, branchId: 1, receivedOn: '2025-03-01', closedOn: '2025-03-20', category: '其他', channel: '書面', subject: '', version: 1 }

function trpcError(code: string, data: Record<string, unknown>, message: string): Error {
  return Object.assign(new Error(message), { name: 'TRPCClientError', data: { code, ...data } })
}

async function mountPanel(component: typeof IndicatorPhonePanel | typeof IndicatorPetitionPanel | typeof IndicatorSurveyPanel): Promise<VueWrapper> {
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
  mocks.listSurveyTallies.mockResolvedValue([tally(3, 'A 環境整潔', 100), tally(4, 'A 環竟整潔', 25)])
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
    mocks.correctPhoneTest.mockRejectedValueOnce(trpcError('CONFLICT', { errorCode: 'VERSION_CONFLICT', params: { current: { ...phone, total: 85, version: 2 } } }, 'phone_test changed since it was read'))
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
    const message = 'components add up to 90, not 95'
    const refused = { errorCode: 'PARTS_DO_NOT_ADD_UP', params: { sum: 90, total: 95 }, fieldErrors: [{ path: ['total'], code: 'PARTS_DO_NOT_ADD_UP', params: { sum: 90, total: 95 }, message }] }
    mocks.correctPhoneTest.mockRejectedValueOnce(trpcError('BAD_REQUEST', refused, message))
    await wrapper.get('#phone-saved-5-total').element.closest('form')!.dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(wrapper.get('#phone-saved-5-total-error').text()).toBe('分項合計 90 分，與總分 95 分不符。')
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

describe('saved survey tallies', () => {
  const wrongLabel = '刪除：114/01/01–114/06/30 A 環竟整潔'

  it('lists the period’s questions with their rate, offers only 刪除, and deletes once confirmed', async () => {
    const wrapper = await mountPanel(IndicatorSurveyPanel)
    expect(mocks.listSurveyTallies).toHaveBeenCalledWith({ branchId: 1, from: '2025-01-01', to: '2025-06-30' })
    const table = wrapper.get('[data-testid="survey-saved"] table')
    expect(table.text()).toContain('114/01/01–114/06/30')
    expect(table.text()).toContain('滿意度 25.00%')
    // Re-entering a question replaces it: there is no correction in place.
    expect(table.findAll('button').map((b) => b.text())).toEqual(['刪除', '刪除'])

    await button(wrapper, wrongLabel).trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('確定刪除「114/01/01–114/06/30 A 環竟整潔」？刪除後無法復原。')
    expect(document.activeElement?.id).toBe('survey-saved-confirm-4')
    await wrapper.get('[data-testid="survey-saved"] [role="group"]').trigger('keydown', { key: 'Escape' })
    await flushPromises()
    expect(document.activeElement?.id).toBe('survey-saved-delete-4')
    expect(mocks.deleteSurveyTally).not.toHaveBeenCalled()

    await button(wrapper, wrongLabel).trigger('click')
    await flushPromises()
    mocks.deleteSurveyTally.mockResolvedValue({ id: 4 })
    await wrapper.get('#survey-saved-confirm-4').trigger('click')
    await flushPromises()
    expect(mocks.deleteSurveyTally).toHaveBeenCalledWith({ id: 4, expectedVersion: 1 })
    expect(wrapper.get('[data-testid="survey-saved"] table').text()).not.toContain('A 環竟整潔')
    expect(wrapper.text()).toContain('已刪除：114/01/01–114/06/30 A 環竟整潔。')
    expect(document.activeElement?.id).toBe('survey-saved-heading')
    expect(wrapper.emitted('saved')).toHaveLength(1)
  })

  it('on a stale delete shows the replaced tally and deletes it only from its current version', async () => {
    const wrapper = await mountPanel(IndicatorSurveyPanel)
    await button(wrapper, wrongLabel).trigger('click')
    await flushPromises()
    mocks.deleteSurveyTally.mockRejectedValueOnce(trpcError('CONFLICT', { errorCode: 'VERSION_CONFLICT', params: { current: tally(4, 'A 環竟整潔', 80, 2) } }, 'survey_tally changed since it was read'))
    await wrapper.get('#survey-saved-confirm-4').trigger('click')
    await flushPromises()
    expect(wrapper.get('.conflict[role="alert"]').text()).toContain('目前內容為「114/01/01–114/06/30 A 環竟整潔」')
    expect(wrapper.get('.conflict').text()).toContain('如仍要刪除，請再按「確定刪除」。')
    expect(wrapper.get('[data-testid="survey-saved"] table').text()).toContain('滿意度 80.00%')
    expect(wrapper.emitted('saved')).toBeUndefined()

    mocks.deleteSurveyTally.mockResolvedValue({ id: 4 })
    await wrapper.get('#survey-saved-confirm-4').trigger('click')
    await flushPromises()
    expect(mocks.deleteSurveyTally).toHaveBeenLastCalledWith({ id: 4, expectedVersion: 2 })
    expect(wrapper.emitted('saved')).toHaveLength(1)
  })

  it('reloads the list after new questions are saved', async () => {
    const wrapper = await mountPanel(IndicatorSurveyPanel)
    expect(mocks.listSurveyTallies).toHaveBeenCalledTimes(1)
    await wrapper.get('#survey-q-0').setValue('B 服務態度')
    for (const [i, n] of [3, 1, 0, 0].entries()) await wrapper.get(`#survey-0-c${i}`).setValue(String(n))
    mocks.enterSurveyTallies.mockResolvedValue({ ids: [5] })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(mocks.enterSurveyTallies).toHaveBeenCalled()
    expect(mocks.listSurveyTallies).toHaveBeenCalledTimes(2)
  })
})
