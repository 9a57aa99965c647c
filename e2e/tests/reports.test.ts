import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../support/axe.js'
import { useServerAndBrowser } from '../support/harness.js'
import { signIn } from '../support/session.js'

const app = useServerAndBrowser()

describe('reports', () => {
  it('the convener downloads a signed sheet as a PDF from the consensus page', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'convener')
    await page.goto(`${app.server.url}/inspections`)
    // Rounds are listed newest first; SLN's sheet of the round in progress is signed in the demo data.
    await page.getByTestId('inspection-row-SLN').first().locator('a[href$="/consensus"]').click()
    const button = page.getByTestId('download-score-sheet').getByRole('button', { name: '下載評分表 PDF' })
    await button.waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()])
    expect(download.suggestedFilename()).toMatch(/^士林分署_\d+年(上|下)半年_評分表\.pdf$/)
    const bytes = fs.readFileSync((await download.path())!)
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    await page.getByRole('status').filter({ hasText: '已下載' }).waitFor()

    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await page.close()
  })

  it('a branch manager sees every problem of a refused indicator import', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    await page.goto(`${app.server.url}/indicators`)
    await page.getByRole('heading', { level: 2, name: 'Excel 匯入（問卷統計、電話禮貌測試、聲明異議）' }).waitFor()
    await page.getByTestId('indicator-import-file').setInputFiles({ name: 'broken.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a workbook') })
    await page.getByTestId('indicator-import-submit').click()
    const problems = page.getByTestId('indicator-import-problems')
    await problems.getByText('UNREADABLE_FILE').waitFor()
    expect(await problems.textContent()).toContain('未匯入任何資料')

    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await page.close()
  })

  it('a branch manager writes a report section on the portal and downloads the results report', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    await page.goto(`${app.server.url}/branch`)
    // The panel opens on the latest period with data (the demo's indicator data and items run to 114年12月),
    // not on the current half year, which has none.
    await page.getByText('報告敘述內容（依構面）').waitFor()
    expect(await page.getByTestId('results-year').inputValue()).toBe('114')
    expect(await page.getByTestId('results-report').inputValue()).toBe('2')
    await page.getByText('報告敘述內容（依構面）').click()
    const text = page.getByLabel('基礎服務・服務一致及正確')
    await text.fill('一樓設置大型繳款流程圖。')
    await page.getByRole('button', { name: '儲存敘述內容' }).click()
    await page.getByRole('status').filter({ hasText: '敘述內容已儲存' }).waitFor()

    const button = page.getByRole('button', { name: '成果報告 PDF' })
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()])
    expect(download.suggestedFilename()).toBe('臺北分署_114年第2次_執行成果報告.pdf')
    const bytes = fs.readFileSync((await download.path())!)
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')

    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await page.close()
  })
})
