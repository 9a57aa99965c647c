import { refuse } from './refusal.js'

// A lone half of a surrogate pair: JSON allows it, UTF-8 cannot encode it (the driver would
// silently store U+FFFD instead).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** True when PostgreSQL can store `text` exactly: no NUL character, no unpaired surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text)
}

/** How deep a request's JSON may nest. The deepest real input (a consensus sheet's entries) is 3. */
export const MAX_JSON_DEPTH = 32

/** How many values (strings, numbers, arrays, objects, keys) one request's input may hold in all. */
export const MAX_JSON_NODES = 200_000

/**
 * The first nesting level past `maxDepth` in JSON text, found by one pass over the characters
 * without parsing (so a 10 KB body of 5,000 nested arrays costs 10 K steps, not a deep recursion
 * anywhere); null when the text nests no deeper. Brackets inside strings do not count.
 */
export function jsonTextTooDeep(text: string, maxDepth = MAX_JSON_DEPTH): number | null {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x5b || c === 0x7b) {
      depth++
      if (depth > maxDepth) return depth
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
  return null
}

/** Thrown (as the cause of a 400) when input nests deeper or holds more values than allowed. */
export class InputTooComplexError extends Error {
  constructor(readonly path: (string | number)[], readonly rule: 'depth' | 'size') {
    super(
      rule === 'depth'
        ? `input nests deeper than ${MAX_JSON_DEPTH} levels`
        : `input holds more than ${MAX_JSON_NODES} values`,
    )
    this.name = 'InputTooComplexError'
  }
}

/**
 * Paths of the strings (keys included) in `value` that could not be stored exactly. Walks with an
 * explicit stack, never recursion, and throws InputTooComplexError past MAX_JSON_DEPTH levels or
 * MAX_JSON_NODES values, so hostile nesting is refused before anything else walks it.
 */
export function unstorableTextPaths(value: unknown): (string | number)[][] {
  const found: (string | number)[][] = []
  const stack: { value: unknown; path: (string | number)[]; key?: string }[] = [{ value, path: [] }]
  let nodes = 0
  while (stack.length > 0 && found.length < 20) {
    const { value: v, path, key } = stack.pop()!
    if (++nodes > MAX_JSON_NODES) throw new InputTooComplexError(path, 'size')
    if (key !== undefined && !isStorableText(key)) found.push(path)
    if (typeof v === 'string') {
      if (!isStorableText(v)) found.push(path)
      continue
    }
    if (v === null || typeof v !== 'object') continue
    if (path.length >= MAX_JSON_DEPTH) throw new InputTooComplexError(path.slice(0, 8), 'depth')
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] })
    } else {
      const entries = Object.entries(v)
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!
        stack.push({ value: child, path: [...path, k], key: k })
      }
    }
  }
  return found
}

/** English, for the log; the client words TEXT_NOT_STORABLE. */
const MESSAGE = 'text contains a character that cannot be stored: NUL or an unpaired surrogate'

/**
 * Refuses input nested deeper than MAX_JSON_DEPTH or holding more than MAX_JSON_NODES values
 * (BAD_REQUEST naming the rule), and input whose text PostgreSQL would reject (NUL: a 500 before this guard) or silently
 * alter (an unpaired surrogate becomes U+FFFD): BAD_REQUEST with one field error per string.
 */
export function assertStorableInput(input: unknown): void {
  let paths: (string | number)[][]
  try {
    paths = unstorableTextPaths(input)
  } catch (error) {
    if (!(error instanceof InputTooComplexError)) throw error
    const params = { rule: error.rule, maximum: error.rule === 'depth' ? MAX_JSON_DEPTH : MAX_JSON_NODES }
    throw refuse('BAD_REQUEST', 'INVALID_INPUT', params, error.message, [{ path: error.path }])
  }
  if (paths.length === 0) return
  throw refuse('BAD_REQUEST', 'TEXT_NOT_STORABLE', {}, MESSAGE, paths.map((path) => ({ path })))
}
