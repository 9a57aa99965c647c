import { QUALITY_V1, SERVICE_LEAP_V2, type BilingualText, type Catalogue } from '@leap/domain'
import { useI18n } from 'vue-i18n'

/**
 * English of the Chinese texts of the catalogues the system ships (catalogue, dimension, sub-area and
 * criterion titles), for answers that carry only the stored Chinese text (a dashboard's dimension
 * heads, a round's catalogue title, a results report's sections). The newer catalogue wins.
 */
const englishOf = new Map<string, string>()
for (const catalogue of [QUALITY_V1, SERVICE_LEAP_V2] as readonly Catalogue[]) {
  const add = (t: BilingualText) => t.en && englishOf.set(t.zh, t.en)
  add(catalogue.title)
  for (const d of catalogue.dimensions) {
    add(d.title)
    for (const a of d.subAreas ?? []) add(a.title)
    for (const c of d.criteria) add(c.title)
  }
}

/**
 * A catalogue text in the UI language — the one place the admin decides it. Given both languages
 * (`{ zh, en }`, what a catalogue holds), the locale's (Chinese when the English is empty: Chinese
 * is authoritative). Given only the stored Chinese, in English the shipped catalogues' English for
 * it, else the Chinese (a title typed into a catalogue version the system did not ship). '' for
 * nothing. Never throws.
 * @example catalogueText('基礎服務', 'en') // 'Basic service'
 * @example catalogueText({ zh: '服務友善', en: 'Friendly service' }, 'zh-TW') // '服務友善'
 */
export function catalogueText(text: BilingualText | string | null | undefined, locale: string): string {
  if (!text) return ''
  const english = locale.startsWith('en')
  if (typeof text === 'string') return english ? (englishOf.get(text) ?? text) : text
  return english ? text.en || text.zh : text.zh
}

/** `catalogueText` in the current UI language (follows a language switch). */
export function useBilingual(): (text: BilingualText | string | null | undefined) => string {
  const { locale } = useI18n()
  return (text) => catalogueText(text, locale.value)
}
