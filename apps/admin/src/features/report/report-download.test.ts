import { describe, expect, it } from 'vitest'
import { describeReportError, downloadReport, filenameFrom, importIndicators, importProblems, indicatorExportUrl, ReportRequestError } from './report-download'

const t = (key: string) => key

function streamed(bytes: Uint8Array, headers: Record<string, string>): Response {
  const half = Math.floor(bytes.length / 2)
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.subarray(0, half))
      controller.enqueue(bytes.subarray(half))
      controller.close()
    },
  })
  return new Response(body, { status: 200, headers })
}

describe('filenameFrom', () => {
  it('prefers the UTF-8 name and falls back to the plain one', () => {
    const name = '臺北分署_114年上半年_評分表.pdf'
    expect(filenameFrom(`attachment; filename="____114_____.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`, 'x')).toBe(name)
    expect(filenameFrom('attachment; filename="plain.pdf"', 'x')).toBe('plain.pdf')
    expect(filenameFrom(null, 'fallback.pdf')).toBe('fallback.pdf')
  })
})

describe('indicatorExportUrl', () => {
  it('names the branch and the period the server exports', () => {
    expect(indicatorExportUrl(3, '2025-01-01', '2025-06-30')).toBe('/api/reports/branches/3/indicators.xlsx?from=2025-01-01&to=2025-06-30')
  })
})

describe('downloadReport', () => {
  it('reports progress while the body streams and keeps the type and name', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7 body of the document')
    const seen: number[] = []
    const doc = await downloadReport('/api/reports/x.pdf', (p) => seen.push(p), async () =>
      streamed(bytes, { 'content-type': 'application/pdf', 'content-length': String(bytes.length), 'content-disposition': "attachment; filename*=UTF-8''a%E8%A1%A8.pdf" }),
    )
    expect(seen).toHaveLength(2)
    expect(seen[0]).toBeGreaterThan(0)
    expect(seen[0]).toBeLessThan(100)
    expect(seen[1]).toBe(100)
    expect(doc.filename).toBe('a表.pdf')
    expect(doc.blob.type).toBe('application/pdf')
    // jsdom's Blob cannot be read back; its size shows every chunk was kept.
    expect(doc.blob.size).toBe(bytes.length)
  })

  it('turns a refusal into an error with the server message, and a failed fetch into status 0', async () => {
    const refused = downloadReport('/api/reports/x.pdf', undefined, async () => new Response(JSON.stringify({ error: '找不到資料 (not found)' }), { status: 404 }))
    await expect(refused).rejects.toMatchObject({ status: 404, serverMessage: '找不到資料 (not found)' })
    await expect(downloadReport('/x', undefined, () => Promise.reject(new TypeError('offline')))).rejects.toMatchObject({ status: 0 })
  })
})

describe('importIndicators', () => {
  it('posts the file with the CSRF header and lists the problems of a refused file', async () => {
    document.cookie = 'leap_csrf=token-1'
    let sent: RequestInit | undefined
    const problems = [{ sheet: '問卷統計', row: 3, column: '無效（K欄）', rule: 'INVALID_EXCEEDS_RETURNED', message: '無效份數大於回收份數' }]
    const error = await importIndicators(new File(['x'], 'a.xlsx'), async (_url, init) => {
      sent = init
      return new Response(JSON.stringify({ error: '匯入檔有誤，未匯入任何資料 (nothing imported)', problems }), { status: 400 })
    }).catch((e: unknown) => e)
    expect((sent?.headers as Record<string, string>)['x-csrf-token']).toBe('token-1')
    expect(sent?.body).toBeInstanceOf(FormData)
    expect(importProblems(error)).toEqual(problems)
    expect(importProblems(new Error('other'))).toEqual([])
  })
})

describe('describeReportError', () => {
  it('words the refusal code of the answer, else the status message', () => {
    const incomplete = { error: 'the stored data cannot fill the document', errorCode: 'DOCUMENT_DATA_INCOMPLETE', params: {} }
    expect(describeReportError(new ReportRequestError(409, incomplete.error, incomplete), t, 'zh-TW')).toBe('errors.codes.DOCUMENT_DATA_INCOMPLETE')
    expect(describeReportError(new ReportRequestError(409, '資料不完整 (incomplete)'), t, 'zh-TW')).toBe('errors.code.CONFLICT')
    expect(describeReportError(new ReportRequestError(403, null), t, 'zh-TW')).toBe('errors.code.FORBIDDEN')
    expect(describeReportError(new ReportRequestError(0, null), t, 'zh-TW')).toBe('errors.network')
    expect(describeReportError('nope', t, 'zh-TW')).toBe('errors.unknown')
  })
})
