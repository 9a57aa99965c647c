import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

/** Launches Debian's Chromium headless with a throwaway profile (see TOOLCHAIN.md pitfall 3). */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'leap-chromium-'))
  const context = await chromium.launchPersistentContext(tmp, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 720 },
    locale: 'zh-TW',
    // axe is injected as an inline script, which the server's CSP (script-src 'self') refuses.
    bypassCSP: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: { ...process.env, XDG_CONFIG_HOME: tmp, XDG_CACHE_HOME: tmp } as Record<string, string>,
  })
  return {
    context,
    async close() {
      await context.close()
      fs.rmSync(tmp, { recursive: true, force: true })
    },
  }
}
