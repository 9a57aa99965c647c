import type { BrowserContext, Page } from 'playwright-core'

/** Password of every demo login (docs/SERVER-PLAN.md). */
export const DEMO_PASSWORD = 'demo-1234'

/**
 * Clears the profile's cookies, opens a fresh page and signs in through the real sign-in form (so CSRF cookie, session cookie
 * and the role landing page are all exercised). Resolves once the landing page has its heading.
 */
export async function signIn(context: BrowserContext, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<Page> {
  // One browser profile serves every test: start each sign-in from no session at all.
  await context.clearCookies()
  const page = await context.newPage()
  await page.goto(`${baseUrl}/login`)
  await page.getByLabel('帳號', { exact: true }).fill(username)
  await page.getByLabel('密碼', { exact: true }).fill(password)
  await page.getByRole('button', { name: '登入' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  await page.locator('main h1').first().waitFor()
  return page
}

/** Signs out through the layout's button and waits for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: '登出' }).click()
  await page.waitForURL((url) => url.pathname.startsWith('/login'))
}

/** Collects console errors of a page, for "no errors" assertions. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  return errors
}
