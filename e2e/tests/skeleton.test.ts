import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from '../support/browser.js'
import { startServer, type RunningServer } from '../support/server.js'

let server: RunningServer
let browser: Awaited<ReturnType<typeof launchBrowser>>

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('walking skeleton', () => {
  it('serves the SPA, which shows branches it fetched from the database', async () => {
    const page = await browser.context.newPage()
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await page.goto(server.url)
    await page.getByText('臺北分署（TPE）').waitFor()
    expect(await page.getByTestId('branch').count()).toBe(13)
    expect(errors).toEqual([])
  })
})
