import { describe, expect, it } from 'vitest'
import { outlineNumber, type OutlineLevel } from './outline-number.js'

describe('outlineNumber', () => {
  it.each<[OutlineLevel, number, string]>([
    [0, 1, '壹、'],
    [0, 4, '肆、'],
    [0, 10, '拾、'],
    [0, 11, '拾壹、'],
    [1, 1, '一、'],
    [1, 10, '十、'],
    [1, 21, '二十一、'],
    [2, 3, '(三)'],
    [2, 12, '(十二)'],
    [3, 7, '7.'],
    [4, 2, '(2)'],
  ])('level %i, n = %i → %s', (level, n, label) => {
    expect(outlineNumber(level, n)).toBe(label)
  })

  it.each([0, 100, 1.5])('refuses %s', (n) => {
    expect(() => outlineNumber(1, n)).toThrow(RangeError)
  })
})
