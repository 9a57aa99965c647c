import { describe, expect, it } from 'vitest'
import { refusalData } from './refusal.js'
import { assertStorableInput, jsonTextTooDeep, MAX_JSON_DEPTH, MAX_JSON_NODES, unstorableTextPaths } from './text-guard.js'

/** `depth` nested arrays built without recursion (so the test itself cannot overflow). */
function nested(depth: number): unknown {
  let value: unknown = []
  for (let i = 1; i < depth; i++) value = [value]
  return value
}

function refusedWith(input: unknown) {
  try {
    assertStorableInput(input)
  } catch (error) {
    return refusalData(error as never)
  }
  throw new Error('expected a refusal')
}

describe('the text guard bounds depth and work before walking', () => {
  it('5,000 and 100,000 nested arrays: a 400 naming the depth rule, not a stack overflow', () => {
    for (const depth of [MAX_JSON_DEPTH + 1, 5_000, 100_000]) {
      expect(refusedWith(nested(depth))).toMatchObject({ errorCode: 'INVALID_INPUT', params: { rule: 'depth', maximum: MAX_JSON_DEPTH } })
    }
    expect(() => assertStorableInput(nested(MAX_JSON_DEPTH))).not.toThrow()
  })

  it('more values than allowed: refused by size', () => {
    expect(refusedWith(Array.from({ length: MAX_JSON_NODES + 1 }, () => 1))).toMatchObject({ params: { rule: 'size' } })
  })

  it('still finds unstorable text, keys included, by path, in document order', () => {
    expect(unstorableTextPaths({ a: ['ok', 'nul\u0000'], 'k\uD800': 1, b: { c: '\uDC00x' } })).toEqual([['a', 1], ['k\uD800'], ['b', 'c']])
    expect(refusedWith({ title: 'x\u0000' })).toMatchObject({ errorCode: 'TEXT_NOT_STORABLE', fieldErrors: [{ path: ['title'] }] })
  })

  it('jsonTextTooDeep counts brackets outside strings only', () => {
    expect(jsonTextTooDeep('[[[]]]', 3)).toBeNull()
    expect(jsonTextTooDeep('[[[[]]]]', 3)).toBe(4)
    expect(jsonTextTooDeep(JSON.stringify({ s: '[[[[[[[[' }), 2)).toBeNull()
    expect(jsonTextTooDeep(JSON.stringify({ s: 'quote \\" [[[[[[' }), 2)).toBeNull()
    expect(jsonTextTooDeep(`${'['.repeat(5_000)}${']'.repeat(5_000)}`)).toBe(MAX_JSON_DEPTH + 1)
  })
})
