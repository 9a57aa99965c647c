import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { testPlugins } from '../../test-utils/plugins'

const declare = vi.fn()
vi.mock('../../api/trpc', () => ({ api: { round: { declareConflict: { mutate: (input: unknown) => declare(input) } } } }))
const { default: InspectionDeclareConflictDialog } = await import('./InspectionDeclareConflictDialog.vue')

const target = { roundId: 3, branchId: 5, branchName: '臺中分署' }

function open() {
  return mount(InspectionDeclareConflictDialog, { props: { target }, attachTo: document.body, global: { plugins: [...testPlugins()] as never } })
}
const $ = <T extends HTMLElement>(selector: string) => document.body.querySelector(selector) as T | null

afterEach(() => {
  declare.mockReset()
  document.body.innerHTML = ''
})

describe('declaring a conflict of interest', () => {
  it('requires a reason before sending anything, with the error tied to the field', async () => {
    const wrapper = open()
    await flushPromises()
    $('[data-testid="declare-conflict-confirm"]')!.click()
    await flushPromises()
    expect(declare).not.toHaveBeenCalled()
    expect($('#declare-conflict-error')?.textContent).toContain('請填寫迴避事由')
    expect($('#declare-conflict-reason')?.getAttribute('aria-describedby')).toContain('declare-conflict-error')
    expect(wrapper.emitted('declared')).toBeUndefined()
    wrapper.unmount()
  })

  it('sends the trimmed reason on confirmation and reports the declaration', async () => {
    declare.mockResolvedValue({ id: 1 })
    const wrapper = open()
    await flushPromises()
    const reason = $<HTMLTextAreaElement>('#declare-conflict-reason')!
    reason.value = '  曾任職於該分署  '
    reason.dispatchEvent(new Event('input'))
    $('[data-testid="declare-conflict-confirm"]')!.click()
    await flushPromises()
    expect(declare).toHaveBeenCalledWith({ roundId: 3, branchId: 5, reason: '曾任職於該分署' })
    expect(wrapper.emitted('declared')).toEqual([[target]])
    wrapper.unmount()
  })

  it('shows the server’s refusal and stays open', async () => {
    const e = Object.assign(new Error('已申報過此分署之利益迴避 (already declared)'), { name: 'TRPCClientError', data: { code: 'CONFLICT', httpStatus: 409 } })
    declare.mockRejectedValue(e)
    const wrapper = open()
    await flushPromises()
    const reason = $<HTMLTextAreaElement>('#declare-conflict-reason')!
    reason.value = '親屬'
    reason.dispatchEvent(new Event('input'))
    $('[data-testid="declare-conflict-confirm"]')!.click()
    await flushPromises()
    expect($('[role="alert"]')?.textContent?.length).toBeGreaterThan(0)
    expect(wrapper.emitted('declared')).toBeUndefined()
    wrapper.unmount()
  })
})
