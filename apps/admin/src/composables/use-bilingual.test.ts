import { QUALITY_V1, SERVICE_LEAP_V2 } from '@leap/domain'
import { describe, expect, it } from 'vitest'
import { catalogueText } from './use-bilingual'

describe('catalogueText', () => {
  it('picks the language of the UI from a bilingual text, Chinese when the English is empty', () => {
    expect(catalogueText({ zh: '服務友善', en: 'Friendly service' }, 'en')).toBe('Friendly service')
    expect(catalogueText({ zh: '服務友善', en: 'Friendly service' }, 'zh-TW')).toBe('服務友善')
    expect(catalogueText({ zh: '服務友善', en: '' }, 'en')).toBe('服務友善')
    expect(catalogueText(null, 'en')).toBe('')
  })

  it('gives the English of every stored Chinese title of the shipped catalogues', () => {
    const latin = /^[^\u4e00-\u9fff]+$/
    for (const catalogue of [SERVICE_LEAP_V2, QUALITY_V1]) {
      expect(catalogueText(catalogue.title.zh, 'en')).toBe(catalogue.title.en)
      for (const d of catalogue.dimensions) {
        expect(catalogueText(d.title.zh, 'en')).toMatch(latin)
        for (const a of d.subAreas ?? []) expect(catalogueText(a.title.zh, 'en')).toMatch(latin)
        for (const c of d.criteria) expect(catalogueText(c.title.zh, 'en')).toMatch(latin)
      }
    }
    // The current catalogue's own English, where both catalogues use a Chinese title.
    for (const d of SERVICE_LEAP_V2.dimensions) expect(catalogueText(d.title.zh, 'en')).toBe(d.title.en)
    expect(catalogueText('基礎服務', 'en')).toBe('Basic service')
  })

  it('keeps Chinese in Chinese, and a title no shipped catalogue has', () => {
    expect(catalogueText('基礎服務', 'zh-TW')).toBe('基礎服務')
    expect(catalogueText('自訂構面', 'en')).toBe('自訂構面')
  })
})
