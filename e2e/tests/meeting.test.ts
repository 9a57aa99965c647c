import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../support/axe.js'
import { useServerAndBrowser } from '../support/harness.js'
import { signIn } from '../support/session.js'

const app = useServerAndBrowser()

describe('committee meetings', () => {
  it('the convener opens a meeting from the menu, edits its minutes and downloads the meeting pack', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'convener')
    await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '委員會會議' }).click()
    await page.getByRole('heading', { level: 1, name: '委員會會議' }).waitFor()
    // The demo holds two meetings per round; rounds are listed newest first.
    const firstRound = page.locator('[data-testid^="meeting-round-"]').first()
    expect(await firstRound.getByRole('heading', { level: 2 }).textContent()).toMatch(/^\d+年(上|下)半年（\d+ 次會議）$/)
    expect(await firstRound.locator('time').first().textContent()).toMatch(/^\d+年\d+月\d+日$/)
    let violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])

    const link = firstRound.getByRole('link').first()
    const title = (await link.textContent())!.trim()
    await link.click()
    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    // Keyboard and screen-reader users start at the meeting's heading once it has loaded.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1')
    expect(await page.getByTestId('meeting-items').locator('tbody tr').count()).toBeGreaterThan(0)

    const minutes = page.getByLabel('會議紀錄內容（決議事項等）')
    const text = `決議：列管事項持續追蹤，下次會議報告辦理情形。（${Date.now()}）`
    await minutes.fill(text)
    // The time and place are saved with the minutes (the demo meetings have them already).
    expect(await page.getByTestId('meeting-place').textContent()).toContain('本署5樓第1會議室')
    await page.getByLabel('開會時間').fill('09:30')
    await page.getByLabel('地點').fill('本署6樓第2會議室')
    await page.getByText('會議紀錄有尚未儲存的修改').waitFor()
    await page.getByRole('button', { name: '儲存會議紀錄' }).click()
    await page.getByRole('status').filter({ hasText: '會議紀錄已儲存。' }).waitFor()
    await page.reload()
    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    expect(await page.getByLabel('會議紀錄內容（決議事項等）').inputValue()).toBe(text)
    expect(await page.getByLabel('開會時間').inputValue()).toBe('09:30')
    expect(await page.getByLabel('地點').inputValue()).toBe('本署6樓第2會議室')
    expect(await page.getByTestId('meeting-start-time').textContent()).toContain('09:30')

    const button = page.getByTestId('download-meeting-pack').getByRole('button', { name: '下載會議資料 PDF' })
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 50_000 }), button.click()])
    expect(download.suggestedFilename()).toMatch(/_會議資料\.pdf$/)
    const bytes = fs.readFileSync((await download.path())!)
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    // The minutes say when and where, as Taiwanese minutes write it.
    const packText = execFileSync('pdftotext', ['-l', '1', (await download.path())!, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
    expect(packText).toMatch(/時間：\d+年\d+月\d+日（星期.）上午9時30分/)
    expect(packText).toContain('地點：本署6樓第2會議室')
    await page.getByRole('status').filter({ hasText: '「下載會議資料 PDF」已下載。' }).waitFor()

    violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await page.close()
  })

  it('the secretary records a new meeting with a ROC date, then an item reported at it', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'secretary')
    await page.goto(`${app.server.url}/meetings`)
    const form = page.getByTestId('meeting-create-form')
    // Sent empty, every field says what is missing and nothing is created.
    await page.getByTestId('meeting-create-submit').click()
    await form.getByText('請填寫會議名稱').waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('meeting-create-round')

    await page.getByLabel('考核輪次').selectOption({ index: 1 })
    const date = page.getByLabel('會議日期')
    await date.fill('114/3/5')
    await date.press('Tab')
    // The start time and place are given at creation; the meeting page shows them.
    await page.getByLabel('會議名稱').fill('臨時任務編組會議')
    await page.getByLabel('開會時間').fill('14:30')
    await page.getByLabel('地點').fill('本署5樓第1會議室')
    await page.getByTestId('meeting-create-submit').click()
    await page.getByRole('heading', { level: 1, name: '臨時任務編組會議' }).waitFor()
    expect(await page.locator('.facts').textContent()).toContain('114年3月5日')
    expect(await page.getByTestId('meeting-start-time').textContent()).toContain('14:30')
    expect(await page.getByTestId('meeting-place').textContent()).toContain('本署5樓第1會議室')
    expect(await page.getByText('本次會議沒有報告列管事項').count()).toBe(1)

    // Put one of the round's tracked items on the record with a note, by keyboard-reachable controls.
    const report = page.getByTestId('meeting-report-items')
    await report.getByText('報告列管事項（新增或修改紀錄事項）').click()
    const first = report.locator('tbody tr').first()
    await first.getByRole('checkbox').check()
    await first.getByRole('textbox').fill('請於下次會議報告辦理情形')
    await report.getByRole('button', { name: '記錄 1 項' }).click()
    await page.getByRole('status').filter({ hasText: '已記錄 1 項列管事項。' }).waitFor()
    expect(await page.getByTestId('meeting-items').locator('tbody tr').count()).toBe(1)
    expect(await page.getByTestId('meeting-items').textContent()).toContain('請於下次會議報告辦理情形')

    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await page.close()
  })

  it('a branch manager reads meetings (the server lets every signed-in role) but only its own items, and cannot edit', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    await page.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '委員會會議' }).click()
    await page.getByRole('heading', { level: 1, name: '委員會會議' }).waitFor()
    expect(await page.getByTestId('meeting-create-form').count()).toBe(0)

    // Open meetings until one reports some of TPE's items (a round may have none of them).
    await page.locator('[data-testid^="meeting-row-"] a').first().waitFor()
    const hrefs = await page.locator('[data-testid^="meeting-row-"] a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href')!))
    expect(hrefs.length).toBeGreaterThan(0)
    const rows = page.getByTestId('meeting-items').locator('tbody tr')
    for (const href of hrefs) {
      await page.goto(`${app.server.url}${href}`)
      await page.getByTestId('download-meeting-pack').waitFor()
      if ((await rows.count()) > 0) break
    }
    expect(await rows.count()).toBeGreaterThan(0)
    expect(await page.locator('textarea').count()).toBe(0)
    await page.getByText('僅本輪次召集人、執行秘書及署管理者可以修改會議紀錄。').waitFor()
    for (const branch of await rows.locator('td:nth-child(2)').allTextContents()) expect(branch).toBe('臺北分署')

    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await rows.first().getByRole('link').click()
    await page.waitForURL(/\/branch\/items\/\d+$/)
    await page.close()
  })
})
