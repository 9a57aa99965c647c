import type { App } from 'vue'
import { createAppRouter } from '../router/router'

/** Installs the router; pinia must already be installed (the guards read the session store). */
export function installRouter(app: App): void {
  app.use(createAppRouter())
}
