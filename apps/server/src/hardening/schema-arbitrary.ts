import fc from 'fast-check'
import type { ZodType } from 'zod'

/**
 * Numbers across the whole range of a JSON number that matter to a server on PostgreSQL: ids that
 * exist in the demo data (1–30), ids of rows that do not exist (foreign keys to nothing), the
 * edges of an `integer` column (2³¹ − 1, 2³¹, 2³¹ + 1, −2³¹ − 1), of `bigint` and of a double's
 * exact integers (2⁵³ − 1, 2⁵³, 2⁵³ + 2), fractions, and exponents.
 */
export const EDGE_NUMBERS = [
  0, 1, 2, 3, 5, 8, 13, 30, 999_999, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32, -(2 ** 31) - 1, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -1, 0.5, 1e21, 1e308, -0,
] as const

/** Text of every kind: empty, long, dates real and impossible, codes, injection, odd unicode. */
const EDGE_STRINGS = [
  '',
  ' ',
  'a',
  'TPE',
  'ILA',
  'website',
  'sop-and-forms',
  '2025-03-05',
  '2026-01-15',
  '2025-02-30',
  '114-03-05',
  '9999-12-31',
  '0001-01-01',
  '2147483648',
  "'; DROP TABLE app_user; --",
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  '👩‍👩‍👧‍👦𠀀',
  'x'.repeat(256),
  'x'.repeat(4_001),
] as const

/** `depth` arrays nested inside each other: JSON that walks deep (5,000 levels was once a 500; see the deep-nesting tests). */
export function nested(depth: number): unknown {
  let value: unknown = []
  for (let i = 1; i < depth; i++) value = [value]
  return value
}

interface Def {
  type: string
  shape?: Record<string, ZodType>
  innerType?: ZodType
  element?: ZodType
  options?: ZodType[]
  entries?: Record<string, string | number>
  values?: unknown[]
  in?: ZodType
  out?: ZodType
  keyType?: ZodType
  valueType?: ZodType
  items?: ZodType[]
  checks?: { _zod: { def: { check: string; value?: number; minimum?: number; maximum?: number } } }[]
  getter?: () => ZodType
}

const defOf = (schema: ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def

/** The boundary values a number schema's own limits suggest (min − 1, min, max, max + 1). */
function limitsOf(def: Def): number[] {
  const out: number[] = []
  for (const c of def.checks ?? []) {
    const { value } = c._zod.def
    if (typeof value === 'number') out.push(value - 1, value, value + 1)
  }
  return out
}

/**
 * Values shaped like what `schema` accepts — the right keys and types, often valid — drawn from the
 * edges of each JSON type: numbers from {@link EDGE_NUMBERS} and the schema's own limits, strings
 * from the edge list, enum members, arrays empty to a few, objects with keys left out, plus now and
 * then a wrong type, `null` or deep nesting in place of any field. Unlike purely malformed input,
 * these reach the procedures' code and the database, which is where an id past the column's range
 * or a reference to nothing used to become a 500.
 */
export function hostileShaped(schema: ZodType, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema)
  const wrongType = fc.oneof(fc.constant(null), fc.constant('1'), fc.constant(true), fc.constant([]), fc.constant({}), fc.integer({ min: 2, max: 30 }).map(nested))
  const or = (arb: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: arb, weight: 12 }, { arbitrary: wrongType, weight: 1 })
  if (depth > 6) return wrongType
  switch (def.type) {
    case 'object': {
      const shape = def.shape ?? {}
      const keys = Object.keys(shape)
      return or(fc.record(Object.fromEntries(keys.map((k) => [k, hostileShaped(shape[k]!, depth + 1)])), { requiredKeys: keys.filter((k) => !['optional', 'default'].includes(defOf(shape[k]!).type)) }))
    }
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return hostileShaped(def.innerType!, depth)
    case 'nullable':
      return fc.oneof(fc.constant(null), hostileShaped(def.innerType!, depth))
    case 'pipe':
      return hostileShaped(def.in!, depth)
    case 'lazy':
      return def.getter ? hostileShaped(def.getter(), depth + 1) : wrongType
    case 'number':
      return or(fc.oneof(fc.constantFrom(...EDGE_NUMBERS, ...limitsOf(def)), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER })))
    case 'bigint':
      return or(fc.constantFrom(...EDGE_NUMBERS))
    case 'string':
      return or(fc.oneof(fc.constantFrom(...EDGE_STRINGS), fc.string({ maxLength: 12 })))
    case 'boolean':
      return or(fc.boolean())
    case 'enum':
      return or(fc.constantFrom(...Object.values(def.entries ?? { x: 'x' })))
    case 'literal':
      return or(fc.constantFrom(...((def.values ?? [null]) as unknown[])))
    case 'array':
      return or(fc.array(hostileShaped(def.element!, depth + 1), { maxLength: 4 }))
    case 'tuple':
      return or(fc.tuple(...(def.items ?? []).map((i) => hostileShaped(i, depth + 1))))
    case 'union':
      return fc.oneof(...(def.options ?? []).map((o) => hostileShaped(o, depth)))
    case 'record':
      return or(fc.dictionary(fc.constantFrom('a', '1', 'TPE', '__proto__'), hostileShaped(def.valueType!, depth + 1), { maxKeys: 3 }))
    default:
      return fc.oneof(fc.jsonValue({ maxDepth: 2 }), wrongType)
  }
}
