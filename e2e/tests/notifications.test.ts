import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../support/axe.js'
import { useServerAndBrowser } from '../support/harness.js'
import { signIn } from '../support/session.js'

// No SMTP settings: notifications work in the app and the admin says e-mail is off.
const app = useServerAndBrowser()

/** The unread count the header bell shows (0 when it shows none). */
async function bellCount(page: Page): Promise<number> {
  const badge = page.getByTestId('notification-unread')
  return (await badge.count()) ? Number(await badge.textContent()) : 0
}

/** Waits until the bell shows `count` unread (no badge for 0). */
async function waitForBell(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => (document.querySelector('[data-testid="notification-unread"]')?.textContent ?? '0') === String(n), count)
}

async function expectAxeClean(page: Page): Promise<void> {
  const violations = await axeViolations(page)
  expect(violations, formatViolations(violations)).toEqual([])
}

async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
}

describe('notifications', () => {
  it('a branch user sees the unread count in the header, reads the list, marks one read, opens one and marks all read', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'tpe-staff')
    // The demo's deadlines and the committee's return reach TPE's staff.
    await page.getByTestId('notification-unread').waitFor()
    const unread = await bellCount(page)
    expect(unread).toBeGreaterThanOrEqual(2)

    await page.getByRole('link', { name: /^通知\s*（\d+ 則未讀）$/ }).click()
    await page.getByRole('heading', { level: 1, name: '通知' }).waitFor()
    const list = page.getByRole('list', { name: '通知列表' })
    const items = list.getByRole('listitem')
    await items.first().waitFor()
    expect(await items.count()).toBe(unread)
    const texts = await items.allTextContents()
    // Worded for people: titles and ROC dates, no internal kinds or ids.
    expect(texts.join('\n')).toMatch(/\d+年\d+月\d+日/)
    expect(texts.join('\n')).not.toMatch(/itemDueSoon|itemOverdue|itemReturned|notification\./)
    expect(texts.some((t) => t.includes('已逾期') || t.includes('將於'))).toBe(true)
    await page.getByTestId('notification-email-off').waitFor()
    await expectAxeClean(page)

    // Mark the first read from the keyboard: the bell follows.
    const first = items.first()
    await first.getByRole('button', { name: /^將「.+」標為已讀$/ }).focus()
    await page.keyboard.press('Enter')
    await waitForBell(page, unread - 1)
    expect(await first.getByRole('button', { name: /標為已讀/ }).count()).toBe(0)

    // Opening the second goes where the branch acts on it (its own item) and marks it read.
    const second = items.nth(1)
    await second.getByRole('link', { name: '前往處理' }).click()
    await page.waitForURL(/\/branch\/items\/\d+$/)
    await page.locator('main h1').first().waitFor()
    await waitForBell(page, unread - 2)

    await page.getByTestId('notification-bell').click()
    await page.getByRole('heading', { level: 1, name: '通知' }).waitFor()
    if (unread > 2) {
      await page.getByTestId('notification-mark-all').click()
      await page.getByRole('status').filter({ hasText: '已全部標為已讀。' }).waitFor()
    }
    await waitForBell(page, 0)
    expect(await page.getByRole('link', { name: '通知', exact: true }).count()).toBe(1)
    await page.reload()
    await page.getByRole('heading', { level: 1, name: '通知' }).waitFor()
    expect(await page.getByTestId('notification-unread-summary').textContent()).toBe('0 則未讀')
    await expectAxeClean(page)
    await page.close()
  })

  it('the convener is told of submissions with a link to the board; another branch hears nothing of TPE', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'convener')
    await page.goto(`${app.server.url}/notifications`)
    await page.getByRole('heading', { level: 1, name: '通知' }).waitFor()
    const items = page.getByRole('list', { name: '通知列表' }).getByRole('listitem')
    await items.first().waitFor()
    // The daily job may have added newer reminders (e.g. an unfinished sheet) above it: find the submission.
    const submitted = items.filter({ hasText: '待審核' }).first()
    expect(await submitted.textContent()).toContain('待審核')
    expect(await submitted.getByRole('link', { name: '前往處理' }).getAttribute('href')).toMatch(/^\/remediation\/\d+$/)
    await page.close()

    const ila = await signIn(app.browser.context, app.server.url, 'ila-staff')
    await ila.goto(`${app.server.url}/notifications`)
    await ila.getByRole('heading', { level: 1, name: '通知' }).waitFor()
    const text = (await ila.getByRole('list', { name: '通知列表' }).textContent()) ?? ''
    expect(text).not.toContain('臺北分署')
    await ila.close()
  })

  it('the agency admin sees that e-mail is off and its delivery panel; the page fits a 390 px phone', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'admin')
    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByTestId('notification-bell').click()
    await page.getByRole('heading', { level: 1, name: '通知' }).waitFor()
    const panel = page.getByTestId('notification-mail-status')
    await panel.getByText('通知信未啟用').waitFor()
    expect(await panel.textContent()).toContain('最近一次每日作業：到期提醒')
    expect(await scrollsSideways(page)).toBe(false)
    await expectAxeClean(page)

    // The e-mail settings are saved per user (here: English, without due-soon reminders).
    await page.getByLabel('English').check()
    await page.getByTestId('notification-pref-itemDueSoon').uncheck()
    await page.getByRole('button', { name: '儲存通知信設定' }).click()
    await page.getByRole('status').filter({ hasText: '通知信設定已儲存。' }).waitFor()
    await page.reload()
    await page.getByRole('heading', { level: 1, name: '通知' }).waitFor()
    await page.getByTestId('notification-pref-itemDueSoon').waitFor()
    expect(await page.getByLabel('English').isChecked()).toBe(true)
    expect(await page.getByTestId('notification-pref-itemDueSoon').isChecked()).toBe(false)
    expect(await scrollsSideways(page)).toBe(false)
    await page.close()
  })
})
