import type { App } from 'vue'
import { currentLocale, i18n, setLocale } from '../i18n/i18n'

export function installI18n(app: App): void {
  app.use(i18n)
  setLocale(currentLocale())
}
