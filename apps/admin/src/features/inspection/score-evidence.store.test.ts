import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type * as evidenceUpload from '../remediation/evidence-upload'
import { EvidenceUploadError } from '../remediation/evidence-upload'
import { evidenceHref, useScoreEvidenceStore } from './score-evidence.store'

const mocks = vi.hoisted(() => ({ list: vi.fn(), upload: vi.fn() }))
vi.mock('../../api/trpc', () => ({ api: { inspection: { evidence: { list: { query: mocks.list } } } } }))
vi.mock('../remediation/evidence-upload', async (importOriginal) => ({
  ...(await importOriginal<typeof evidenceUpload>()),
  uploadScoreEvidence: mocks.upload,
}))

const row = (id: number, criterionCode: string, filename: string) => ({ id, criterionCode, filename, mime: 'application/pdf', size: 2048, uploadedBy: 3, uploadedAt: '2025-03-12T02:00:00.000Z' })
const file = new File(['%PDF-1.7'], '現場照片.pdf', { type: 'application/pdf' })
const describe_ = (e: unknown) => (e instanceof EvidenceUploadError ? `refused ${e.status}: ${e.serverMessage}` : 'unknown')

beforeEach(() => {
  setActivePinia(createPinia())
  mocks.list.mockReset()
  mocks.upload.mockReset()
})

describe('score evidence store', () => {
  it('groups the listed files by criterion', async () => {
    mocks.list.mockResolvedValue([row(1, 'a', 'one.pdf'), row(2, 'b', 'two.png'), row(3, 'a', 'three.pdf')])
    const store = useScoreEvidenceStore()
    await store.load(7)
    expect(mocks.list).toHaveBeenCalledWith({ inspectionId: 7 })
    expect(store.filesOf('a').map((f) => f.filename)).toEqual(['one.pdf', 'three.pdf'])
    expect(store.filesOf('b').map((f) => f.id)).toEqual([2])
    expect(store.filesOf('c')).toEqual([])
    expect(evidenceHref(3)).toBe('/api/evidence/3')
  })

  it('uploads with progress and lists the stored file', async () => {
    mocks.list.mockResolvedValue([])
    let report: (percent: number) => void = () => {}
    let finish: (value: unknown) => void = () => {}
    mocks.upload.mockImplementation((_id: number, _code: string, _file: File, onProgress: (p: number) => void) => {
      report = onProgress
      return new Promise((resolve) => (finish = resolve))
    })
    const store = useScoreEvidenceStore()
    await store.load(7)
    const done = store.upload('a', file, describe_)
    expect(mocks.upload).toHaveBeenCalledWith(7, 'a', file, expect.any(Function))
    report(40)
    expect(store.uploads.a).toEqual({ filename: '現場照片.pdf', progress: 40, error: null })
    // A second file for the same criterion waits for the first.
    expect(await store.upload('a', file, describe_)).toBe(false)
    finish({ id: 9, criterionCode: 'a', filename: '現場照片.pdf', mime: 'application/pdf', size: 8, sha256: 'f'.repeat(64), uploadedAt: '2025-03-12T02:00:00.000Z' })
    expect(await done).toBe(true)
    expect(store.uploads.a).toBeUndefined()
    expect(store.filesOf('a').map((f) => [f.id, f.filename])).toEqual([[9, '現場照片.pdf']])
  })

  it('keeps a refusal as a message on the criterion, lists nothing, and lets the user try again', async () => {
    mocks.list.mockResolvedValue([])
    mocks.upload.mockRejectedValueOnce(new EvidenceUploadError(415, '檔案類型不符 (wrong type)'))
    const store = useScoreEvidenceStore()
    await store.load(7)
    expect(await store.upload('a', file, describe_)).toBe(false)
    expect(store.uploads.a?.error).toBe('refused 415: 檔案類型不符 (wrong type)')
    expect(store.filesOf('a')).toEqual([])
    mocks.upload.mockResolvedValueOnce({ id: 4, criterionCode: 'a', filename: 'ok.pdf', mime: 'application/pdf', size: 8, sha256: 'f'.repeat(64), uploadedAt: '2025-03-12T02:00:00.000Z' })
    expect(await store.upload('a', file, describe_)).toBe(true)
    expect(store.filesOf('a').map((f) => f.id)).toEqual([4])
  })

  it('keeps a failed list load as its error', async () => {
    mocks.list.mockRejectedValue(new Error('boom'))
    const store = useScoreEvidenceStore()
    await store.load(7)
    expect(store.loadError).toBeInstanceOf(Error)
    expect(store.filesOf('a')).toEqual([])
  })
})
