// Daily work made fast (issue 16): a member scores a whole sheet from the keyboard — number keys
// for tiers, moving on by itself, 完成評分 at the end — with no verdict before the sheet is
// complete, changes saved in a few batched calls, and the convener seeing who is done.
import type { Page, Request } from 'playwright-core'
import { beforeEach, describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../support/axe.js'
import { useServerAndBrowser } from '../support/harness.js'
import { collectConsoleErrors, signIn } from '../support/session.js'

const app = useServerAndBrowser()
beforeEach(async () => {
  await app.browser.context.clearCookies()
})

const shots = process.env.E2E_SHOTS_DIR

async function shot(page: Page, name: string): Promise<void> {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: false })
}

/** Opens a branch's sheet (or consensus) of the round in progress from "my inspections". */
async function openFromList(page: Page, branchCode: string, link: RegExp): Promise<void> {
  await page.goto(`${app.server.url}/inspections`)
  await page.getByTestId(`inspection-row-${branchCode}`).first().getByRole('link', { name: link }).click()
  await page.getByTestId('sheet-total').waitFor()
}

/** Whether the page scrolls sideways (its content is wider than the window). */
async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
}

describe('scoring a sheet from the keyboard', () => {
  it('a full-marks 22-criterion sheet takes at most 30 key presses, shows no verdict before it is complete, and the convener sees 完成評分', async () => {
    // The convener opens CYI (a draft in the demo data) for scoring.
    const convener = await signIn(app.browser.context, app.server.url, 'convener')
    const row = convener.getByTestId('inspection-row-CYI').first()
    await row.getByRole('button', { name: /開始評分/ }).click()
    await row.getByText('評分中').waitFor()
    await convener.close()

    const page = await signIn(app.browser.context, app.server.url, 'member1')
    const errors = collectConsoleErrors(page)
    const saves: string[] = []
    page.on('request', (r: Request) => {
      const m = /\/trpc\/([^?]*)/.exec(r.url())
      if (m && r.method() === 'POST') for (const name of m[1]!.split(',')) if (name.startsWith('inspection.score.')) saves.push(name)
    })
    await openFromList(page, 'CYI', /評分表/)
    await page.getByTestId('sheet-progress-count').getByText('已評 0 / 22 項').waitFor()
    // Nothing is scored: a provisional total, no red verdict.
    expect(await page.getByTestId('sheet-verdict').count()).toBe(0)
    expect(await page.getByTestId('sheet-no-verdict').textContent()).toContain('全部評完後才判定')
    let violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await shot(page, 'sheet-empty-desktop')

    // Focus is on the page itself after loading: every key from here on is counted.
    let presses = 0
    const press = async (key: string) => {
      presses++
      await page.keyboard.press(key)
    }
    await press('n')
    for (let i = 0; i < 22; i++) {
      await press('1')
      if (i === 10) {
        // Half way: still no verdict, and the total says it is provisional.
        expect(await page.getByTestId('sheet-verdict').count()).toBe(0)
        expect(await page.getByTestId('sheet-progress-total').textContent()).toMatch(/最高可能 1000 分/)
      }
    }
    await page.getByTestId('sheet-progress-count').getByText('已評 22 / 22 項').waitFor()
    // The last pick moved focus to 完成評分.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sheet-complete')
    await press('Enter')
    await page.getByTestId('sheet-completed').waitFor()
    console.log(`full-marks sheet scored in ${presses} key presses; ${saves.length} save calls`)
    expect(presses).toBeLessThanOrEqual(30)
    expect(await page.getByTestId('sheet-total').textContent()).toMatch(/1000\s*\/\s*1000/)
    expect(await page.getByTestId('sheet-verdict').textContent()).toContain('已達門檻')
    // Coalesced: 22 picks went out in a few saveMany calls, never one call per criterion.
    expect(saves.every((s) => s === 'inspection.score.saveMany')).toBe(true)
    expect(saves.length).toBeGreaterThan(0)
    expect(saves.length).toBeLessThanOrEqual(6)
    violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await shot(page, 'sheet-complete-desktop')

    // Saved on the server: a reload shows the same sheet, still marked complete.
    await page.reload()
    await page.getByTestId('sheet-completed').waitFor()
    expect(await page.getByTestId('sheet-total').textContent()).toMatch(/1000\s*\/\s*1000/)
    expect(errors).toEqual([])
    await page.close()

    const back = await signIn(app.browser.context, app.server.url, 'convener')
    await openFromList(back, 'CYI', /共識評分/)
    const progress = back.locator('.progress')
    await progress.getByText(/委員一.*已評 22 項/).waitFor()
    expect(await progress.locator('li', { hasText: '委員一' }).textContent()).toContain('已完成評分')
    expect(await progress.locator('li', { hasText: '委員二' }).textContent()).toContain('尚未完成')
    await back.close()
  })

  it('a deduction picked by number key goes to its finding; Ctrl+Enter there moves on; nothing is lost when leaving at once', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'member3')
    await openFromList(page, 'KHH', /評分表/)
    // Pick the lowest tier of the first criterion from the keyboard.
    const first = page.locator('[data-criterion]').first()
    const code = (await first.getAttribute('data-criterion'))!
    await first.locator('input[type=radio]').first().focus()
    const tiers = await first.locator('input[type=radio]').count()
    await page.keyboard.press(String(tiers))
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`criterion-${code}-finding`)
    await page.keyboard.type('現場未見服務流程圖')
    await page.keyboard.press('Control+Enter')
    expect(await page.evaluate(() => document.activeElement?.closest('[data-criterion]')?.getAttribute('data-criterion'))).not.toBe(code)
    // Leave for the list straight away: the pending change is sent before the page goes.
    await page.getByRole('link', { name: '回到我的考核' }).click()
    await page.waitForURL((url) => url.pathname === '/inspections')
    await openFromList(page, 'KHH', /評分表/)
    expect(await page.locator(`#criterion-${code}-finding`).inputValue()).toBe('現場未見服務流程圖')
    expect(await page.locator(`[data-criterion="${code}"] input[type=radio]`).last().isChecked()).toBe(true)
    await page.close()
  })

  it('evidence sits behind one button per criterion: a dialog with a file picker and the camera, accessible when open', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'member4')
    await openFromList(page, 'KHH', /評分表/)
    // No native file input is a tab stop on the sheet.
    expect(await page.locator('input[type=file]:not([tabindex="-1"])').count()).toBe(0)
    const first = page.locator('[data-criterion]').first()
    const code = (await first.getAttribute('data-criterion'))!
    await page.getByTestId(`evidence-open-${code}`).focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByTestId(`evidence-dialog-${code}`)
    await dialog.waitFor()
    await page.waitForFunction(() => {
      const d = document.querySelector('.p-dialog')
      return !!d && !d.className.includes('enter') && getComputedStyle(d).opacity === '1'
    })
    expect(await dialog.locator('input[capture="environment"]').count()).toBe(1)
    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(256, 0x20), Buffer.from('\n%%EOF\n')])
    await page.getByTestId(`evidence-input-${code}`).setInputFiles({ name: '現場照片.pdf', mimeType: 'application/pdf', buffer: pdf })
    await dialog.getByRole('link', { name: '現場照片.pdf' }).waitFor()
    await shot(page, 'sheet-evidence-dialog')
    await page.keyboard.press('Escape')
    await page.getByTestId(`evidence-open-${code}`).getByText('附件（1）').waitFor()
    await page.close()
  })
})

