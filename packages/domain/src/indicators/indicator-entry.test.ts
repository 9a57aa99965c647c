import { describe, expect, it } from 'vitest'
import { DomainError } from '../errors.js'
import { assertClosedAfterReceived, assertPartsAddUp } from './indicator-entry.js'

function thrown(run: () => void): DomainError {
  try {
    run()
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
  throw new Error('expected a DomainError')
}

describe('assertPartsAddUp', () => {
  it.each([
    [{}, 87],
    [{ greeting: 40, answer: 47 }, 87],
    [{ a: 33.3, b: 33.3, c: 33.4 }, 100],
    [{ a: 0.1, b: 0.2 }, 0.3],
  ])('accepts %o with total %d', (components, total) => {
    expect(() => assertPartsAddUp(components, total)).not.toThrow()
  })

  it('refuses parts that do not add up, naming the field with the sum and the total', () => {
    const error = thrown(() => assertPartsAddUp({ a: 40, b: 50 }, 95))
    expect(error.code).toBe('PARTS_DO_NOT_ADD_UP')
    expect(error.params).toEqual({ sum: 90, total: 95 })
    expect(error.issues).toEqual([expect.objectContaining({ path: ['total'], code: 'PARTS_DO_NOT_ADD_UP', params: { sum: 90, total: 95 } })])
    expect(thrown(() => assertPartsAddUp({ a: 1 }, 2, ['tests', 3, 'components'])).issues[0]!.path).toEqual(['tests', 3, 'components'])
  })
})

describe('assertClosedAfterReceived', () => {
  it.each([
    ['2025-03-05', null],
    ['2025-03-05', '2025-03-05'],
    ['2025-03-05', '2025-03-06'],
  ])('accepts received %s closed %s', (receivedOn, closedOn) => {
    expect(() => assertClosedAfterReceived(receivedOn, closedOn)).not.toThrow()
  })

  it('refuses a petition closed before it was received, naming the field and both dates', () => {
    const error = thrown(() => assertClosedAfterReceived('2025-03-05', '2025-03-04', ['receivedOn']))
    expect(error.code).toBe('DATE_BEFORE')
    expect(error.params).toEqual({ date: '2025-03-04', after: '2025-03-05' })
    expect(error.issues[0]).toMatchObject({ path: ['receivedOn'], code: 'DATE_BEFORE' })
  })
})
