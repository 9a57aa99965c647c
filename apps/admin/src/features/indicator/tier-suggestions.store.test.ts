import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const summary = vi.fn()
vi.mock('../../api/trpc', () => ({ api: { indicator: { summary: { query: (input: unknown) => summary(input) } } } }))
const { useTierSuggestionsStore } = await import('./tier-suggestions.store')

const suggestion = (criterionCode: string, status: 'suggested' | 'missing-indicator', tierId: string | null) => ({
  criterionCode,
  indicator: 'environmentSatisfaction',
  value: status === 'suggested' ? 96.99 : null,
  status,
  tierId,
  points: tierId ? 50 : null,
  rule: null,
})

beforeEach(() => {
  setActivePinia(createPinia())
  summary.mockReset()
})

describe('tier suggestions for the score sheet', () => {
  it('asks for the round’s half year and offers only real suggestions per criterion', async () => {
    summary.mockResolvedValue({ tierSuggestions: [suggestion('B1', 'suggested', 't1'), suggestion('B2', 'missing-indicator', null)], indicators: { environmentSatisfaction: 96.99 } })
    const store = useTierSuggestionsStore()
    await store.load(4, { id: 2, rocYear: 114, half: 2 })
    expect(summary).toHaveBeenCalledWith({ branchId: 4, roundId: 2, from: '2025-07-01', to: '2025-12-31' })
    expect(store.forCriterion('B1')?.tierId).toBe('t1')
    expect(store.forCriterion('B2')).toBeNull()
    expect(store.forCriterion('nope')).toBeNull()
  })

  it('does not ask twice for the same branch and round until invalidated', async () => {
    summary.mockResolvedValue({ tierSuggestions: [], indicators: {} })
    const store = useTierSuggestionsStore()
    await store.load(1, { id: 1, rocYear: 114, half: 1 })
    await store.load(1, { id: 1, rocYear: 114, half: 1 })
    expect(summary).toHaveBeenCalledTimes(1)
    store.invalidate()
    await store.load(1, { id: 1, rocYear: 114, half: 1 })
    expect(summary).toHaveBeenCalledTimes(2)
  })

  it('never blocks scoring: a failure leaves no suggestions and an error', async () => {
    summary.mockImplementation(async () => {
      throw new Error('down')
    })
    const store = useTierSuggestionsStore()
    await store.load(1, { id: 1, rocYear: 114, half: 1 })
    expect(store.status).toBe('error')
    expect(store.suggestions).toEqual([])
  })
})

describe('IndicatorTierHint', () => {
  it('shows the suggested points with the measured value and the rule, and nothing without a suggestion', async () => {
    const { mount } = await import('@vue/test-utils')
    const { testPlugins } = await import('../../test-utils/plugins')
    const { default: IndicatorTierHint } = await import('./IndicatorTierHint.vue')
    summary.mockResolvedValue({
      tierSuggestions: [{ ...suggestion('B1', 'suggested', 't1'), rule: { indicator: 'environmentSatisfaction', op: '>=', value: 80 } }],
      indicators: {},
    })
    await useTierSuggestionsStore().load(1, { id: 1, rocYear: 114, half: 1 })
    const global = { plugins: [...testPlugins()] as never }
    const hint = mount(IndicatorTierHint, { props: { criterionCode: 'B1' }, global })
    expect(hint.text()).toContain('指標建議：50 分（洽公環境滿意度 96.99%，符合 >= 80%）')
    expect(mount(IndicatorTierHint, { props: { criterionCode: 'B2' }, global }).find('p').exists()).toBe(false)
  })
})
