import { TRPCError } from '@trpc/server'
import { ZodRealError } from 'zod'

// A lone half of a surrogate pair: JSON allows it, UTF-8 cannot encode it (the driver would
// silently store U+FFFD instead).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** True when PostgreSQL can store `text` exactly: no NUL character, no unpaired surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text)
}

/** Paths of the strings (keys included) in `value` that could not be stored exactly. */
export function unstorableTextPaths(value: unknown, path: (string | number)[] = [], found: (string | number)[][] = []): (string | number)[][] {
  if (found.length >= 20) return found
  if (typeof value === 'string') {
    if (!isStorableText(value)) found.push(path)
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorableTextPaths(v, [...path, i], found))
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!isStorableText(k)) found.push([...path, k])
      unstorableTextPaths(v, [...path, k], found)
    }
  }
  return found
}

const MESSAGE = '文字含有無法儲存的字元（NUL 或不成對的代理字元） (text contains a character that cannot be stored: NUL or an unpaired surrogate)'

/**
 * Refuses input whose text PostgreSQL would reject (NUL: a 500 before this guard) or silently
 * alter (an unpaired surrogate becomes U+FFFD): BAD_REQUEST with one field error per string.
 */
export function assertStorableInput(input: unknown): void {
  const paths = unstorableTextPaths(input)
  if (paths.length === 0) return
  throw new TRPCError({
    code: 'BAD_REQUEST',
    message: MESSAGE,
    // ZodRealError (unlike ZodError) is an Error, so it survives as the cause and the formatter lists the fields.
    cause: new ZodRealError(paths.map((path) => ({ code: 'custom' as const, path, message: MESSAGE, input: undefined }))),
  })
}
