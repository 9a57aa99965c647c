import { createPinia } from 'pinia'
import type { App } from 'vue'

/** One pinia per app; tests create their own with `setActivePinia(createPinia())`. */
export function installPinia(app: App): void {
  app.use(createPinia())
}
