import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { testPlugins } from '../../test-utils/plugins'

vi.mock('../../api/trpc', () => ({ api: { improvementPlan: {} } }))
// PrimeVue's auto-resizing textarea observes its size; jsdom has no ResizeObserver.
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
} as never
const { default: InspectionImprovementPlanForm } = await import('./InspectionImprovementPlanForm.vue')

const info = {
  plan: null,
  unitsConcerned: ['秘書室', '執行科'],
  units: [
    { id: 1, name: '秘書室' },
    { id: 2, name: '執行科' },
  ],
  remediationCandidates: [],
}

function mountForm() {
  return mount(InspectionImprovementPlanForm, {
    props: { inspectionId: 7, info: info as never, total: 700, threshold: 750, criterionTitle: (c: string) => c, readonly: false },
    global: { plugins: [...testPlugins()] as never },
  })
}

describe('improvement plan form', () => {
  it('starts with one measure, marks its required fields up front, and undoes a removal', async () => {
    const wrapper = mountForm()
    expect(wrapper.findAll('fieldset.plan-measure')).toHaveLength(1)
    expect(wrapper.find('fieldset.plan-measure').text()).toContain('必填')
    await wrapper.findAll('button').find((b) => b.text().includes('新增'))!.trigger('click')
    expect(wrapper.findAll('fieldset.plan-measure')).toHaveLength(2)
    await wrapper.findAll('fieldset.plan-measure')[1]!.find('textarea').setValue('每月檢討')
    await wrapper.findAll('fieldset.plan-measure')[1]!.findAll('button').at(-1)!.trigger('click')
    expect(wrapper.findAll('fieldset.plan-measure')).toHaveLength(1)
    expect(wrapper.get('[data-testid="plan-removed"]').text()).toContain('已刪除第 2 項')
    await wrapper.get('[data-testid="plan-undo"]').trigger('click')
    expect(wrapper.findAll('fieldset.plan-measure')).toHaveLength(2)
    expect((wrapper.findAll('fieldset.plan-measure')[1]!.find('textarea').element as HTMLTextAreaElement).value).toBe('每月檢討')
  })
})
