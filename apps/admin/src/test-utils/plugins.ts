import PrimeVue from 'primevue/config'
import { createI18n } from 'vue-i18n'
import { messages } from '../i18n/messages'

/** Global plugins for mounting components in tests: zh-TW messages and unstyled PrimeVue. */
export function testPlugins() {
  const i18n = createI18n({ legacy: false, locale: 'zh-TW', fallbackLocale: 'zh-TW', messages })
  return [i18n, [PrimeVue, { unstyled: true }]] as const
}
