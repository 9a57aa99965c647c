import { csrfHeaders } from '../../api/csrf'
import { describeHttpFailure, type Translate } from '../../api/errors'

/** A refused or failed report request: the HTTP status (0 when no response) and the server's message. */
export class ReportRequestError extends Error {
  constructor(
    readonly status: number,
    readonly serverMessage: string | null,
    /** What the server put beside the message (the import's `problems`). */
    readonly body: Record<string, unknown> | null = null,
  ) {
    super(serverMessage ?? `report request failed (${status})`)
    this.name = 'ReportRequestError'
  }
}

/** A produced document, ready to save. */
export interface DownloadedDocument {
  blob: Blob
  filename: string
}

/**
 * URL of the export of a branch's stored survey tallies and phone tests in the period (ISO days),
 * in the template the import reads.
 */
export function indicatorExportUrl(branchId: number, from: string, to: string): string {
  return `/api/reports/branches/${branchId}/indicators.xlsx?${new URLSearchParams({ from, to }).toString()}`
}

/** The filename of `Content-Disposition`, preferring the UTF-8 `filename*` form. Never throws. */
export function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim())
    } catch {
      // malformed escape: fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition)
  return plain ? plain[1]!.trim() : fallback
}

async function errorFrom(response: Response): Promise<ReportRequestError> {
  let body: Record<string, unknown> | null = null
  try {
    body = (await response.json()) as Record<string, unknown>
  } catch {
    // not JSON: the status alone tells what happened
  }
  const message = body && typeof body.error === 'string' ? body.error : null
  return new ReportRequestError(response.status, message, body)
}

/**
 * Fetches a document from /api/reports with the session cookie, reading the body as a stream so
 * `onProgress` gets 0–100 when the server sends a length (it does: documents are produced whole
 * before they are sent). Until the first byte arrives the caller shows a busy state.
 * @throws ReportRequestError (401, 404 outside scope, 409 data not complete, 0 network…).
 */
export async function downloadReport(url: string, onProgress: (percent: number) => void = () => {}, fetchFn: typeof fetch = fetch): Promise<DownloadedDocument> {
  let response: Response
  try {
    response = await fetchFn(url, { credentials: 'same-origin' })
  } catch {
    throw new ReportRequestError(0, null)
  }
  if (!response.ok) throw await errorFrom(response)
  const total = Number(response.headers.get('content-length') ?? 0)
  const type = response.headers.get('content-type') ?? 'application/octet-stream'
  const filename = filenameFrom(response.headers.get('content-disposition'), url.split('/').pop()?.split('?')[0] ?? 'download')
  if (!response.body || !total) {
    const blob = await response.blob()
    onProgress(100)
    return { blob, filename }
  }
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let received = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    received += value.length
    onProgress(Math.min(100, Math.round((received / total) * 100)))
  }
  return { blob: new Blob(chunks as BlobPart[], { type }), filename }
}

/** Hands a document to the browser's download (an object URL on a temporary link). */
export function saveDocument(doc: DownloadedDocument): void {
  const href = URL.createObjectURL(doc.blob)
  const link = document.createElement('a')
  link.href = href
  link.download = doc.filename
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}

/** One problem of a refused indicator import, as the server lists them. */
export interface ImportProblem {
  sheet: string
  row: number | null
  column: string | null
  rule: string
  message: string
}

/** What a saved import answers. */
export interface ImportResult {
  surveys: number
  phoneTests: number
  /** 聲明異議 added or changed (the template's 聲明異議 sheet, issue 19). */
  objections: number
  /** Rows equal to what is stored: left alone (an unchanged export imported again changes nothing). */
  unchanged: number
}

/**
 * Posts a filled indicator template (multipart, CSRF header). All or nothing on the server.
 * @throws ReportRequestError; on 400 its `body.problems` lists every bad row.
 */
export async function importIndicators(file: File, fetchFn: typeof fetch = fetch): Promise<ImportResult> {
  const form = new FormData()
  form.append('file', file, file.name)
  let response: Response
  try {
    response = await fetchFn('/api/reports/indicators/import', { method: 'POST', body: form, credentials: 'same-origin', headers: csrfHeaders() })
  } catch {
    throw new ReportRequestError(0, null)
  }
  if (!response.ok) throw await errorFrom(response)
  return (await response.json()) as ImportResult
}

/** The problems of a refused import (empty for any other failure). */
export function importProblems(error: unknown): ImportProblem[] {
  if (!(error instanceof ReportRequestError) || !error.body || !Array.isArray(error.body.problems)) return []
  return error.body.problems as ImportProblem[]
}

/**
 * The message for a failed report request, with the rules of `describeError`: the refusal code of
 * the server's answer in words, else the generic message of the status. Never throws.
 */
export function describeReportError(error: unknown, t: Translate, _locale?: string): string {
  if (!(error instanceof ReportRequestError)) return t('errors.unknown')
  return describeHttpFailure(error.status, error.body, t)
}
