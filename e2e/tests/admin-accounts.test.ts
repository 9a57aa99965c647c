import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../support/axe.js'
import { useServerAndBrowser } from '../support/harness.js'
import { signIn, signOut } from '../support/session.js'

const app = useServerAndBrowser()
const SHOTS = process.env.E2E_SCREENSHOTS

async function expectAxeClean(page: Page): Promise<void> {
  const violations = await axeViolations(page)
  expect(violations, formatViolations(violations)).toEqual([])
}

async function expectNoSideways(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)).toBe(false)
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

describe('administration screens', () => {
  it('accounts: create with a one-time password, refusals by the field, reset, the forced password change, deactivate', async () => {
    const admin = await signIn(app.browser.context, app.server.url, 'admin')
    await admin.setViewportSize({ width: 1366, height: 768 })
    await admin.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '帳號管理' }).click()
    await admin.getByRole('heading', { level: 1, name: '帳號管理' }).waitFor()
    await admin.getByTestId('account-row-tpe-staff').waitFor()
    await expectAxeClean(admin)
    await shot(admin, 'accounts-1366')

    // Search and filters narrow the list.
    await admin.getByLabel('搜尋').fill('宜蘭')
    await admin.getByTestId('accounts-apply').click()
    await admin.getByTestId('account-row-ila-manager').waitFor()
    await admin.getByTestId('account-row-tpe-staff').waitFor({ state: 'detached' })
    await admin.getByLabel('搜尋').fill('')
    await admin.locator('#accounts-role').selectOption({ label: '署檢視者' })
    await admin.getByTestId('account-row-viewer').waitFor()
    expect(await admin.getByTestId('accounts-table').locator('tbody tr').count()).toBe(1)
    await admin.getByRole('button', { name: '清除篩選' }).click()
    await admin.getByTestId('account-row-tpe-staff').waitFor()

    // Create from the keyboard: an invalid e-mail and a taken username are refused beside their fields.
    await admin.getByTestId('account-create').click()
    const form = admin.getByTestId('account-form')
    await form.getByLabel(/^帳號/).fill('tpe-staff')
    await form.getByLabel(/^姓名/).fill('新進承辦')
    await form.getByLabel('電子郵件').fill('not-an-address')
    await form.getByLabel('角色').selectOption({ label: '分署承辦人' })
    await form.getByLabel(/^分署/).selectOption({ label: '花蓮分署' })
    await form.getByTestId('account-submit').focus()
    await admin.keyboard.press('Enter')
    await form.locator('#account-email-error').waitFor()
    await form.getByLabel('電子郵件').fill('clerk@hualien.example.tw')
    await form.getByTestId('account-submit').click()
    await form.getByText('此帳號已被使用，請換一個。').first().waitFor()
    expect(await form.getByLabel(/^帳號/).getAttribute('aria-invalid')).toBe('true')
    await expectAxeClean(admin)
    await form.getByLabel(/^帳號/).fill('hua-clerk')
    await form.getByTestId('account-submit').click()
    const oneTime = (await admin.getByTestId('one-time-password-value').textContent())!.trim()
    expect(oneTime).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{2}$/)
    await admin.getByRole('status').filter({ hasText: '已建立帳號「新進承辦」。' }).waitFor()
    await admin.getByTestId('one-time-password').getByRole('button', { name: '我已記下' }).click()
    const row = admin.getByTestId('account-row-hua-clerk')
    await row.getByText('待變更一次性密碼').waitFor()
    await row.getByText('從未登入').waitFor()

    // Edit: the name changes in place.
    await row.getByRole('button', { name: '編輯' }).click()
    await form.getByLabel(/^姓名/).fill('花蓮新進承辦')
    await form.getByTestId('account-submit').click()
    await admin.getByRole('status').filter({ hasText: '已更新帳號「花蓮新進承辦」。' }).waitFor()

    // The new clerk signs in with the one-time password: only the new-password page opens.
    await signOut(admin)
    await admin.getByLabel('帳號', { exact: true }).fill('hua-clerk')
    await admin.getByLabel('密碼', { exact: true }).fill(oneTime)
    await admin.getByRole('button', { name: '登入' }).click()
    await admin.getByRole('heading', { level: 1, name: '設定新密碼' }).waitFor()
    expect(new URL(admin.url()).pathname).toBe('/login/new-password')
    await expectAxeClean(admin)
    await shot(admin, 'first-password-1366')
    // Nothing else is reachable yet: the session does not exist.
    await admin.goto(`${app.server.url}/branch`)
    await admin.waitForURL((url) => url.pathname === '/login')
    await admin.getByLabel('帳號', { exact: true }).fill('hua-clerk')
    await admin.getByLabel('密碼', { exact: true }).fill(oneTime)
    await admin.getByRole('button', { name: '登入' }).click()
    await admin.getByRole('heading', { level: 1, name: '設定新密碼' }).waitFor()
    await admin.getByLabel('新密碼', { exact: true }).fill('short')
    await admin.getByLabel('再次輸入新密碼').fill('short')
    await admin.getByRole('button', { name: '設定密碼並登入' }).click()
    await admin.getByText('新密碼至少 10 個字元').waitFor()
    await admin.getByLabel('新密碼', { exact: true }).fill('hualien-clerk-2026')
    await admin.getByLabel('再次輸入新密碼').fill('hualien-clerk-2026')
    await admin.getByRole('button', { name: '設定密碼並登入' }).click()
    await admin.waitForURL((url) => url.pathname === '/branch')
    await admin.locator('main h1').first().waitFor()
    await admin.close()

    // Back as the admin: last sign-in shown in ROC time; reset the password, then deactivate.
    const again = await signIn(app.browser.context, app.server.url, 'admin')
    await again.goto(`${app.server.url}/admin/accounts`)
    const clerk = again.getByTestId('account-row-hua-clerk')
    await clerk.locator('time').waitFor()
    expect(await clerk.locator('time').textContent()).toMatch(/^\d+年\d+月\d+日 \d{2}:\d{2}$/)
    await clerk.getByRole('button', { name: '重設密碼' }).click()
    await again.getByTestId('account-confirm').waitFor()
    expect(await again.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('account-confirm')
    await again.getByTestId('account-confirm-yes').click()
    await again.getByTestId('one-time-password-value').waitFor()
    await again.getByTestId('one-time-password').getByRole('button', { name: '我已記下' }).click()
    await clerk.getByRole('button', { name: '停用' }).click()
    await again.getByTestId('account-confirm-yes').click()
    await again.getByRole('status').filter({ hasText: '已停用「花蓮新進承辦」。' }).waitFor()
    await clerk.getByText('已停用').waitFor()
    // The admin's own row offers no deactivation.
    expect(await again.getByTestId('account-row-admin').getByRole('button', { name: '停用' }).count()).toBe(0)

    // 390 px: no sideways scroll, still axe clean.
    await again.setViewportSize({ width: 390, height: 844 })
    await expectNoSideways(again)
    await expectAxeClean(again)
    await shot(again, 'accounts-390')
    await again.close()
  })

  it('units: add, refuse a name already used in the branch, rename, retire', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'admin')
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '分署與承辦單位' }).click()
    await page.getByRole('heading', { level: 1, name: '分署與承辦單位' }).waitFor()
    await page.getByTestId('units-branch').selectOption({ label: '宜蘭分署' })
    const table = page.getByTestId('units-table')
    await table.getByText('秘書室').waitFor()
    await page.getByLabel('新增承辦單位名稱').fill('秘書室')
    await page.getByTestId('unit-add').click()
    await page.getByText('此分署已有同名的承辦單位。').waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('unit-new-name')
    await page.getByLabel('新增承辦單位名稱').fill('研考科')
    await page.keyboard.press('Enter')
    await page.getByTestId('units-notice').filter({ hasText: '已新增承辦單位「研考科」。' }).waitFor()
    await page.getByRole('button', { name: '更名 研考科' }).click()
    await page.getByLabel('「研考科」的新名稱').fill('研考室')
    await page.keyboard.press('Enter')
    await page.getByTestId('units-notice').filter({ hasText: '已將「研考科」更名為「研考室」。' }).waitFor()
    await page.getByRole('button', { name: '停用 研考室' }).click()
    await page.getByTestId('units-notice').filter({ hasText: '已停用「研考室」' }).waitFor()
    await table.getByText(/^已停用（\d+年\d+月\d+日）$/).waitFor()
    await expectAxeClean(page)
    await shot(page, 'units-1366')
    await page.setViewportSize({ width: 390, height: 844 })
    await expectNoSideways(page)
    await expectAxeClean(page)
    await shot(page, 'units-390')
    await page.close()
  })

  it('settings: a value outside the rule is refused by the field; a valid one is saved and audited', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'admin')
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto(`${app.server.url}/admin/settings`)
    await page.getByRole('heading', { level: 1, name: '系統設定' }).waitFor()
    const field = page.getByRole('textbox', { name: '應改進事項預設完成天數' })
    expect(await field.inputValue()).toBe('90')
    await field.fill('0')
    await page.getByTestId('setting-remediationDueDays').getByRole('button', { name: '儲存' }).click()
    await page.getByText('請輸入 1 到 730 之間的整數').waitFor()
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    await field.fill('60')
    await page.keyboard.press('Enter')
    await page.getByRole('status').filter({ hasText: '已儲存「應改進事項預設完成天數」。' }).waitFor()
    await page.getByText(/最近由 署本部管理者 於 \d+年\d+月\d+日 \d{2}:\d{2} 修改/).waitFor()
    await expectAxeClean(page)
    await shot(page, 'settings-1366')
    await page.setViewportSize({ width: 390, height: 844 })
    await expectNoSideways(page)
    await page.close()
  })

  it('audit trail: the viewer filters, reads before/after in words and exports to Excel', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'viewer')
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '稽核紀錄' }).click()
    await page.getByRole('heading', { level: 1, name: '稽核紀錄' }).waitFor()
    // The viewer sees no administration beyond the audit trail.
    expect(await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '帳號管理' }).count()).toBe(0)
    await page.getByLabel('動作').selectOption({ label: '修改帳號' })
    await page.getByTestId('audit-apply').click()
    const table = page.getByTestId('audit-table')
    await table.getByRole('rowheader', { name: /修改帳號/ }).first().waitFor()
    const changes = table.locator('.audit-changes').first()
    await changes.getByRole('rowheader', { name: '姓名' }).waitFor()
    await changes.getByRole('cell', { name: '花蓮新進承辦' }).waitFor()
    expect(await table.textContent()).not.toMatch(/user\.update|displayName|app_user/)
    expect(await table.locator('time').first().textContent()).toMatch(/^\d+年\d+月\d+日 \d{2}:\d{2}$/)
    await expectAxeClean(page)
    await shot(page, 'audit-1366')

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()])
    expect(download.suggestedFilename()).toMatch(/^audit-\d{8}\.xlsx$/)
    const file = (await download.path())!
    expect(fs.readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK')
    // The workbook's text, read with unzip: Chinese headings and action names, no identifiers.
    const strings = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml']).toString('utf8')
    const sheet = execFileSync('unzip', ['-l', file]).toString('utf8')
    expect(sheet).toContain('xl/worksheets/sheet1.xml')
    for (const text of ['時間', '人員', '動作', '變更前', '變更後', '修改帳號', '姓名：花蓮新進承辦']) expect(strings).toContain(text)
    expect(strings).not.toMatch(/user\.update|displayName|app_user|新增帳號/)
    await page.getByRole('status').filter({ hasText: /已匯出 \d+ 筆紀錄。/ }).waitFor()

    await page.setViewportSize({ width: 390, height: 844 })
    await expectNoSideways(page)
    await expectAxeClean(page)
    await shot(page, 'audit-390')
    await page.close()
  })
})
