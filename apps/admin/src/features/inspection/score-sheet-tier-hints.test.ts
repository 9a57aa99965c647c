import { SERVICE_LEAP_V2, suggestTiers } from '@leap/domain'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { testPlugins } from '../../test-utils/plugins'

const byId = vi.fn()
const summary = vi.fn()
vi.mock('../../api/trpc', () => ({
  api: {
    inspection: { byId: { query: (input: unknown) => byId(input) } },
    indicator: { summary: { query: (input: unknown) => summary(input) } },
  },
}))
const { default: InspectionScoreSheetView } = await import('./InspectionScoreSheetView.vue')

const inspection = { id: 7, roundId: 3, rocYear: 114, half: 2, branchId: 5, branchName: '臺中分署', inspectedOn: '2025-09-10', status: 'scoring', version: 1 }
const sheet = { inspection, catalogue: { catalogue: SERVICE_LEAP_V2 }, myScores: [], myRole: 'member', recused: false }

// Indicators as the server would measure them: phone courtesy 92 → a suggested tier on its criterion.
const indicators = { phoneCourtesyAverage: 92 }
const suggestions = suggestTiers(SERVICE_LEAP_V2, indicators)
const suggested = suggestions.find((s) => s.status === 'suggested')!

function mountSheet() {
  return mount(InspectionScoreSheetView, {
    props: { inspectionId: '7' },
    global: { plugins: [...testPlugins()] as never, stubs: { RouterLink: { template: '<a><slot /></a>' } } },
  })
}

beforeEach(() => {
  setActivePinia(createPinia())
  byId.mockReset().mockResolvedValue(sheet)
  summary.mockReset().mockResolvedValue({ tierSuggestions: suggestions, indicators })
})

describe('tier hints on the score sheet', () => {
  it('asks for the inspection’s branch over its round’s half year and shows the hint beside that criterion’s tiers', async () => {
    expect(suggested).toBeDefined()
    const wrapper = mountSheet()
    await flushPromises()
    expect(summary).toHaveBeenCalledWith({ branchId: 5, roundId: 3, from: '2025-07-01', to: '2025-12-31' })
    const criterion = wrapper.get(`[data-testid="criterion-${suggested.criterionCode}"]`)
    const hint = criterion.get(`[data-testid="tier-hint-${suggested.criterionCode}"]`)
    expect(hint.text()).toContain('電話禮貌')
    expect(hint.text()).toContain('92')
    // Right after the tiers, inside the criterion.
    expect(hint.element.previousElementSibling?.tagName).toBe('FIELDSET')
    // Only criteria with a suggestion get one.
    expect(wrapper.findAll('[data-testid^="tier-hint-"]')).toHaveLength(suggestions.filter((s) => s.status === 'suggested').length)
  })

  it('never picks for the member: no tier is checked', async () => {
    const wrapper = mountSheet()
    await flushPromises()
    const radios = wrapper.get(`[data-testid="criterion-${suggested.criterionCode}"]`).findAll('input[type=radio]')
    expect(radios.length).toBeGreaterThan(1)
    expect(radios.every((r) => !(r.element as HTMLInputElement).checked)).toBe(true)
    expect(wrapper.findAll('input[type=radio]').filter((r) => (r.element as HTMLInputElement).checked)).toHaveLength(0)
  })

  it('scores on without hints when the indicators cannot be read', async () => {
    summary.mockReset().mockRejectedValue(new Error('down'))
    const wrapper = mountSheet()
    await flushPromises()
    expect(wrapper.find('[data-testid^="tier-hint-"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid^="criterion-"]').length).toBeGreaterThan(10)
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })
})
