import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../support/axe.js'
import { useServerAndBrowser } from '../support/harness.js'
import { collectConsoleErrors, signIn } from '../support/session.js'

const app = useServerAndBrowser()

describe('tier hints on the score sheet', () => {
  it('shows the indicator-based suggestion beside the tiers, with the measured value and the rule, without picking', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'member1')
    const errors = collectConsoleErrors(page)
    // The demo seeds phone courtesy tests for every branch and half year: TPE's sheet in the round in progress.
    await page.getByTestId('inspection-row-TPE').first().getByRole('link', { name: /評分表/ }).click()
    await page.getByTestId('sheet-total').waitFor()
    const criterion = page.getByTestId('criterion-phone-courtesy')
    const hint = criterion.getByTestId('tier-hint-phone-courtesy')
    await hint.waitFor()
    const text = (await hint.textContent()) ?? ''
    expect(text).toMatch(/指標建議：[\d.]+ 分（電話禮貌測試[^）]*[\d.]+，符合 (>=|>|<=|<) [\d.]+）/)
    expect(text).toContain('由委員決定')
    // Beside the tiers, inside the criterion: right after its radio group.
    expect(await hint.evaluate((el) => el.previousElementSibling?.tagName)).toBe('FIELDSET')

    // A hint only: the member's own pick (or none) stays as it was, and the hint stays after a pick.
    const radios = criterion.locator('input[type=radio]')
    const checkedBefore = await radios.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).checked))
    await page.reload()
    await hint.waitFor()
    expect(await radios.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).checked))).toEqual(checkedBefore)

    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  })
})
