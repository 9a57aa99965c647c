import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { testPlugins } from '../../test-utils/plugins'
import type * as EvidenceUpload from './evidence-upload'

const upload = vi.fn()
vi.mock('./evidence-upload', async (original) => ({
  ...(await original<typeof EvidenceUpload>()),
  uploadEvidence: (...args: unknown[]) => upload(...args),
}))
const { default: RemediationReportForm } = await import('./RemediationReportForm.vue')

const global = { plugins: [...testPlugins()] as never }

function chooseFiles(input: HTMLInputElement, files: File[]): void {
  Object.defineProperty(input, 'files', { value: files, configurable: true })
  input.dispatchEvent(new Event('change'))
}

beforeEach(() => {
  upload.mockClear()
})

describe('RemediationReportForm', () => {
  it('asks for a note or a file before sending anything', async () => {
    const wrapper = mount(RemediationReportForm, { props: { itemId: 5, action: 'submit' }, global, attachTo: document.body })
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('send')).toBeUndefined()
    expect(wrapper.text()).toContain('請填寫說明或附上佐證檔案。')
    wrapper.unmount()
  })

  it('uploads chosen files with progress and sends their ids with the note', async () => {
    let report: (p: number) => void = () => {}
    let finish: (v: unknown) => void = () => {}
    upload.mockImplementation((_id: number, file: File, onProgress: (p: number) => void) => {
      report = onProgress
      return new Promise((r) => (finish = () => r({ id: 42, filename: file.name, mime: 'image/png', size: 2048, sha256: 'x' })))
    })
    const wrapper = mount(RemediationReportForm, { props: { itemId: 5, action: 'postProgress' }, global, attachTo: document.body })
    chooseFiles(wrapper.get('input[type="file"]').element as HTMLInputElement, [new File(['x'], '照片.png')])
    await flushPromises()
    report(40)
    await flushPromises()
    expect(wrapper.get('progress').attributes('value')).toBe('40')
    expect(wrapper.text()).toContain('上傳中 照片.png：40%')
    finish(null)
    await flushPromises()
    expect(wrapper.find('progress').exists()).toBe(false)
    expect(wrapper.text()).toContain('已上傳 照片.png')
    expect(upload.mock.calls[0]?.[0]).toBe(5)
    await wrapper.get('textarea').setValue('  已改善  ')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('send')).toEqual([[{ note: '已改善', evidenceIds: [42] }]])
    wrapper.unmount()
  })

  it('shows why an upload was refused and sends no id for it', async () => {
    const { EvidenceUploadError } = await import('./evidence-upload')
    upload.mockImplementation(async () => {
      throw new EvidenceUploadError(415, 'allowed types: pdf, jpg, png, docx, xlsx', { error: 'allowed types: pdf, jpg, png, docx, xlsx', errorCode: 'FILE_TYPE_NOT_ALLOWED', params: { ext: 'exe' } })
    })
    const wrapper = mount(RemediationReportForm, { props: { itemId: 5, action: 'postProgress' }, global, attachTo: document.body })
    chooseFiles(wrapper.get('input[type="file"]').element as HTMLInputElement, [new File(['x'], 'a.exe')])
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toContain('檔案格式不在可接受的範圍（PDF、JPG、PNG、DOCX、XLSX）')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('send')).toBeUndefined()
    wrapper.unmount()
  })
})
