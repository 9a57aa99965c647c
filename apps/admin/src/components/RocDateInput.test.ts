import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { testPlugins } from '../test-utils/plugins'
import RocDateInput from './RocDateInput.vue'

function mountInput(modelValue: string | null = null) {
  return mount(RocDateInput, {
    props: { id: 'due', label: '完成期限', modelValue, 'onUpdate:modelValue': () => {} },
    global: { plugins: [...testPlugins()] as never },
  })
}

describe('RocDateInput', () => {
  it('shows an existing ISO value in the ROC slash form', () => {
    const wrapper = mountInput('2025-03-05')
    expect((wrapper.get('input').element as HTMLInputElement).value).toBe('114/03/05')
    expect(wrapper.text()).toContain('即 114年3月5日')
  })

  it('accepts 114年3月5日 and emits the ISO date on blur', async () => {
    const wrapper = mountInput()
    const input = wrapper.get('input')
    await input.setValue('114年3月5日')
    await input.trigger('blur')
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual(['2025-03-05'])
    expect((input.element as HTMLInputElement).value).toBe('114/03/05')
  })

  it('marks the field invalid with a message and emits nothing for a non-date', async () => {
    const wrapper = mountInput()
    const input = wrapper.get('input')
    await input.setValue('114/02/30')
    await input.trigger('blur')
    expect(wrapper.emitted('update:modelValue')).toBeUndefined()
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(input.attributes('aria-describedby')).toContain('due-error')
    expect(wrapper.get('#due-error').text()).toContain('日期格式不正確')
  })

  it('clears the date when the text is emptied', async () => {
    const wrapper = mountInput('2025-03-05')
    const input = wrapper.get('input')
    await input.setValue('')
    await input.trigger('blur')
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([null])
  })
})
