import { afterEach, describe, expect, it } from 'vitest'
import { describeUploadError, EvidenceUploadError, EVIDENCE_MAX_BYTES, uploadEvidence, uploadScoreEvidence, type XhrFactory } from './evidence-upload'

interface FakeXhr {
  method?: string
  url?: string
  headers: Record<string, string>
  body?: FormData
  status: number
  responseText: string
  upload: { onprogress: ((e: ProgressEvent) => void) | null }
  onload: (() => void) | null
  onerror: (() => void) | null
}

function fakeXhr(): { xhr: FakeXhr; factory: XhrFactory } {
  const xhr: FakeXhr = { headers: {}, status: 0, responseText: '', upload: { onprogress: null }, onload: null, onerror: null }
  const api = {
    ...xhr,
    open(method: string, url: string) {
      xhr.method = method
      xhr.url = url
    },
    setRequestHeader(name: string, value: string) {
      xhr.headers[name] = value
    },
    send(body: FormData) {
      xhr.body = body
    },
  }
  // The same object is used by the code and by the test (properties are read live).
  const live = Object.assign(xhr, api)
  return { xhr: live, factory: (() => live) as unknown as XhrFactory }
}

const t = (key: string) => `t:${key}`

afterEach(() => {
  document.cookie = 'leap_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT'
})

describe('uploadEvidence', () => {
  it('posts itemId before the file with the CSRF header and reports progress', async () => {
    document.cookie = 'leap_csrf=tok123'
    const { xhr, factory } = fakeXhr()
    const seen: number[] = []
    const file = new File(['%PDF-1.4'], '照片.pdf', { type: 'application/pdf' })
    const done = uploadEvidence(42, file, (p) => seen.push(p), factory)
    expect(xhr.method).toBe('POST')
    expect(xhr.url).toBe('/api/evidence')
    expect(xhr.headers['x-csrf-token']).toBe('tok123')
    expect([...xhr.body!.keys()]).toEqual(['itemId', 'file'])
    expect(xhr.body!.get('itemId')).toBe('42')
    xhr.upload.onprogress!({ lengthComputable: true, loaded: 50, total: 200 } as ProgressEvent)
    xhr.status = 201
    xhr.responseText = JSON.stringify({ id: 7, filename: '照片.pdf', mime: 'application/pdf', size: 8, sha256: 'x' })
    xhr.onload!()
    await expect(done).resolves.toMatchObject({ id: 7 })
    expect(seen).toEqual([25, 100])
  })

  it('posts a score-sheet file to /api/evidence/score with inspectionId and criterionCode before the file', async () => {
    document.cookie = 'leap_csrf=tok456'
    const { xhr, factory } = fakeXhr()
    const seen: number[] = []
    const done = uploadScoreEvidence(7, 'website', new File(['%PDF-1.4'], '照片.pdf'), (p) => seen.push(p), factory)
    expect(xhr.url).toBe('/api/evidence/score')
    expect(xhr.headers['x-csrf-token']).toBe('tok456')
    expect([...xhr.body!.keys()]).toEqual(['inspectionId', 'criterionCode', 'file'])
    expect([xhr.body!.get('inspectionId'), xhr.body!.get('criterionCode')]).toEqual(['7', 'website'])
    xhr.status = 201
    xhr.responseText = JSON.stringify({ id: 3, criterionCode: 'website', filename: '照片.pdf', mime: 'application/pdf', size: 8, sha256: 'x', uploadedAt: '2025-03-12T02:00:00.000Z' })
    xhr.onload!()
    await expect(done).resolves.toMatchObject({ id: 3, criterionCode: 'website' })
    expect(seen).toEqual([100])
  })

  it('rejects with the status and the server message when refused', async () => {
    const { xhr, factory } = fakeXhr()
    const done = uploadEvidence(1, new File(['x'], 'a.exe'), undefined, factory)
    xhr.status = 415
    xhr.responseText = JSON.stringify({ error: 'file type not allowed', errorCode: 'FILE_TYPE_NOT_ALLOWED', params: { ext: 'exe' } })
    xhr.onload!()
    const error = await done.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EvidenceUploadError)
    expect((error as EvidenceUploadError).status).toBe(415)
    expect(describeUploadError(error, t, 'zh-TW')).toBe('t:errors.codes.FILE_TYPE_NOT_ALLOWED')
  })

  it('refuses an oversized file before sending anything', async () => {
    const { xhr, factory } = fakeXhr()
    const big = { name: 'big.pdf', size: EVIDENCE_MAX_BYTES + 1 } as File
    const error = await uploadEvidence(1, big, undefined, factory).catch((e: unknown) => e)
    expect(xhr.url).toBeUndefined()
    expect(describeUploadError(error, t, 'zh-TW')).toBe('t:errors.code.PAYLOAD_TOO_LARGE')
  })

  it('calls a dropped connection a network failure', async () => {
    const { xhr, factory } = fakeXhr()
    const done = uploadEvidence(1, new File(['x'], 'a.pdf'), undefined, factory)
    xhr.onerror!()
    expect(describeUploadError(await done.catch((e: unknown) => e), t, 'zh-TW')).toBe('t:errors.network')
  })
})
