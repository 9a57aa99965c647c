import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../support/axe.js'
import { useServerAndBrowser } from '../support/harness.js'
import { signIn } from '../support/session.js'

const app = useServerAndBrowser()

interface ListedItem {
  id: number
  branchCode: string
  status: string
  title: string
}

/** Items as the signed-in user's own session sees them (through the same tRPC endpoint the SPA uses). */
async function listItems(page: Page, input: Record<string, unknown>): Promise<{ items: ListedItem[]; total: number }> {
  return page.evaluate(async (query) => {
    const res = await fetch(`/trpc/remediation.list?input=${encodeURIComponent(JSON.stringify(query))}`)
    const body = (await res.json()) as { result: { data: { items: ListedItem[]; total: number } } }
    return body.result.data
  }, input)
}

/**
 * An item of the user's branch the branch can report on: one in progress, else an open or returned
 * one started here through the page (the demo data's statuses depend on the seed).
 */
async function itemInProgress(page: Page, baseUrl: string, skip: number[] = []): Promise<ListedItem> {
  const { items } = await listItems(page, { status: ['in_progress', 'open', 'returned'], pageSize: 100 })
  const candidates = items.filter((i) => !skip.includes(i.id))
  const item = candidates.find((i) => i.status === 'in_progress') ?? candidates[0]
  if (!item) throw new Error('the demo data has no item this branch can work on')
  await page.goto(`${baseUrl}/branch/items/${item.id}`)
  if (item.status !== 'in_progress') {
    await page.getByTestId('action-start').click()
    await page.getByRole('status').filter({ hasText: '已完成「開始辦理」' }).waitFor()
  }
  return item
}

// A 1×1 PNG: the server checks evidence by its content, so it must be a real image.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')

async function expectNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page)
  expect(violations, formatViolations(violations)).toEqual([])
}

