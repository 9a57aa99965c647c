import { afterAll, beforeAll } from 'vitest'
import { launchBrowser } from './browser.js'
import { startServer, type RunningServer } from './server.js'

export interface Harness {
  readonly server: RunningServer
  readonly browser: Awaited<ReturnType<typeof launchBrowser>>
}

/**
 * One built server on a fresh demo database and one Chromium for the test file: started before its
 * tests, stopped after them. Read `server` and `browser` inside tests (they exist once beforeAll ran).
 */
export function useServerAndBrowser(env: Record<string, string> = {}): Harness {
  let server: RunningServer | undefined
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined
  beforeAll(async () => {
    server = await startServer(env)
    browser = await launchBrowser()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  return {
    get server() {
      if (!server) throw new Error('the server is not started yet (use it inside a test)')
      return server
    },
    get browser() {
      if (!browser) throw new Error('the browser is not started yet (use it inside a test)')
      return browser
    },
  }
}
