import { describe, expect, it } from 'vitest'
import { useServerAndBrowser } from '../support/harness.js'
import { collectConsoleErrors, signIn } from '../support/session.js'

const app = useServerAndBrowser()

describe('walking skeleton', () => {
  it('serves the SPA, which sends an unsigned visitor to sign-in', async () => {
    const page = await app.browser.context.newPage()
    const errors = collectConsoleErrors(page)
    await page.goto(app.server.url)
    await page.waitForURL((url) => url.pathname === '/login')
    await page.getByRole('heading', { name: '登入' }).waitFor()
    expect(await page.title()).toContain('服務躍升考核系統')
    expect(errors).toEqual([])
  })

  it('shows data from the database once signed in: the user and their branch', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    expect(new URL(page.url()).pathname).toBe('/branch')
    // Display name from app_user, branch name from the branch table (auth.me joins them).
    await page.getByText('已登入：臺北分署主管').waitFor()
    expect(await page.getByTestId('user-roles').textContent()).toContain('臺北分署')
  })
})
