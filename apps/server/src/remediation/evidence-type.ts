import type { ErrorCode, ErrorParams } from '@leap/domain'

/** File kinds accepted as remediation evidence. */
export type EvidenceKind = 'pdf' | 'jpg' | 'png' | 'docx' | 'xlsx'

/** Largest accepted evidence file, in bytes (10 MiB). */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024

export const EVIDENCE_MIME: Readonly<Record<EvidenceKind, string>> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

const EXTENSIONS: Readonly<Record<string, EvidenceKind>> = {
  pdf: 'pdf',
  jpg: 'jpg',
  jpeg: 'jpg',
  png: 'png',
  docx: 'docx',
  xlsx: 'xlsx',
}

/** A refused file: the refusal code and params the admin words, the English text for the record. */
export interface EvidenceRefusal {
  ok: false
  code: Extract<ErrorCode, 'FILE_EMPTY' | 'FILE_TOO_LARGE' | 'FILE_TYPE_NOT_ALLOWED' | 'FILE_TYPE_MISMATCH'>
  params: ErrorParams
  message: string
}

export type EvidenceCheck = { ok: true; kind: EvidenceKind; mime: string } | EvidenceRefusal

/**
 * Decides whether `bytes` named `filename` is acceptable evidence. The kind is read from the content
 * (magic bytes; for docx/xlsx the entries of the zip container) and must agree with the extension,
 * so a renamed executable or a spreadsheet called `.pdf` is refused. Never throws.
 *
 * @example checkEvidence('report.pdf', Buffer.from('%PDF-1.7…')) // { ok: true, kind: 'pdf', … }
 */
export function checkEvidence(filename: string, bytes: Uint8Array): EvidenceCheck {
  if (bytes.length === 0) return { ok: false, code: 'FILE_EMPTY', params: {}, message: 'the file is empty' }
  if (bytes.length > EVIDENCE_MAX_BYTES) return tooLarge()
  const ext = filename.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? ''
  const declared = EXTENSIONS[ext]
  if (!declared) return { ok: false, code: 'FILE_TYPE_NOT_ALLOWED', params: { ext, detected: null }, message: 'allowed types: pdf, jpg, png, docx, xlsx' }
  const detected = detectKind(bytes)
  if (!detected) return { ok: false, code: 'FILE_TYPE_NOT_ALLOWED', params: { ext, detected: null }, message: 'content is not a pdf, jpg, png, docx or xlsx file' }
  if (detected !== declared) {
    return { ok: false, code: 'FILE_TYPE_MISMATCH', params: { ext, detected }, message: `the extension .${ext} does not match the content (${detected})` }
  }
  return { ok: true, kind: detected, mime: EVIDENCE_MIME[detected] }
}

/** The refusal of a file over {@link EVIDENCE_MAX_BYTES} (FILE_TOO_LARGE, `maxMb`). */
export function tooLarge(): EvidenceRefusal {
  const maxMb = EVIDENCE_MAX_BYTES / 1024 / 1024
  return { ok: false, code: 'FILE_TOO_LARGE', params: { maxMb }, message: `file larger than ${maxMb} MB` }
}

/** The kind of file the bytes hold, from their signature; null when none of the accepted kinds. */
export function detectKind(bytes: Uint8Array): EvidenceKind | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf' // %PDF-
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntryNames(bytes)
    if (!names.includes('[Content_Types].xml')) return null
    if (names.some((n) => n.startsWith('word/'))) return 'docx'
    if (names.some((n) => n.startsWith('xl/'))) return 'xlsx'
  }
  return null
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b)
}

/** Entry names from a zip's central directory; empty when the container is malformed. */
function zipEntryNames(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // The end-of-central-directory record sits in the last 22 + up to 65535 (comment) bytes.
  const minEocd = Math.max(0, bytes.length - 22 - 65_535)
  let eocd = -1
  for (let i = bytes.length - 22; i >= minEocd; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return []
  const count = view.getUint16(eocd + 10, true)
  let offset = view.getUint32(eocd + 16, true)
  const names: string[] = []
  const decoder = new TextDecoder()
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return []
    const nameLength = view.getUint16(offset + 28, true)
    const extraLength = view.getUint16(offset + 30, true)
    const commentLength = view.getUint16(offset + 32, true)
    if (offset + 46 + nameLength > bytes.length) return []
    names.push(decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)))
    offset += 46 + nameLength + extraLength + commentLength
  }
  return names
}
