import { createHash } from 'node:crypto'
import { canonicalJson } from '../document/canonical-json.js'
import { scoreSheetSchema, type ScoreSheetInput } from './score-sheet.schema.js'

/** Length of the printed content hash, in hex digits (48 bits). */
export const SHEET_HASH_LENGTH = 12

/**
 * The content hash printed on every page of a score sheet: the first 12 hex digits of SHA-256 over
 * the canonical JSON (keys sorted, defaults applied) of the validated sheet data, sign-off included.
 * Any change to a score, a finding, the committee or the signature changes it.
 * @throws ZodError if `sheet` is not a valid score sheet.
 * @example sheetHash(sheet) // 'a3f09c21be47'
 */
export function sheetHash(sheet: ScoreSheetInput): string {
  const data = scoreSheetSchema.parse(sheet)
  return createHash('sha256').update(canonicalJson(data), 'utf8').digest('hex').slice(0, SHEET_HASH_LENGTH)
}

/**
 * Whether `hash` (as printed, any case, surrounding spaces ignored) is the content hash of `sheet`.
 * Never throws: invalid data or a malformed hash give `false`.
 */
export function verifySheetHash(sheet: unknown, hash: string): boolean {
  const wanted = hash.trim().toLowerCase()
  if (!/^[0-9a-f]{12}$/.test(wanted)) return false
  const parsed = scoreSheetSchema.safeParse(sheet)
  if (!parsed.success) return false
  return sheetHash(parsed.data) === wanted
}