/** Urgency of a listed item as the table shows it: 0 已退回, 1 逾期, 2 anything else still open, 3 closed or withdrawn. */
async function rowRanks(page: Page): Promise<number[]> {
  return page.locator('.remediation-table tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const text = row.textContent ?? ''
      if (text.includes('已退回')) return 0
      if (row.classList.contains('is-overdue')) return 1
      if (/已解除列管|已撤銷/.test(text)) return 3
      return 2
    }),
  )
}

describe('lists and queues', () => {
  it("the branch's home starts with its own queue and lists the most urgent items first, closed ones only on request", async () => {
    const page = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    expect(new URL(page.url()).pathname).toBe('/branch')
    await page.getByTestId('work-queue').getByTestId('work-branch-counts').waitFor()
    await page.locator('.remediation-table tbody tr').first().waitFor()
    const ranks = await rowRanks(page)
    expect(ranks.length).toBeGreaterThan(0)
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    expect(ranks).not.toContain(3)
    expect(ranks[0]).toBeLessThanOrEqual(1)
    // The queue comes before the items, the report panel after them.
    const order = await page.evaluate(() => {
      const y = (sel: string) => document.querySelector(sel)?.getBoundingClientRect().top ?? -1
      return { queue: y('[data-testid="work-queue"]'), table: y('.remediation-table') }
    })
    expect(order.queue).toBeLessThan(order.table)
    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await shot(page, 'branch-home-desktop')

    // Closed items behind a filter: ticking it applies at once and keeps it in the address.
    await page.getByTestId('filter-closed').check()
    await page.waitForURL((url) => url.searchParams.get('closed') === '1')
    await page.close()
  })

  it('the board sorts by urgency, searches as you type (kept in the address), and offers bulk decisions up front', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'convener')
    await page.goto(`${app.server.url}/remediation`)
    await page.locator('.remediation-table tbody tr').first().waitFor()
    const ranks = await rowRanks(page)
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    // Bulk decisions are visible before any filtering.
    await page.getByTestId('bulk-verify').waitFor()
    const firstTitle = (await page.locator('.remediation-table tbody tr').first().locator('a').textContent())!.trim()
    const word = [...firstTitle].slice(0, 4).join('')
    await page.getByTestId('filter-q').fill(word)
    await page.waitForURL((url) => url.searchParams.get('q') === word)
    await page.locator('.remediation-table tbody tr').first().waitFor()
    const titles = await page.locator('.remediation-table tbody tr a').allTextContents()
    expect(titles.length).toBeGreaterThan(0)
    expect(titles.some((x) => x.includes(word))).toBe(true)
    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    await shot(page, 'board-search-desktop')

    // An item's 評分項目 is the criterion's title, never its code.
    await page.locator('.remediation-table tbody tr a').first().click()
    const criterion = page.locator('dt', { hasText: '評分項目' }).locator('xpath=following-sibling::dd')
    await criterion.waitFor()
    expect(await criterion.textContent()).toMatch(/[\u4e00-\u9fff]/)
    expect(await criterion.textContent()).not.toMatch(/[a-z]+-[a-z]+/)
    await page.close()
  })
})

