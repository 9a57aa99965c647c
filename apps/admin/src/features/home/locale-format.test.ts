import { describe, expect, it } from 'vitest'
import { formatRocDateTimeIn, formatRocIn } from './locale-format'

describe('locale formats', () => {
  it('says ROC dates are ROC in English and keeps the Chinese form in Chinese', () => {
    expect(formatRocIn('2025-08-17', 'zh-TW')).toBe('114年8月17日')
    expect(formatRocIn('2025-08-17', 'en')).toMatch(/^ROC 114\/0?8\/17$/)
    expect(formatRocIn(null, 'en')).toBe('')
    expect(formatRocDateTimeIn('2025-08-17T05:05:00Z', 'en')).toMatch(/^ROC 114\/0?8\/17 13:05$/)
  })
})
