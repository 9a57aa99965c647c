import { describe, expect, it } from 'vitest'
import { adminAtDesk, CATALOGUE_CODES, expectAxeClean, noSideways, startDraft } from '../support/admin-page.js'
import { useServerAndBrowser } from '../support/harness.js'

const app = useServerAndBrowser()

describe('評分表版本: the agency admin compares, maps, drafts, checks and publishes', () => {
  it('compares 提升服務品質 with 服務躍升 by title, corrects the mapping, and publishes a checked draft', async () => {
    const { page, errors } = await adminAtDesk(app)
    await page.getByRole('link', { name: '評分表版本' }).click()
    const versions = page.getByTestId('catalogue-versions')
    await versions.waitFor()
    await expect.poll(() => versions.innerText()).toContain('已用於考核')

    // Compare: the defaults are the oldest and the newest version.
    await page.getByTestId('compare-submit').click()
    const table = page.getByTestId('compare-table')
    await table.waitFor()
    const diff = await table.innerText()
    expect(diff).toContain('新增')
    expect(diff).toContain('刪除')
    expect(diff).toMatch(/項目「[^」]+」/)
    const text = await page.locator('main').innerText()
    for (const code of CATALOGUE_CODES) expect(text).not.toContain(code)
    // No message key leaks into the screen either.
    expect(text).not.toContain('catalogueAdmin')

    // The seeded mapping is shown as recorded.
    const mapping = page.getByTestId('mapping-form')
    await expect.poll(() => page.getByTestId('mapping-state').innerText()).toContain('已記錄的對照')
    const rows = mapping.getByTestId('mapping-link')
    const count = await rows.count()
    expect(count).toBeGreaterThan(5)

    // A row removed leaves criteria unmapped: the domain's problems, worded by title, nothing saved.
    await mapping.getByRole('button', { name: '刪除第 1 列對照' }).click()
    await expect.poll(() => rows.count()).toBe(count - 1)
    await page.getByTestId('mapping-save').click()
    const problems = page.getByTestId('mapping-problems')
    await problems.waitFor()
    expect(await problems.innerText()).toMatch(/尚未對照到任何一列/)
    for (const code of CATALOGUE_CODES) expect(await problems.innerText()).not.toContain(code)

    // Reload it (compare again), note a reason and save: revision 2.
    await page.getByTestId('compare-submit').click()
    await expect.poll(() => rows.count()).toBe(count)
    await mapping.getByLabel('對照說明').fill('依 106 年評分表修正說明對照')
    await page.getByTestId('mapping-save').click()
    await expect.poll(() => page.getByTestId('mapping-notice').innerText()).toContain('已儲存項目對照')
    await expect.poll(() => page.getByTestId('mapping-state').innerText()).toContain('第2次修訂')
    await expectAxeClean(page)

    // Draft from 服務躍升, break two rules, see them named by criterion, fix them, publish.
    const { first } = await startDraft(page, '服務躍升考核項目評分表（第2版）')
    const points = first.locator('input[id$="-points"]').first()
    const original = await points.inputValue()
    await points.fill(String(Number(original) + 1))
    const tierPoints = first.locator('input[id^="tier-"][id$="-points"]')
    const lowest = tierPoints.last()
    await lowest.fill('1')
    await page.getByTestId('draft-check').click()
    const result = page.getByTestId('draft-result')
    await expect.poll(() => result.innerText()).toMatch(/問題/)
    const issues = await result.innerText()
    expect(issues).toMatch(/構面「[^」]+」：各項目配分合計不等於構面配分/)
    expect(issues).toMatch(/項目「[^」]+」：最低等級須為 0 分/)
    expect(issues).toMatch(/項目「[^」]+」：沒有給滿配分的等級/)
    for (const code of CATALOGUE_CODES) expect(issues).not.toContain(code)
    await expectAxeClean(page)

    await points.fill(original)
    await lowest.fill('0')
    await first.getByLabel('項目名稱').fill('單一窗口及派駐服務（新版）')
    await page.getByTestId('draft-check').click()
    await expect.poll(() => result.innerText()).toContain('檢查通過')
    await page.getByTestId('draft-publish').click()
    await expect.poll(() => page.getByTestId('draft-notice').innerText()).toContain('（第3版）')
    await expect.poll(() => versions.innerText()).toContain('第3版')

    // The published version compares with its base: the renamed criterion shows as 更名.
    await page.locator('#compare-from').selectOption({ label: '服務躍升考核項目評分表（第2版）' })
    await page.locator('#compare-to').selectOption({ label: '服務躍升考核項目評分表（第3版）' })
    await page.getByTestId('compare-submit').click()
    await expect.poll(() => table.innerText()).toContain('單一窗口及派駐服務（新版）')
    expect(await table.innerText()).toContain('更名')
    await expect.poll(() => page.getByTestId('mapping-state').innerText()).toContain('建議底稿')

    // A phone: no sideways scrolling, still axe clean.
    await page.setViewportSize({ width: 390, height: 844 })
    await noSideways(page)
    await expectAxeClean(page)
    expect(errors).toEqual([])
  })
})