describe('on a phone (390×844)', () => {
  it('the inspection list, the board and the branch home do not scroll sideways; tables become cards', async () => {
    const member = await signIn(app.browser.context, app.server.url, 'member1')
    await member.setViewportSize({ width: 390, height: 844 })
    await member.getByTestId('inspection-row-TPE').first().waitFor()
    expect(await scrollsSideways(member)).toBe(false)
    await shot(member, 'inspections-phone')
    await member.goto(`${app.server.url}/remediation`)
    await member.locator('.remediation-table tbody tr').first().waitFor()
    expect(await scrollsSideways(member)).toBe(false)
    await shot(member, 'board-phone')
    await member.close()
    const branch = await signIn(app.browser.context, app.server.url, 'tpe-staff')
    await branch.setViewportSize({ width: 390, height: 844 })
    await branch.locator('.remediation-table tbody tr').first().waitFor()
    expect(await scrollsSideways(branch)).toBe(false)
    await shot(branch, 'branch-home-phone')
    const violations = await axeViolations(branch)
    expect(violations, formatViolations(violations)).toEqual([])
    await branch.close()
  })

  it('the score sheet and the consensus page do not scroll sideways', async () => {
    const page = await signIn(app.browser.context, app.server.url, 'member2')
    await page.setViewportSize({ width: 390, height: 844 })
    await openFromList(page, 'TPE', /評分表/)
    expect(await scrollsSideways(page)).toBe(false)
    await shot(page, 'sheet-phone')
    await page.close()
    const convener = await signIn(app.browser.context, app.server.url, 'convener')
    await convener.setViewportSize({ width: 390, height: 844 })
    await openFromList(convener, 'TPE', /共識評分/)
    expect(await scrollsSideways(convener)).toBe(false)
    await shot(convener, 'consensus-phone')
    const violations = await axeViolations(convener)
    expect(violations, formatViolations(violations)).toEqual([])
    await convener.close()
  })
})
