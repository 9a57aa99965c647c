import { describe, expect, it } from 'vitest'
import { formatPercent } from './percent-format.js'
import { ratioPercent } from './rounding.js'

describe('formatPercent', () => {
  it.each([
    [96.3, undefined, '96.30'],
    [100, undefined, '100.00'],
    [0, undefined, '0.00'],
    [88.965, undefined, '88.97'],
    [1.005, undefined, '1.01'],
    [ratioPercent(121, 136), undefined, '88.97'],
    [96.3, { suffix: '%' }, '96.30%'],
    [12.5, { decimals: 1 }, '12.5'],
    [12.5, { decimals: 0 }, '13'],
    [-2.5, { decimals: 0 }, '-3'],
    [null, undefined, '—'],
    [null, { empty: '' }, ''],
  ] as const)('%s with %j prints %s', (value, options, printed) => {
    expect(formatPercent(value, options)).toBe(printed)
  })

  it('refuses a value or option it cannot print, naming the field', () => {
    expect(() => formatPercent(Number.NaN)).toThrow(/value/)
    expect(() => formatPercent(2 ** 53)).toThrow(/value/)
    expect(() => formatPercent(1, { decimals: 7 })).toThrow(/decimals/)
  })
})
