import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { adminAtDesk, expectAxeClean, noSideways, trpcCall } from '../support/admin-page.js'
import { useServerAndBrowser } from '../support/harness.js'

// Issue 19: the agency dashboard's trend never mixes two catalogue versions in one line. The demo
// data scores every round on 服務躍升 v2; this test publishes v3, opens a round on it (so v3 becomes
// the basis), and sees every older total marked 不可比較 until the v2 → v3 mapping is recorded, then
// carried (換算). Everything is created through the procedures the admin uses.

const app = useServerAndBrowser()

/** Opens the dashboard and the trend's data table; returns the table and the trend chart. */
async function openTrend(page: Page) {
  await page.goto(`${app.server.url}/dashboard`)
  const figure = page.locator('figure', { has: page.getByTestId('trend-table') })
  await figure.getByRole('button').first().waitFor()
  await figure.getByRole('button').first().click()
  const table = page.getByTestId('trend-table')
  await table.waitFor()
  return { figure, table, chart: figure.locator('canvas[role="img"]'), basis: page.getByTestId('trend-basis') }
}

describe('dashboard trend on one catalogue basis', () => {
  it('marks older totals 不可比較 while no mapping to the newest catalogue is recorded, and carries them once it is', async () => {
    const { page, errors } = await adminAtDesk(app, 'zh-TW')

    // Before: every round on v2, nothing marked.
    let trend = await openTrend(page)
    await expect.poll(() => trend.basis.innerText()).toContain('（第 2 版）')
    expect(await trend.table.innerText()).not.toContain('不可比較')
    expect(await trend.table.innerText()).not.toContain('換算')

    // Publish v3 from v2 (same content), open 115年上半年 on it with one scheduled inspection.
    const catalogues = await trpcCall<{ id: number; code: string; version: number }[]>(page, 'catalogue.list')
    const v2 = catalogues.find((c) => c.code === 'service-leap' && c.version === 2)!
    const v2Data = (await trpcCall<{ catalogue: Record<string, unknown> }>(page, 'catalogue.byId', { id: v2.id })).catalogue
    const v3 = await trpcCall<{ id: number; version: number }>(page, 'catalogue.create', { data: { ...v2Data, effectiveRocYear: 115 } }, true)
    expect(v3.version).toBe(3)
    const rounds = await trpcCall<{ id: number; rocYear: number; half: number }[]>(page, 'round.list')
    const newest = [...rounds].sort((a, b) => b.rocYear - a.rocYear || b.half - a.half)[0]!
    const roster = (await trpcCall<{ roster: { userId: number; role: string }[] }>(page, 'round.byId', { id: newest.id })).roster.map((r) => ({ userId: r.userId, role: r.role }))
    const round = await trpcCall<{ id: number }>(page, 'round.create', { rocYear: 115, half: 1, catalogueId: v3.id, roster }, true)
    const overview = await trpcCall<{ branches: { id: number; name: string }[] }>(page, 'dashboard.overview')
    await trpcCall(page, 'inspection.create', { roundId: round.id, branchId: overview.branches[0]!.id, inspectedOn: '2026-03-10' }, true)

    // No mapping v2 → v3: every signed older total is 不可比較 (with its own total and the reason), none shown as a number on the line.
    trend = await openTrend(page)
    await expect.poll(() => trend.basis.innerText()).toContain('（第 3 版）')
    expect(await trend.basis.innerText()).toContain('不可比較')
    expect(await trend.basis.innerText()).toContain('未記錄項目對照')
    const notComparable = trend.table.locator('td[data-reason="noMapping"]')
    expect(await notComparable.count()).toBeGreaterThan(10)
    expect(await notComparable.first().innerText()).toMatch(/不可比較\s*原總分 \d/)
    expect(await trend.table.locator('td[data-reason="same"], td[data-reason="carried"]').count()).toBe(0)
    expect(await trend.chart.getAttribute('aria-label')).toMatch(/個輪次不可比較未列入/)
    await trend.figure.screenshot({ path: '/tmp/B-dashboard-noMapping-1366-zh.png' })
    await expectAxeClean(page)

    // Record the mapping v2 → v3 (the suggested one: every criterion the same): the older totals are carried.
    const suggested = (await trpcCall<{ suggested: { note: string; links: unknown[] } }>(page, 'catalogue.mapping', { fromId: v2.id, toId: v3.id })).suggested
    await trpcCall(page, 'catalogue.saveMapping', { fromId: v2.id, toId: v3.id, expectedVersion: 0, note: '', links: suggested.links }, true)
    trend = await openTrend(page)
    const carried = trend.table.locator('td[data-reason="carried"]')
    await expect.poll(() => carried.count()).toBeGreaterThan(10)
    expect(await trend.table.locator('td[data-reason="noMapping"]').count()).toBe(0)
    expect(await carried.first().innerText()).toMatch(/\d.*換算（原總分 \d/s)
    expect(await trend.chart.getAttribute('aria-label')).toMatch(/依項目對照換算，0 個輪次不可比較/)
    await trend.figure.screenshot({ path: '/tmp/B-dashboard-carried-1366-zh.png' })

    // English: the same markers in words, no Chinese UI label; a phone does not scroll sideways.
    await page.evaluate(() => localStorage.setItem('leap.locale', 'en'))
    trend = await openTrend(page)
    await expect.poll(() => trend.basis.innerText()).toContain('(version 3)')
    expect(await trend.basis.innerText()).toContain('Basis of comparison')
    expect(await carried.first().innerText()).toContain('carried')
    await page.setViewportSize({ width: 390, height: 844 })
    await noSideways(page)
    await trend.figure.screenshot({ path: '/tmp/B-dashboard-carried-390-en.png' })
    await expectAxeClean(page)
    await page.evaluate(() => localStorage.setItem('leap.locale', 'zh-TW'))
    expect(errors).toEqual([])
    await page.close()
  })
})
