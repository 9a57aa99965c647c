import { useI18n } from 'vue-i18n'

/** Catalogue texts carry both languages; picks the one of the UI locale (Chinese is authoritative). */
export function useBilingual(): (text: { zh: string; en: string } | null | undefined) => string {
  const { locale } = useI18n()
  return (text) => (text ? (locale.value === 'en' ? text.en || text.zh : text.zh) : '')
}
