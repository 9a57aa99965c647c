import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../support/axe.js'
import { useServerAndBrowser } from '../support/harness.js'
import { signIn } from '../support/session.js'

const app = useServerAndBrowser()

describe('indicator entry', () => {
  it('computes survey satisfaction as the branch types and saves it for its own branch', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '指標資料登錄' }).click()
    await page.getByRole('heading', { level: 1, name: '服務指標資料登錄' }).waitFor()
    // A branch user enters data for their own branch only.
    const branch = page.getByLabel('分署', { exact: true })
    expect(await branch.isDisabled()).toBe(true)
    await page.waitForFunction(() => (document.getElementById('indicator-branch') as HTMLSelectElement | null)?.selectedOptions[0]?.textContent?.includes('臺北分署'))

    await page.locator('#survey-q-0').fill('D 服務台服務')
    await page.locator('#survey-indicator-0').selectOption('professionalismSatisfaction')
    for (const [i, n] of [112, 50, 3, 0, 0].entries()) await page.locator(`#survey-0-c${i}`).fill(String(n))
    await page.locator('#survey-0-invalid').fill('1')
    // Seed 002: 112/50/3/0/0 with 1 invalid → 98.18 %, shown before anything is saved.
    expect(await page.getByTestId('survey-figures-0').textContent()).toContain('滿意度 98.18%')
    expect(await page.getByTestId('survey-figures-0').textContent()).toContain('有效樣本 165')
    await page.locator('#survey-0-c1').fill('2.5')
    await page.getByText('請輸入 0 以上的整數。').waitFor()
    await page.locator('#survey-0-c1').fill('50')

    await page.getByRole('button', { name: '儲存意見調查' }).click()
    await page.getByRole('status').filter({ hasText: '已儲存 1 題意見調查資料。' }).waitFor()
    const summary = page.getByTestId('indicator-summary')
    await summary.getByText('專業度及流程滿意度').waitFor()
    expect(await summary.textContent()).toContain('98.18%')

    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await page.close()
  })

  it('shows the phone test average and band, and petitions closed within 6 days, as they are typed', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'admin')
    await page.goto(`${app.server.url}/indicators`)
    await page.getByRole('heading', { level: 1, name: '服務指標資料登錄' }).waitFor()
    await page.getByRole('tab', { name: '電話禮貌測試' }).click()
    await page.locator('#phone-date-0').fill('114/03/05')
    await page.locator('#phone-person-0').fill('總機 A')
    await page.locator('#phone-total-0').fill('92')
    await page.getByRole('button', { name: '新增一筆' }).click()
    await page.locator('#phone-date-1').fill('114/03/06')
    await page.locator('#phone-person-1').fill('承辦 B')
    await page.locator('#phone-total-1').fill('87.5')
    expect(await page.getByTestId('phone-figures').textContent()).toContain('共 2 人次，平均 89.75 分，等第「甲」')
    await page.getByRole('button', { name: '儲存電話禮貌測試' }).click()
    await page.getByRole('status').filter({ hasText: '已儲存 2 筆電話禮貌測試。' }).waitFor()

    await page.getByRole('tab', { name: '人民陳情' }).click()
    await page.locator('#petition-received-0').fill('114/03/01')
    await page.locator('#petition-closed-0').fill('114/03/07')
    await page.locator('#petition-closed-0').blur()
    expect(await page.getByTestId('petition-figures').textContent()).toContain('6 日內結案 1 件（100.00%）')
    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await page.close()
  })

  it('corrects a saved phone test and deletes a petition once the deletion is confirmed', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    await page.goto(`${app.server.url}/indicators`)
    await page.getByRole('heading', { level: 1, name: '服務指標資料登錄' }).waitFor()
    // A period no demo data falls in (民國 100 年), so the figures are this test's own.
    for (const [id, date] of [['#indicator-from', '100/01/01'], ['#indicator-to', '100/12/31']] as const) {
      await page.locator(id).fill(date)
      await page.locator(id).press('Enter')
    }
    await page.getByRole('tab', { name: '電話禮貌測試' }).click()
    const phones = page.getByTestId('phone-saved')
    await phones.getByText('所選期間尚無已儲存的資料。').waitFor()
    await page.locator('#phone-date-0').fill('100/03/05')
    await page.locator('#phone-person-0').fill('總機 E2E')
    await page.locator('#phone-total-0').fill('29')
    await page.getByRole('button', { name: '儲存電話禮貌測試' }).click()
    await page.getByRole('status').filter({ hasText: '已儲存 1 筆電話禮貌測試。' }).waitFor()

    // The typo (29 for 92) is corrected from the keyboard: 修正 opens the editor with focus in it.
    await phones.getByRole('button', { name: '修正：100/03/05 總機 E2E 29.00 分' }).focus()
    await page.keyboard.press('Enter')
    const editor = phones.getByRole('group', { name: '修正：100/03/05 總機 E2E 29.00 分' })
    await editor.waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/^phone-saved-\d+-testedOn$/)
    await editor.getByLabel('總分（0–100）').fill('92')
    await editor.getByLabel('總分（0–100）').press('Enter')
    await page.getByRole('status').filter({ hasText: '已修正：100/03/05 總機 E2E 92.00 分。' }).waitFor()
    expect(await phones.locator('tbody').textContent()).toContain('92.00')
    const summary = page.getByTestId('indicator-summary')
    await summary.getByRole('row', { name: /電話禮貌測試平均分數\s*92/ }).waitFor()

    await page.getByRole('tab', { name: '人民陳情' }).click()
    const petitions = page.getByTestId('petition-saved')
    await page.locator('#petition-received-0').fill('100/04/01')
    await page.locator('#petition-closed-0').fill('100/04/03')
    await page.locator('#petition-closed-0').blur()
    await page.getByRole('button', { name: '儲存人民陳情' }).click()
    await page.getByRole('status').filter({ hasText: '已儲存 1 件人民陳情。' }).waitFor()

    await petitions.getByRole('button', { name: /^刪除：100\/04\/01 收件/ }).click()
    const confirm = petitions.getByRole('group', { name: /確定刪除「100\/04\/01 收件/ })
    await confirm.waitFor()
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('確定刪除')
    // The question is on screen and nothing is deleted yet: the page passes axe with it open.
    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await confirm.getByRole('button', { name: '確定刪除' }).click()
    await page.getByRole('status').filter({ hasText: /已刪除：100\/04\/01 收件/ }).waitFor()
    await petitions.getByText('所選期間尚無已儲存的資料。').waitFor()
    // Listed again from the server (another period end): the petition is gone for good.
    await page.locator('#indicator-to').fill('100/12/30')
    await page.locator('#indicator-to').press('Enter')
    await page.getByTestId('indicator-summary').getByRole('row', { name: /電話禮貌測試平均分數/ }).waitFor()
    expect(await petitions.locator('tbody').count()).toBe(0)
    await petitions.getByText('所選期間尚無已儲存的資料。').waitFor()
    await page.close()
  })

  it('deletes a survey tally entered under a mistyped question, from the keyboard, once confirmed', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    await page.goto(`${app.server.url}/indicators`)
    await page.getByRole('heading', { level: 1, name: '服務指標資料登錄' }).waitFor()
    // A period no demo data or other test falls in (民國 101 年), so the figures are this test's own.
    for (const [id, date] of [['#indicator-from', '101/01/01'], ['#indicator-to', '101/12/31']] as const) {
      await page.locator(id).fill(date)
      await page.locator(id).press('Enter')
    }
    const saved = page.getByTestId('survey-saved')
    await saved.getByText('所選期間尚無已儲存的資料。').waitFor()
    // The right question, and the same one again under a typo: both feed the environment figure.
    await page.locator('#survey-q-0').fill('A 環境整潔')
    await page.locator('#survey-indicator-0').selectOption('environmentSatisfaction')
    for (const [i, n] of [9, 1, 0, 0, 0].entries()) await page.locator(`#survey-0-c${i}`).fill(String(n))
    await page.getByRole('button', { name: '新增題目' }).click()
    await page.locator('#survey-q-1').fill('A 環竟整潔')
    await page.locator('#survey-indicator-1').selectOption('environmentSatisfaction')
    for (const [i, n] of [0, 0, 0, 5, 5].entries()) await page.locator(`#survey-1-c${i}`).fill(String(n))
    await page.getByRole('button', { name: '儲存意見調查' }).click()
    await page.getByRole('status').filter({ hasText: '已儲存 2 題意見調查資料。' }).waitFor()
    await saved.getByRole('row', { name: /A 環竟整潔/ }).waitFor()
    const summary = page.getByTestId('indicator-summary')
    // Pooled: 10 satisfied of 20 valid.
    await summary.getByRole('row', { name: /洽公環境滿意度\s*50%/ }).waitFor()

    // Only 刪除 is offered (re-entering a question replaces it), and it does nothing before the confirmation.
    expect(await saved.getByRole('button', { name: /^修正/ }).count()).toBe(0)
    await saved.getByRole('button', { name: '刪除：101/01/01–101/12/31 A 環竟整潔' }).focus()
    await page.keyboard.press('Enter')
    const confirm = saved.getByRole('group', { name: '確定刪除「101/01/01–101/12/31 A 環竟整潔」？刪除後無法復原。' })
    await confirm.waitFor()
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('確定刪除')
    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await page.keyboard.press('Enter')
    await page.getByRole('status').filter({ hasText: '已刪除：101/01/01–101/12/31 A 環竟整潔。' }).waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('survey-saved-heading')
    expect(await saved.locator('tbody').textContent()).not.toContain('A 環竟整潔')
    expect(await saved.locator('tbody').textContent()).toContain('A 環境整潔')
    await summary.getByRole('row', { name: /洽公環境滿意度\s*100%/ }).waitFor()

    // Listed again from the server (a wider period, still without other data): the tally is gone for good.
    await page.locator('#indicator-to').fill('102/12/31')
    await page.locator('#indicator-to').press('Enter')
    await saved.getByRole('row', { name: /A 環境整潔/ }).waitFor()
    await summary.getByRole('row', { name: /洽公環境滿意度\s*100%/ }).waitFor()
    expect(await saved.locator('tbody tr').count()).toBe(1)
    await page.close()
  })
})
