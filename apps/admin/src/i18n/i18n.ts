import { createI18n } from 'vue-i18n'
import { isAppLocale, messages, type AppLocale } from './messages'
import type { MessageSchema } from './zh-tw.messages'

const storageKey = 'leap.locale'

function initialLocale(): AppLocale {
  try {
    const saved = localStorage.getItem(storageKey)
    if (isAppLocale(saved)) return saved
  } catch {
    // storage may be disabled: fall back to the default
  }
  return 'zh-TW'
}

/** The app's i18n instance (composition mode). Traditional Chinese is the default and the fallback. */
export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-TW',
  messages,
})

/** Switches the UI language, remembers it, and keeps `<html lang>` right for screen readers. */
export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale === 'zh-TW' ? 'zh-Hant-TW' : 'en'
  try {
    localStorage.setItem(storageKey, locale)
  } catch {
    // not remembered; the switch still applies
  }
}

/** The current UI locale. */
export function currentLocale(): AppLocale {
  return i18n.global.locale.value
}
