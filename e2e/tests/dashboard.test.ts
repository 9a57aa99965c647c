import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../support/axe.js'
import { useServerAndBrowser } from '../support/harness.js'
import { signIn } from '../support/session.js'

const app = useServerAndBrowser()

async function query<T>(page: Page, proc: string, input?: unknown): Promise<T> {
  return page.evaluate(
    async ([p, i]) => {
      const url = i === undefined ? `/trpc/${p}` : `/trpc/${p}?input=${encodeURIComponent(JSON.stringify(i))}`
      return ((await (await fetch(url)).json()) as { result: { data: unknown } }).result.data
    },
    [proc, input] as const,
  ) as Promise<T>
}

describe('dashboard', () => {
  it('shows the agency every branch’s totals against 750 and the open and overdue counts, as charts and tables', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'admin')
    expect(new URL(page.url()).pathname).toBe('/dashboard')
    await page.getByRole('heading', { level: 1, name: '考核總覽' }).waitFor()
    await page.getByTestId('card-open').waitFor()

    // The cards agree with the server's counts.
    const counts = await query<{ byBranch: { open: number; overdue: number }[] }>(page, 'dashboard.remediationCounts')
    const open = counts.byBranch.reduce((s, b) => s + b.open, 0)
    const overdue = counts.byBranch.reduce((s, b) => s + b.overdue, 0)
    expect(open).toBeGreaterThan(0)
    expect(await page.getByTestId('card-open').textContent()).toBe(String(open))
    expect(await page.getByTestId('card-overdue').textContent()).toBe(String(overdue))

    // Each chart is an image with a summary naming the 750 line, and its numbers are a toggle away.
    const charts = page.locator('canvas[role="img"]')
    await charts.first().waitFor()
    expect(await charts.count()).toBeGreaterThanOrEqual(4)
    expect(await charts.first().getAttribute('aria-label')).toMatch(/750/)
    const toggles = page.getByRole('button', { name: '顯示數據表' })
    await toggles.first().click()
    const totals = page.getByTestId('totals-table')
    await totals.waitFor()
    expect(await totals.locator('tbody tr').count()).toBe(13)
    expect(await totals.textContent()).toMatch(/及格|未達 750/)
    await page.getByRole('button', { name: '隱藏數據表' }).first().waitFor()

    const countsToggle = page.locator('figure', { has: page.getByRole('heading', { name: '列管與逾期事項' }) }).getByRole('button', { name: '顯示數據表' })
    await countsToggle.click()
    const countsTable = page.getByTestId('remediation-counts-table')
    await countsTable.waitFor()
    expect(await countsTable.locator('tfoot').textContent()).toContain(String(open))

    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await page.close()
  })

  it('follows the chosen round and branch in the trend and profile', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'convener')
    await page.goto(`${app.server.url}/dashboard`)
    await page.getByLabel('考核輪次').waitFor()
    const options = await page.getByLabel('考核輪次').locator('option').allTextContents()
    expect(options.length).toBeGreaterThan(1)
    await page.getByLabel('考核輪次').selectOption({ label: options.at(-1)! })
    await page.getByRole('heading', { name: `各分署總分（${options.at(-1)}）` }).waitFor()
    await page.getByLabel('分署', { exact: true }).selectOption({ label: '宜蘭分署' })
    const trend = page.locator('canvas[role="img"]').nth(1)
    await page.waitForFunction(() => document.querySelectorAll('canvas[role="img"]')[1]?.getAttribute('aria-label')?.includes('宜蘭分署'))
    expect(await trend.getAttribute('aria-label')).toContain('宜蘭分署')
    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await page.close()
  })

  it('is not offered to branch users', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'tpe-staff')
    expect(await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '考核總覽' }).count()).toBe(0)
    await page.goto(`${app.server.url}/dashboard`)
    await page.getByRole('heading', { level: 1, name: '沒有權限' }).waitFor()
    await page.close()
  })
})
