import { describe, expect, it } from 'vitest'
import { readCsrfToken } from './csrf'

describe('readCsrfToken', () => {
  it('finds the leap_csrf cookie among others', () => {
    expect(readCsrfToken('a=1; leap_csrf=abc%3D123; b=2')).toBe('abc=123')
  })

  it('does not mistake a cookie whose name merely ends the same way', () => {
    expect(readCsrfToken('xleap_csrf=nope')).toBeNull()
  })

  it('returns null when the server has not set it yet', () => {
    expect(readCsrfToken('')).toBeNull()
  })
})
