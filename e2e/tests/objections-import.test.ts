import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { trpcCall as call } from '../support/admin-page.js'
import { axeViolations, formatViolations } from '../support/axe.js'
import { useServerAndBrowser } from '../support/harness.js'
import { collectConsoleErrors, signIn } from '../support/session.js'

// Issue 19: 聲明異議 travel through the indicator export and import like phone tests — an unchanged
// export imports as a no-op, and an export older than a correction is refused (STALE_ROW), naming the sheet.

const app = useServerAndBrowser()

async function upload(page: Page, bytes: Buffer): Promise<void> {
  await page.getByTestId('indicator-import-file').setInputFiles({ name: 'export.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes })
  await page.getByTestId('indicator-import-submit').click()
}

describe('聲明異議 in the indicator export and import', () => {
  it('imports an unchanged export as a no-op and refuses one older than a correction, naming the 聲明異議 sheet', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    await page.setViewportSize({ width: 1366, height: 768 })
    const errors = collectConsoleErrors(page)
    await page.goto(`${app.server.url}/indicators`)
    await page.getByRole('heading', { level: 2, name: 'Excel 匯入（問卷統計、電話禮貌測試、聲明異議）' }).waitFor()

    // 民國 101 年: no demo data falls in it. One objection forwarded in time.
    const tpe = (await call<{ id: number; code: string }[]>(page, 'branch.list')).find((b) => b.code === 'TPE')!.id
    const { ids } = await call<{ ids: number[] }>(page, 'objection.enter', { branchId: tpe, objections: [{ receivedOn: '2012-03-01', subject: '扣押存款', finding: 'unfounded', forwardedOn: '2012-03-08' }] }, true)
    const exported = Buffer.from(
      await page.evaluate(async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer())), `/api/reports/branches/${tpe}/indicators.xlsx?from=2012-01-01&to=2012-12-31`),
    )
    expect(exported.subarray(0, 2).toString('latin1')).toBe('PK')

    await upload(page, exported)
    await expect.poll(() => page.locator('.report-import-status').innerText()).toContain('聲明異議 0 件；與現有資料相同未變更 1 筆')

    // Corrected on the indicator page's side (version 2): the old export would overwrite it — refused, nothing saved.
    await call(page, 'objection.correct', { id: ids[0], expectedVersion: 1, decidedOn: '2012-04-01' }, true)
    await upload(page, exported)
    const problems = page.getByTestId('indicator-import-problems')
    await problems.waitFor()
    const text = await problems.innerText()
    expect(text).toContain('聲明異議')
    expect(text).toContain('STALE_ROW')
    expect(text).toContain('已於匯出後被修改（目前為第 2 版）')
    const rows = await call<{ rows: { decidedOn: string | null; version: number }[] }>(page, 'objection.list', { branchId: tpe, from: '2012-01-01', to: '2012-12-31' })
    expect(rows.rows).toMatchObject([{ decidedOn: '2012-04-01', version: 2 }])
    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    // The refused import is the one 400 the browser logs; nothing else went wrong.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([])
    expect(errors.filter((e) => /status of 400/.test(e))).toHaveLength(1)
    await page.close()
  })
})
