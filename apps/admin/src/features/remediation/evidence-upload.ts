import { csrfHeaders } from '../../api/csrf'
import { describeHttpFailure, type Translate } from '../../api/errors'

/** What `POST /api/evidence` answers on success. */
export interface UploadedEvidence {
  id: number
  filename: string
  mime: string
  size: number
  sha256: string
}

/** A refused or failed upload: the HTTP status (0 when no response) and the server's message. */
export class EvidenceUploadError extends Error {
  constructor(
    readonly status: number,
    readonly serverMessage: string | null,
    /** The refusal's JSON body (`{ error, errorCode, params }`), when the server sent one. */
    readonly body: unknown = null,
  ) {
    super(serverMessage ?? `upload failed (${status})`)
    this.name = 'EvidenceUploadError'
  }
}

/** Largest file the server accepts (10 MB); checked here too so nobody waits for a refusal. */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024

/** Factory for the request object; tests pass a fake. */
export type XhrFactory = () => Pick<XMLHttpRequest, 'open' | 'send' | 'setRequestHeader' | 'upload' | 'status' | 'responseText'> & {
  onload: ((this: unknown, ev: unknown) => unknown) | null
  onerror: ((this: unknown, ev: unknown) => unknown) | null
}

/**
 * Uploads one evidence file for a remediation item: multipart (`itemId` before `file`, as the
 * server reads them), CSRF header, session cookie. XMLHttpRequest rather than fetch because only
 * it reports upload progress. `onProgress` gets 0–100.
 * @throws EvidenceUploadError with the HTTP status (413 too large, 415 wrong type, 404 not visible…).
 */
export function uploadEvidence(
  itemId: number,
  file: File,
  onProgress: (percent: number) => void = () => {},
  createXhr: XhrFactory = () => new XMLHttpRequest() as ReturnType<XhrFactory>,
): Promise<UploadedEvidence> {
  return sendEvidence('/api/evidence', { itemId: String(itemId) }, file, onProgress, createXhr)
}

/** What `POST /api/evidence/score` answers on success. */
export interface UploadedScoreEvidence extends UploadedEvidence {
  criterionCode: string
  uploadedAt: string
}

/**
 * Uploads one evidence file for a criterion of a score sheet (`inspectionId` and `criterionCode`
 * before `file`), with the same progress, CSRF and refusals as {@link uploadEvidence}.
 */
export function uploadScoreEvidence(
  inspectionId: number,
  criterionCode: string,
  file: File,
  onProgress: (percent: number) => void = () => {},
  createXhr: XhrFactory = () => new XMLHttpRequest() as ReturnType<XhrFactory>,
): Promise<UploadedScoreEvidence> {
  return sendEvidence('/api/evidence/score', { inspectionId: String(inspectionId), criterionCode }, file, onProgress, createXhr)
}

function sendEvidence<T>(url: string, fields: Record<string, string>, file: File, onProgress: (percent: number) => void, createXhr: XhrFactory): Promise<T> {
  if (file.size > EVIDENCE_MAX_BYTES) return Promise.reject(new EvidenceUploadError(413, null))
  return new Promise((resolve, reject) => {
    const xhr = createXhr()
    xhr.open('POST', url)
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (e: ProgressEvent) => {
      if (e.lengthComputable && e.total > 0) onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)))
    }
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        // not JSON: the status alone tells what happened
      }
      if (xhr.status === 201 || xhr.status === 200) {
        onProgress(100)
        resolve(body as T)
      } else {
        const message = body && typeof body === 'object' && 'error' in body ? String((body as { error: unknown }).error) : null
        reject(new EvidenceUploadError(xhr.status, message, body))
      }
    }
    xhr.onerror = () => reject(new EvidenceUploadError(0, null))
    const form = new FormData()
    // Fields before the file: the server reads them with the file part.
    for (const [name, value] of Object.entries(fields)) form.append(name, value)
    form.append('file', file, file.name)
    xhr.send(form)
  })
}

/**
 * The message for a failed upload, with the same rules as `describeError`: the refusal code of
 * the server's answer in words, else the generic message of the status. Never throws.
 */
export function describeUploadError(error: unknown, t: Translate, _locale?: string): string {
  if (!(error instanceof EvidenceUploadError)) return t('errors.unknown')
  return describeHttpFailure(error.status, error.body, t)
}
