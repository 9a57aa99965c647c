import { describe, expect, it } from 'vitest'
import { branchName } from './branch-name'

describe('branchName', () => {
  it.each([
    ['臺北分署', 'en', 'Taipei Branch'],
    ['臺北分署', 'zh-TW', '臺北分署'],
    ['宜蘭分署', 'en', 'Yilan Branch'],
    // A branch the domain does not know keeps its stored name.
    ['未知分署', 'en', '未知分署'],
    [null, 'en', ''],
  ] as const)('names %s in %s as %s', (branch, locale, expected) => {
    expect(branchName(branch, locale)).toBe(expected)
  })

  it('prefers the English name sent with the branch, and never shows it in Chinese', () => {
    expect(branchName({ name: '臺北分署', nameEn: 'Taipei' }, 'en')).toBe('Taipei')
    expect(branchName({ name: '臺北分署', nameEn: 'Taipei' }, 'zh-TW')).toBe('臺北分署')
    expect(branchName({ name: '新北分署', nameEn: null }, 'en')).toBe('New Taipei Branch')
  })
})
