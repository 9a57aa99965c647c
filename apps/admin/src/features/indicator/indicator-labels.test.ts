import { PETITION_CATEGORIES, PETITION_CHANNELS } from '@leap/domain'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { messages } from '../../i18n/messages'
import { ENTRY_SCALES, levelsOf } from './indicator-entry'
import { levelLabel, petitionCategoryLabel, petitionChannelLabel } from './indicator-labels'

const translate = (locale: 'zh-TW' | 'en') => {
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'zh-TW', messages, missingWarn: false, fallbackWarn: false })
  return (key: string) => i18n.global.t(key)
}
const han = /\p{Script=Han}/u

describe('indicator labels', () => {
  it('words every answer level of every scale in English, and keeps the domain wording in Chinese', () => {
    const en = translate('en')
    const zh = translate('zh-TW')
    for (const scale of ENTRY_SCALES) {
      levelsOf(scale).forEach((level, i) => {
        expect(zh(`indicator.survey.levels.${scale}.${i}`)).toBe(level)
        expect(levelLabel(zh, scale, i)).toBe(level)
        expect(levelLabel(en, scale, i)).not.toMatch(han)
        expect(levelLabel(en, scale, i)).not.toContain('indicator.')
      })
    }
    expect(levelLabel(en, 'five', 0)).toBe('Very satisfied')
  })

  it('words every petition category and channel in English, and shows an unlisted stored value as it is', () => {
    const en = translate('en')
    const zh = translate('zh-TW')
    for (const c of PETITION_CATEGORIES) {
      expect(petitionCategoryLabel(zh, c)).toBe(c)
      expect(petitionCategoryLabel(en, c)).not.toMatch(han)
    }
    for (const c of PETITION_CHANNELS) {
      expect(petitionChannelLabel(zh, c)).toBe(c)
      expect(petitionChannelLabel(en, c)).not.toMatch(han)
    }
    expect(petitionChannelLabel(en, '電子郵件')).toBe('E-mail')
    expect(new Set(PETITION_CATEGORIES.map((c) => petitionCategoryLabel(en, c))).size).toBe(PETITION_CATEGORIES.length)
    expect(petitionCategoryLabel(en, '舊類別')).toBe('舊類別')
  })
})
