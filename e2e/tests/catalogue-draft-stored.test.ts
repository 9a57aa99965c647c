import { describe, expect, it } from 'vitest'
import { adminAtDesk, CATALOGUE_CODES, expectAxeClean, startDraft } from '../support/admin-page.js'
import { useServerAndBrowser } from '../support/harness.js'

// Issue 19: a catalogue version being drafted is stored — it survives a reload, comes back with its
// problems named by criterion and rule, and is deleted when published.

const app = useServerAndBrowser()

describe('評分表版本: a stored draft', () => {
  it('keeps a draft with its problems across a reload, and publishing it removes the draft', async () => {
    const { page, errors } = await adminAtDesk(app, 'zh-TW')
    await page.getByRole('link', { name: '評分表版本' }).click()
    await page.getByTestId('catalogue-versions').waitFor()
    const catalogueUrl = page.url()

    // Draft from 服務躍升 v2, break the lowest tier of the first criterion, save (problems and all).
    const { draft, first } = await startDraft(page, '服務躍升考核項目評分表（第2版）')
    const lowest = first.locator('input[id^="tier-"][id$="-points"]').last()
    await lowest.fill('1')
    await page.locator('#draft-title').fill('服務躍升考核項目評分表（草稿）')
    await page.getByTestId('draft-save').click()
    await expect.poll(() => page.getByTestId('draft-saved').innerText()).toMatch(/草稿已儲存，尚有 \d+ 個問題/)

    // Reload: the draft is listed; opening it shows the problems by criterion and rule, never a code.
    await page.goto(catalogueUrl)
    await page.getByTestId('stored-draft').first().waitFor()
    expect(await page.getByTestId('stored-drafts').innerText()).toContain('服務躍升考核項目評分表（草稿）（底稿：服務躍升考核項目評分表（第2版）；已儲存 1 次）')
    await page.getByTestId('draft-continue').click()
    await draft.waitFor()
    expect(await page.locator('#draft-title').inputValue()).toBe('服務躍升考核項目評分表（草稿）')
    const result = page.getByTestId('draft-result')
    await expect.poll(() => result.innerText()).toMatch(/項目「[^」]+」：最低等級須為 0 分/)
    for (const code of CATALOGUE_CODES) expect(await result.innerText()).not.toContain(code)
    await page.screenshot({ path: '/tmp/B-draft-reloaded-1366-zh.png' })
    await expectAxeClean(page)

    // Fix it, save again (second save), publish: a new version, and the stored draft is gone.
    await draft.getByTestId('draft-criterion').first().locator('input[id^="tier-"][id$="-points"]').last().fill('0')
    await page.getByTestId('draft-save').click()
    await expect.poll(() => page.getByTestId('draft-saved').innerText()).toContain('尚有 0 個問題')
    await page.getByTestId('draft-publish').click()
    await expect.poll(() => page.getByTestId('draft-notice').innerText()).toContain('（第3版）')
    await expect.poll(() => page.getByTestId('stored-drafts').count()).toBe(0)
    await page.goto(catalogueUrl)
    await page.getByTestId('catalogue-versions').waitFor()
    await expect.poll(() => page.getByTestId('catalogue-versions').innerText()).toContain('第3版')
    expect(await page.getByTestId('stored-drafts').count()).toBe(0)

    // English, on a phone: a saved draft is listed in English words, the page does not scroll sideways.
    await page.getByTestId('draft-start').click()
    await draft.waitFor()
    await page.getByTestId('draft-save').click()
    await page.getByTestId('draft-saved').waitFor()
    await page.evaluate(() => localStorage.setItem('leap.locale', 'en'))
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(catalogueUrl)
    await page.getByTestId('stored-draft').first().waitFor()
    expect(await page.getByTestId('stored-drafts').innerText()).toMatch(/Saved drafts[\s\S]*\(from .+; saves: 1\)[\s\S]*Continue editing/)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.getByTestId('stored-drafts').screenshot({ path: '/tmp/B-draft-list-390-en.png' })
    await expectAxeClean(page)
    await page.getByTestId('draft-delete').click()
    await expect.poll(() => page.getByTestId('stored-drafts').count()).toBe(0)
    await page.evaluate(() => localStorage.setItem('leap.locale', 'zh-TW'))
    expect(errors).toEqual([])
    await page.close()
  })
})
