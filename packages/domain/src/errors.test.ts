import { describe, expect, it } from 'vitest'
import { DOMAIN_ERROR_CODES, DomainError, ERROR_CODES, isDomainError, isErrorCode, SERVER_ERROR_CODES } from './errors.js'

describe('error codes', () => {
  it('are one list with no code twice, domain codes first', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length)
    expect(ERROR_CODES).toEqual([...DOMAIN_ERROR_CODES, ...SERVER_ERROR_CODES])
  })

  it('recognises a code read off the wire and nothing else', () => {
    expect(isErrorCode('VERSION_CONFLICT')).toBe(true)
    expect(isErrorCode('FINDING_REQUIRED')).toBe(true)
    expect(isErrorCode('finding_required')).toBe(false)
    expect(isErrorCode(undefined)).toBe(false)
    expect(isErrorCode({ code: 'NOT_FOUND' })).toBe(false)
  })

  it('carries params beside the code, and is recognised across package copies by shape', () => {
    const error = new DomainError('PARTS_DO_NOT_ADD_UP', 'parts add up to 90, not 95', [{ path: ['total'], message: 'sum 90' }], { sum: 90, total: 95 })
    expect(error.params).toEqual({ sum: 90, total: 95 })
    expect(isDomainError(error)).toBe(true)
    const copy = Object.assign(new Error('x'), { name: 'DomainError', code: 'INVALID_DATE' })
    expect(isDomainError(copy)).toBe(true)
    expect(isDomainError(new Error('x'))).toBe(false)
  })
})
