import { DomainError, type DomainErrorCode } from './errors.js'

// Internal: shape checks for callers in plain JavaScript, where a type annotation promises nothing.
// Each names the field, so a wrong call is a DomainError with a path, never a TypeError.

/** `value` if it is a plain object (not null, not an array), else a DomainError `code` naming `path`. */
export function requireRecord(value: unknown, path: string | (string | number)[], code: DomainErrorCode): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const p = Array.isArray(path) ? path : [path]
    throw new DomainError(code, `${p.join('.')}: must be an object`, [{ path: p, message: 'must be an object' }])
  }
  return value as Record<string, unknown>
}

/** `value` if it is an array, else a DomainError `code` naming `path`. */
export function requireList(value: unknown, path: string | (string | number)[], code: DomainErrorCode): readonly unknown[] {
  if (!Array.isArray(value)) {
    const p = Array.isArray(path) ? path : [path]
    throw new DomainError(code, `${p.join('.')}: must be a list`, [{ path: p, message: 'must be a list' }])
  }
  return value
}

/**
 * A value as an error message may quote it, for any JavaScript value: never throws (a BigInt, a
 * Symbol or an object without a prototype cannot break the message that reports them) and never
 * grows past 80 characters.
 */
export function describeValue(value: unknown): string {
  let text: string
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'bigint' ? `${value.toString()}n` : typeof value === 'symbol' ? value.toString() : typeof value === 'function' ? 'a function' : value !== null && typeof value === 'object' ? (JSON.stringify(value) ?? Object.prototype.toString.call(value)) : String(value)
  } catch {
    text = Object.prototype.toString.call(value)
  }
  return text.length > 80 ? `${text.slice(0, 77)}…` : text
}
