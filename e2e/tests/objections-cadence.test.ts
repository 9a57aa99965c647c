import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../support/axe.js'
import { useServerAndBrowser } from '../support/harness.js'
import { signIn } from '../support/session.js'

const app = useServerAndBrowser()
const SHOTS = process.env.E2E_SCREENSHOTS

async function expectAxeClean(page: Page): Promise<void> {
  const violations = await axeViolations(page)
  expect(violations, formatViolations(violations)).toEqual([])
}

async function expectNoSideways(page: Page): Promise<void> {
  // The elements sticking out name the culprit when this fails.
  const wide = await page.evaluate(() =>
    document.documentElement.scrollWidth > window.innerWidth + 1
      ? Array.from(document.querySelectorAll('body *'))
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${Array.from(e.classList).join('.')} ${Math.round(e.getBoundingClientRect().right)}px`)
      : [],
  )
  expect(wide).toEqual([])
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

async function period(page: Page, from: string, to: string): Promise<void> {
  for (const [id, date] of [['#indicator-from', from], ['#indicator-to', to]] as const) {
    await page.locator(id).fill(date)
    await page.locator(id).press('Enter')
  }
}

describe('objections (聲明異議) and the plan’s cadence', () => {
  it('enters an objection forwarded a day late, sees the deadline and the figures, and corrects it', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto(`${app.server.url}/indicators`)
    await page.getByRole('heading', { level: 1, name: '服務指標資料登錄' }).waitFor()
    // 民國 102 年: no demo data or other test falls in it.
    await period(page, '102/01/01', '102/12/31')
    await page.getByRole('tab', { name: '聲明異議' }).click()
    const saved = page.getByTestId('objection-saved')
    await saved.getByText('所選期間尚無已儲存的資料。').waitFor()
    // The counting rule is stated on the screen.
    await page.getByText(/收件日為第0日/).first().waitFor()

    await page.locator('#objection-0-receivedOn').fill('102/03/01')
    await page.locator('#objection-0-finding').selectOption('unfounded')
    await page.locator('#objection-0-forwardedOn').fill('102/03/12')
    await page.locator('#objection-0-forwardedOn').blur()
    // Received 3月1日 (day 0): the 10th calendar day is 3月11日.
    expect(await page.getByTestId('objection-0-deadline').textContent()).toContain('應於 102年3月11日 前送署')
    expect(await page.getByTestId('objection-figures').textContent()).toContain('已送署 1 件，10日內 0 件（0.00%）')
    // A correction date does not fit an unfounded objection: refused beside the field before saving.
    await page.locator('#objection-0-decidedOn').fill('102/03/05')
    await page.locator('#objection-0-decidedOn').blur()
    await page.getByText('日期不得早於前一步驟的日期。').waitFor()
    await page.locator('#objection-0-decidedOn').fill('102/04/10')
    await page.locator('#objection-0-decidedOn').blur()
    await page.locator('#objection-0-subject').fill('對扣押命令聲明異議')
    await page.getByRole('button', { name: '儲存聲明異議' }).click()
    await page.getByRole('status').filter({ hasText: '已儲存 1 件聲明異議。' }).waitFor()
    await saved.getByRole('row', { name: /102\/03\/01/ }).waitFor()
    expect(await saved.locator('tbody').textContent()).toContain('逾期辦理')
    expect(await page.getByTestId('objection-stored-figures').textContent()).toContain('10日內 0 件（0.00%）')
    await shot(page, 'objections-1366')
    await expectAxeClean(page)

    // Corrected from the keyboard: it was forwarded on the 11th, in time.
    await saved.getByRole('button', { name: '修正：102/03/01 收件（無理由）' }).focus()
    await page.keyboard.press('Enter')
    const editor = saved.getByRole('group', { name: '修正：102/03/01 收件（無理由）' })
    await editor.waitFor()
    await editor.getByLabel('送署日期').fill('102/03/11')
    await editor.getByLabel('送署日期').press('Enter')
    await page.getByRole('status').filter({ hasText: '已修正：102/03/01 收件（無理由）。' }).waitFor()
    await page.getByTestId('objection-stored-figures').filter({ hasText: '10日內 1 件（100.00%）' }).waitFor()
    expect(await saved.locator('tbody').textContent()).toContain('如期')

    await page.setViewportSize({ width: 390, height: 844 })
    await expectNoSideways(page)
    await expectAxeClean(page)
    await shot(page, 'objections-390')
    await page.close()
  })

  it('shows the months without a phone test on the dashboard and the branch home, and a test entered closes the gap', async () => {
    const rocYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei', year: 'numeric' }).format(new Date())) - 1911
    const page = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto(`${app.server.url}/branch`)
    const cadence = page.getByTestId('cadence-gaps')
    await cadence.getByRole('heading', { name: '服務躍升辦理頻率' }).waitFor()
    const januaryGap = `${rocYear}年1月 未辦理電話禮貌測試`
    // Before any test this year (the demo data is older), January is missed — unless the year is only days old.
    const januaryOver = new Date().getUTCMonth() > 0
    if (januaryOver) await cadence.getByText(januaryGap).waitFor()
    await cadence.getByText('執行態度考核：系統未保存此項資料，未列入檢查。').waitFor()
    await expectAxeClean(page)

    await page.goto(`${app.server.url}/indicators`)
    await page.getByRole('heading', { level: 1, name: '服務指標資料登錄' }).waitFor()
    await period(page, `${rocYear}/01/01`, `${rocYear}/12/31`)
    await page.getByRole('tab', { name: '電話禮貌測試' }).click()
    await page.locator('#phone-date-0').fill(`${rocYear}/01/15`)
    await page.locator('#phone-person-0').fill('總機 頻率')
    await page.locator('#phone-total-0').fill('90')
    await page.getByRole('button', { name: '儲存電話禮貌測試' }).click()
    await page.getByRole('status').filter({ hasText: '已儲存 1 筆電話禮貌測試。' }).waitFor()

    await page.goto(`${app.server.url}/branch`)
    await cadence.getByRole('heading', { name: '服務躍升辦理頻率' }).waitFor()
    await cadence.getByText('執行態度考核：系統未保存此項資料，未列入檢查。').waitFor()
    expect(await cadence.textContent()).not.toContain(januaryGap)
    if (new Date().getUTCMonth() > 1) expect(await cadence.textContent()).toContain(`${rocYear}年2月 未辦理電話禮貌測試`)
    await page.setViewportSize({ width: 390, height: 844 })
    // This panel stays within the phone's width (the page's results chart below is not this test's subject).
    expect(await cadence.evaluate((e) => e.getBoundingClientRect().right)).toBeLessThanOrEqual(390)
    await expectAxeClean(page)
    await shot(page, 'cadence-branch-390')
    await page.close()

    // The agency's dashboard lists every branch's gaps; 臺北分署's January is no longer among them.
    const admin = await signIn(app.browser.context, app.server.url, 'admin')
    await admin.setViewportSize({ width: 1366, height: 768 })
    await admin.goto(`${app.server.url}/dashboard`)
    const board = admin.getByTestId('cadence-gaps')
    await board.getByRole('heading', { name: '服務躍升辦理頻率' }).waitFor()
    await board.getByText('執行態度考核：系統未保存此項資料，未列入檢查。').waitFor()
    // One row per branch with something missed; the phone-test column lists the months (the year is chosen above).
    const phoneMonths = async (branch: string) =>
      ((await board.getByRole('row', { name: new RegExp(`^${branch}`) }).getByRole('cell').nth(1).textContent()) ?? '').split('、')
    await board.getByRole('columnheader', { name: '未辦理電話禮貌測試' }).waitFor()
    if (januaryOver) {
      expect(await phoneMonths('宜蘭分署')).toContain('1月')
      expect(await phoneMonths('臺北分署')).not.toContain('1月')
    }
    await expectAxeClean(admin)
    await shot(admin, 'cadence-dashboard-1366')
    // Opened at 390 px (the dashboard's charts size themselves when drawn).
    await admin.setViewportSize({ width: 390, height: 844 })
    await admin.reload()
    await board.getByRole('heading', { name: '服務躍升辦理頻率' }).waitFor()
    // This section stays within the phone's width (its table scrolls inside its own region).
    const right = await board.evaluate((e) => e.getBoundingClientRect().right)
    expect(right).toBeLessThanOrEqual(390)
    await shot(admin, 'cadence-dashboard-390')
    await admin.close()
  })
})
