import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { axeViolations, formatViolations } from './axe.js'
import type { useServerAndBrowser } from './harness.js'
import { collectConsoleErrors, signIn } from './session.js'

/** Criterion and catalogue codes of the demo catalogues that must never reach the Chinese screen. */
export const CATALOGUE_CODES = ['staff-training', 'service-marketing', 'one-stop-counter', 'process-convenience', 'service-leap', 'service-quality']

/**
 * Signs the agency admin in through the form, at 1366×768, collecting console errors. `zh-TW`
 * also stores the Chinese locale, so every later reload of the test reads Chinese.
 */
export async function adminAtDesk(app: ReturnType<typeof useServerAndBrowser>, locale?: 'zh-TW'): Promise<{ page: Page; errors: string[] }> {
  const page = await signIn(app.browser.context, app.server.url, 'admin')
  await page.setViewportSize({ width: 1366, height: 768 })
  const errors = collectConsoleErrors(page)
  if (locale) await page.evaluate((l) => localStorage.setItem('leap.locale', l), locale)
  return { page, errors }
}

/** No axe violation on the page as it is. */
export async function expectAxeClean(page: Page): Promise<void> {
  const violations = await axeViolations(page)
  expect(violations, formatViolations(violations)).toEqual([])
}

/** The page does not scroll sideways. */
export async function noSideways(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth))
}

/**
 * On 評分表版本: starts a draft from the catalogue version labelled `base` (as the select shows
 * it) and answers the draft form and its first criterion once the form is there.
 */
export async function startDraft(page: Page, base: string) {
  await page.locator('#draft-base').selectOption({ label: base })
  await page.getByTestId('draft-start').click()
  const draft = page.getByTestId('draft-form')
  await draft.waitFor()
  return { draft, first: draft.getByTestId('draft-criterion').first() }
}

/**
 * Calls a tRPC procedure from the signed-in page, as the admin does (session cookie, CSRF header
 * on mutations); the result's data, or throws with the procedure and its error.
 */
export async function trpcCall<T>(page: Page, proc: string, input?: unknown, mutation = false): Promise<T> {
  return page.evaluate(
    async ([p, i, m]) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('leap_csrf='))?.split('=')[1] ?? ''
      const response = m
        ? await fetch(`/trpc/${p}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) }, body: JSON.stringify(i) })
        : await fetch(i === undefined ? `/trpc/${p}` : `/trpc/${p}?input=${encodeURIComponent(JSON.stringify(i))}`)
      const body = (await response.json()) as { result?: { data: unknown }; error?: unknown }
      if (!body.result) throw new Error(`${p}: ${JSON.stringify(body.error)}`)
      return body.result.data
    },
    [proc, input, mutation] as const,
  ) as Promise<T>
}
