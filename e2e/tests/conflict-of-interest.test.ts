import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../support/axe.js'
import { useServerAndBrowser } from '../support/harness.js'
import { collectConsoleErrors, signIn } from '../support/session.js'

const app = useServerAndBrowser()

describe('conflict of interest (利益迴避)', () => {
  it('a member declares one for a branch with a reason, after confirming; that sheet is then closed to them, saying why', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'member3')
    const errors = collectConsoleErrors(page)
    // HUN is being scored in the round in progress (the first row of the branch, newest round first).
    const row = page.getByTestId('inspection-row-HUN').first()
    await row.waitFor()
    const sheetHref = await row.getByRole('link', { name: /評分表/ }).getAttribute('href')
    expect(sheetHref).toMatch(/^\/inspections\/\d+$/)
    let violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])

    await row.getByRole('button', { name: '申報利益迴避（花蓮分署）' }).click()
    const dialog = page.getByRole('dialog', { name: /申報利益迴避：花蓮分署/ })
    await dialog.waitFor()
    // Let the dialog's fade-in finish: mid-animation opacity would skew the contrast check.
    await page.waitForFunction(() => {
      const d = document.querySelector('.p-dialog')
      return !!d && !d.className.includes('enter') && getComputedStyle(d).opacity === '1'
    })
    violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])

    // The reason is required: nothing is sent without it.
    await dialog.getByTestId('declare-conflict-confirm').click()
    await dialog.getByText('請填寫迴避事由。').waitFor()
    const reason = dialog.getByLabel(/迴避事由/)
    expect(await reason.getAttribute('aria-invalid')).toBe('true')
    // Cancelling declares nothing.
    await dialog.getByRole('button', { name: '取消' }).click()
    await dialog.waitFor({ state: 'hidden' })
    expect(await row.getByRole('link', { name: /評分表/ }).count()).toBe(1)

    await row.getByRole('button', { name: '申報利益迴避（花蓮分署）' }).click()
    await dialog.waitFor()
    await reason.fill('曾任花蓮分署執行官')
    await dialog.getByTestId('declare-conflict-confirm').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByTestId('declared-notice').getByText('已申報 花蓮分署 之利益迴避。').waitFor()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('declared-notice')
    await row.getByTestId('declared-HUN').getByText('您已申報利益迴避，不為此分署評分。').waitFor()
    expect(await row.getByRole('link', { name: /評分表/ }).count()).toBe(0)
    expect(await row.getByRole('button', { name: /申報利益迴避/ }).count()).toBe(0)

    // Held by the server: after a reload the branch stays closed to this member, other branches do not.
    await page.reload()
    await row.getByTestId('declared-HUN').waitFor()
    expect(await page.getByTestId('inspection-row-KHH').first().getByRole('link', { name: /評分表/ }).count()).toBe(1)
    violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])

    // Opened directly, the sheet is read only and says why.
    await page.goto(`${app.server.url}${sheetHref}`)
    await page.getByTestId('sheet-total').waitFor()
    await page.getByRole('note').getByText('您已申報利益迴避，不能為此分署評分。').waitFor()
    expect(await page.locator('[data-testid^="criterion-"] input[type=radio]').first().isDisabled()).toBe(true)
    expect(errors).toEqual([])
    await page.close()
  })
})