describe('remediation: branch portal and committee board', () => {
  let itemId = 0
  let itemTitle = ''

  it('lands a branch manager on their own tracked items only, with overdue items marked in text', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    expect(new URL(page.url()).pathname).toBe('/branch')
    await page.getByRole('heading', { level: 1, name: '本分署列管事項' }).waitFor()
    await page.locator('[data-testid^="remediation-row-"]').first().waitFor()
    const { items, total } = await listItems(page, { pageSize: 100 })
    expect(total).toBeGreaterThan(0)
    expect(new Set(items.map((i) => i.branchCode))).toEqual(new Set(['TPE']))
    // Overdue rows say so in words, not only by colour.
    await page.goto(`${app.server.url}/branch?overdue=1`)
    const firstOverdue = page.locator('tr.is-overdue').first()
    await firstOverdue.waitFor()
    expect(await firstOverdue.textContent()).toContain('逾期')
    expect(await page.locator('.remediation-table tbody tr').count()).toBe(await page.locator('.remediation-table tr.is-overdue').count())
    // Results per round against the 750 line are on the same page.
    await page.getByTestId('branch-results').waitFor()
    expect(await page.getByTestId('branch-results').textContent()).toMatch(/750/)
    expect(await page.locator('canvas[role="img"]').getAttribute('aria-label')).toMatch(/750/)
    await expectNoAxeViolations(page)
    await page.close()
  })

  it('lets the branch report progress with uploaded evidence, then submit it', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    const item = await itemInProgress(page, app.server.url)
    itemId = item.id
    itemTitle = item.title
    // The filters live in the address: this link opens the same list for anyone.
    await page.goto(`${app.server.url}/branch?status=in_progress`)
    await page.getByRole('link', { name: itemTitle }).first().click()
    await page.waitForURL(`**/branch/items/${itemId}`)
    await page.getByRole('heading', { level: 1 }).filter({ hasText: itemTitle }).waitFor()

    await page.locator('#report-postProgress-note').fill('已完成現場告示更新，附照片')
    await page.locator('#report-postProgress-files').setInputFiles({ name: '現場照片.png', mimeType: 'image/png', buffer: png })
    await page.getByText('已上傳 現場照片.png').waitFor()
    await page.getByRole('button', { name: '送出「回報進度」' }).click()
    await page.getByRole('status').filter({ hasText: '已完成「回報進度」' }).waitFor()
    const timeline = page.locator('ol.timeline')
    await timeline.getByText('已完成現場告示更新，附照片').waitFor()
    await timeline.getByRole('link', { name: /現場照片\.png/ }).waitFor()
    await page.getByTestId('evidence-list').getByRole('link', { name: '下載 現場照片.png' }).waitFor()

    // Submitting with neither note nor file is stopped before anything is sent.
    await page.getByRole('button', { name: '送出「提報完成」' }).click()
    await page.getByText('請填寫說明或附上佐證檔案。').waitFor()
    await page.locator('#report-submit-note').fill('改善完成，請委員會審核')
    await page.getByRole('button', { name: '送出「提報完成」' }).click()
    await page.getByRole('status').filter({ hasText: '已完成「提報完成」' }).waitFor()
    await page.locator('.page-header').getByText('待審核').waitFor()
    await expectNoAxeViolations(page)
    await page.close()
  })

  it('lets the convener verify the submission: the item is released from tracking', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'convener')
    await page.goto(`${app.server.url}/remediation/${itemId}`)
    await page.getByRole('heading', { level: 1 }).filter({ hasText: itemTitle }).waitFor()
    // The branch's submission note is in the timeline the committee judges.
    await page.locator('ol.timeline').getByText('改善完成，請委員會審核').waitFor()
    const verify = page.getByTestId('action-verify')
    // Keyboard: the dialog opens from the button, takes focus, and gives it back on Escape.
    await verify.focus()
    await page.keyboard.press('Enter')
    await page.getByRole('dialog').waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reason-note')
    // Tab cycles inside the modal dialog and never reaches the page behind it.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true)
    }
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('action-verify')

    await verify.click()
    await page.getByRole('dialog').getByLabel('備註（選填）').fill('佐證充分，同意解除列管')
    await page.getByTestId('reason-confirm').click()
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    await page.locator('.page-header').getByText('已解除列管').waitFor()
    await page.locator('ol.timeline').getByText('佐證充分，同意解除列管').waitFor()
    await expectNoAxeViolations(page)
    await page.close()
  })

  it('returns several submissions at once with one reason, all or nothing', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'convener')
    await page.goto(`${app.server.url}/remediation?status=submitted`)
    const rows = page.locator('.remediation-table tbody tr')
    await rows.first().waitFor()
    const boxes = page.getByRole('checkbox', { name: /^選取 #/ })
    await boxes.nth(0).check()
    await boxes.nth(1).check()
    const ids = await Promise.all([0, 1].map(async (n) => Number((await rows.nth(n).getAttribute('data-testid'))!.replace('remediation-row-', ''))))
    await page.getByTestId('bulk-return').click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText('將處理 2 筆項目').waitFor()
    // A return needs a reason.
    await page.getByTestId('reason-confirm').click()
    await dialog.getByText('請填寫理由。').waitFor()
    await dialog.getByLabel(/理由/).fill('佐證資料不足，請補充')
    await page.getByTestId('reason-confirm').click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByRole('status').filter({ hasText: '已完成 2 筆「退回」' }).waitFor()
    for (const id of ids) expect(await page.getByTestId(`remediation-row-${id}`).textContent()).toContain('已退回')
    await expectNoAxeViolations(page)
    await page.close()
  })

  it('names the failing item and changes nothing when one item of a bulk decision is refused', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'convener')
    await page.goto(`${app.server.url}/remediation?status=submitted`)
    const rows = page.locator('.remediation-table tbody tr')
    await rows.first().waitFor()
    const boxes = page.getByRole('checkbox', { name: /^選取 #/ })
    await boxes.nth(0).check()
    await boxes.nth(1).check()
    const secondId = Number((await rows.nth(1).getAttribute('data-testid'))!.replace('remediation-row-', ''))
    const firstId = Number((await rows.nth(0).getAttribute('data-testid'))!.replace('remediation-row-', ''))
    // Someone else verifies the second item meanwhile: our copy of it is now stale.
    await page.evaluate(async (id) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('leap_csrf='))!.split('=')[1]!
      const current = await (await fetch(`/trpc/remediation.byId?input=${encodeURIComponent(JSON.stringify({ id }))}`)).json()
      await fetch('/trpc/remediation.verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
        body: JSON.stringify({ id, expectedVersion: current.result.data.version }),
      })
    }, secondId)
    await page.getByTestId('bulk-verify').click()
    await page.getByTestId('reason-confirm').click()
    const alert = page.getByRole('dialog').getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toContain(`#${secondId}`)
    await page.keyboard.press('Escape')
    const first = await listItems(page, { status: ['submitted'], pageSize: 100 })
    expect(first.items.some((i) => i.id === firstId)).toBe(true)
    await page.close()
  })

  it('shows a not-found page for another branch’s item and refuses the committee board to branch users', async () => {
    const convener = await signIn(app.browser.context, app.server.url, 'convener')
    const { items } = await listItems(convener, { pageSize: 100 })
    const foreign = items.find((i) => i.branchCode !== 'TPE')
    expect(foreign).toBeDefined()
    await convener.close()

    const page = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    await page.goto(`${app.server.url}/branch/items/${foreign!.id}`)
    await page.getByRole('heading', { level: 1, name: '找不到頁面' }).waitFor()
    expect(await page.content()).not.toContain(foreign!.title)
    await page.goto(`${app.server.url}/remediation/${foreign!.id}`)
    await page.getByRole('heading', { level: 1, name: '沒有權限' }).waitFor()
    await page.close()
  })

  it('offers staff progress reports but leaves submission to the manager, and viewers no action at all', async () => {
    const staff = await signIn(app.browser.context, app.server.url, 'tpe-staff')
    await itemInProgress(staff, app.server.url, [itemId])
    await staff.getByRole('button', { name: '送出「回報進度」' }).waitFor()
    expect(await staff.getByRole('button', { name: '送出「提報完成」' }).count()).toBe(0)
    await staff.close()

    const viewer = await signIn(app.browser.context, app.server.url, 'viewer')
    await viewer.goto(`${app.server.url}/remediation?status=submitted`)
    await viewer.locator('.remediation-table tbody tr').first().waitFor()
    expect(await viewer.getByTestId('bulk-verify').count()).toBe(0)
    expect(await viewer.locator('.remediation-table input[type="checkbox"]').count()).toBe(0)
    await viewer.locator('.remediation-table tbody a').first().click()
    await viewer.getByText('目前沒有您可執行的操作。').waitFor()
    await viewer.close()
  })
})
