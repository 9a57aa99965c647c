import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { testPlugins } from '../../test-utils/plugins'
import RemediationFilterBar from './RemediationFilterBar.vue'
import RemediationItemTable from './RemediationItemTable.vue'
import { emptyFilters } from './remediation-filters'
import type { BranchOption, RoundOption } from '../../stores/lookups.store'
import type { RemediationListItem } from './use-remediation-list'

beforeEach(() => setActivePinia(createPinia()))

const global = { plugins: [...testPlugins()] as never, stubs: { RouterLink: { template: '<a><slot /></a>' } } }

const item = (id: number, over: Partial<RemediationListItem> = {}) =>
  ({
    id,
    branchId: 1,
    branchCode: 'TPE',
    branchName: '臺北分署',
    roundId: 1,
    rocYear: 114,
    half: 1,
    unitId: 3,
    unitName: '秘書室',
    title: `項目${id}`,
    dueDate: '2025-03-05',
    status: 'open',
    version: 1,
    overdue: false,
    ...over,
  }) as RemediationListItem

describe('RemediationItemTable', () => {
  it('marks an overdue row with the word 逾期, not colour alone', () => {
    const wrapper = mount(RemediationItemTable, {
      props: { items: [item(1, { overdue: true }), item(2)], caption: '列表', linkTo: () => '/' },
      global,
    })
    const rows = wrapper.findAll('tbody tr')
    expect(rows[0]!.text()).toContain('逾期')
    expect(rows[0]!.classes()).toContain('is-overdue')
    expect(rows[1]!.text()).not.toContain('逾期')
    expect(rows[0]!.text()).toContain('114年3月5日')
  })

  it('offers checkboxes only on rows that can be decided in bulk, and selects them all at once', async () => {
    const wrapper = mount(RemediationItemTable, {
      props: {
        items: [item(1, { status: 'submitted' }), item(2, { status: 'closed' }), item(3, { status: 'submitted' })],
        caption: '列表',
        linkTo: () => '/',
        selectable: true,
        canSelect: (i: RemediationListItem) => i.status === 'submitted',
        selected: [],
        'onUpdate:selected': (ids: number[]) => wrapper.setProps({ selected: ids }),
      },
      global,
    })
    expect(wrapper.findAll('tbody input[type="checkbox"]')).toHaveLength(2)
    await wrapper.get('thead input[type="checkbox"]').setValue(true)
    expect(wrapper.props('selected')).toEqual([1, 3])
    expect(wrapper.get('tbody input[type="checkbox"]').attributes('aria-label')).toBe('選取 #1 項目1')
  })
})

describe('RemediationFilterBar', () => {
  const props = {
    filters: emptyFilters,
    branches: [{ id: 1, code: 'TPE', name: '臺北分署', nameEn: 'Taipei' }] as BranchOption[],
    rounds: [{ id: 2, rocYear: 114, half: 1 }] as RoundOption[],
    units: [{ id: 7, name: '秘書室' }],
  }

  it('applies each pick at once, from page 1, and the search after a pause in typing', async () => {
    vi.useFakeTimers()
    const wrapper = mount(RemediationFilterBar, { props: { ...props, filters: { ...emptyFilters, page: 3 } }, global })
    expect(wrapper.get('#filter-unit').attributes('disabled')).toBeDefined()
    await wrapper.get('#filter-branch').setValue('1')
    expect(wrapper.emitted('branchChange')).toEqual([[1]])
    expect(wrapper.emitted('apply')?.at(-1)).toEqual([{ ...emptyFilters, branchId: 1, page: 1 }])
    await wrapper.get('[data-testid="filter-overdue"]').setValue(true)
    expect(wrapper.emitted('apply')?.at(-1)).toEqual([{ ...emptyFilters, branchId: 1, overdue: true, page: 1 }])
    const count = wrapper.emitted('apply')!.length
    await wrapper.get('#filter-q').setValue('網')
    await wrapper.get('#filter-q').setValue('網站')
    expect(wrapper.emitted('apply')!.length).toBe(count)
    await vi.advanceTimersByTimeAsync(400)
    expect(wrapper.emitted('apply')!.length).toBe(count + 1)
    expect(wrapper.emitted('apply')?.at(-1)).toEqual([{ ...emptyFilters, branchId: 1, overdue: true, q: '網站', page: 1 }])
    vi.useRealTimers()
  })

  it('keeps the branch of a branch user when clearing', async () => {
    const wrapper = mount(RemediationFilterBar, { props: { ...props, filters: { ...emptyFilters, branchId: 1, overdue: true }, hideBranch: true }, global })
    expect(wrapper.find('#filter-branch').exists()).toBe(false)
    await wrapper.findAll('button').find((b) => b.text() === '清除篩選')!.trigger('click')
    expect(wrapper.emitted('apply')).toEqual([[{ ...emptyFilters, branchId: 1 }]])
  })
})
