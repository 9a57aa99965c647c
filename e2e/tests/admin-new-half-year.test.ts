import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../support/axe.js'
import { useServerAndBrowser } from '../support/harness.js'
import { collectConsoleErrors, signIn } from '../support/session.js'

const app = useServerAndBrowser()

const BRANCHES = ['TPE', 'NTP', 'SLN', 'TYN', 'HSZ', 'TXG', 'CHW', 'CYI', 'TNN', 'KHH', 'PIF', 'HUN', 'ILA'] as const

/** Today in Asia/Taipei (UTC+8, no daylight saving), as YYYY-MM-DD. */
function taipeiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/** 115/01/08 for 2026-01-08: what the admin types into a ROC date field. */
function rocSlash(iso: string): string {
  const [y, m, d] = iso.split('-')
  return `${Number(y) - 1911}/${m}/${d}`
}

/** 115年1月8日, as screens print a date. */
function rocLong(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number)
  return `${y! - 1911}年${m}月${d}日`
}

/** The due dates of a branch's tracked items (all pages), as the signed-in agency user sees them. */
async function trackedDueDates(page: Page, branchCode: string): Promise<Set<string>> {
  return new Set(
    await page.evaluate(async (code) => {
      const dates: string[] = []
      for (let n = 1; ; n++) {
        const input = encodeURIComponent(JSON.stringify({ page: n, pageSize: 100 }))
        const res = (await (await fetch(`/trpc/remediation.list?input=${input}`)).json()) as { result: { data: { items: { dueDate: string; branchCode: string }[] } } }
        dates.push(...res.result.data.items.filter((i) => i.branchCode === code).map((i) => i.dueDate))
        if (res.result.data.items.length < 100) return dates
      }
    }, branchCode),
  )
}

function halfOf(iso: string): { rocYear: number; half: 1 | 2; start: string; end: string } {
  const year = Number(iso.slice(0, 4))
  const half = Number(iso.slice(5, 7)) <= 6 ? 1 : 2
  return { rocYear: year - 1911, half, start: half === 1 ? `${year}-01-01` : `${year}-07-01`, end: half === 1 ? `${year}-06-30` : `${year}-12-31` }
}

async function noSideways(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth))
}

async function expectAxeClean(page: Page): Promise<void> {
  const violations = await axeViolations(page)
  expect(violations, formatViolations(violations)).toEqual([])
}

/** Opens a new round from the rounds screen with the demo committee; lands on the round's page. */
async function openRound(page: Page, rocYear: number, half: 1 | 2): Promise<void> {
  await page.goto(`${app.server.url}/admin/rounds`)
  const form = page.getByTestId('new-round-form')
  await form.waitFor()
  await form.getByLabel(/民國年/).fill(String(rocYear))
  await form.getByLabel('半年期').selectOption({ label: half === 1 ? '上半年' : '下半年' })
  await form.getByTestId('new-round-convener').selectOption({ label: '陳召集人（convener）' })
  for (const name of ['委員一（member1）', '委員二（member2）', '委員三（member3）']) await form.getByLabel(name).check()
  await form.getByTestId('new-round-secretary').selectOption({ label: '林執行秘書（secretary）' })
  await form.getByTestId('new-round-submit').click()
  await page.getByTestId('round-notice').waitFor()
}

/** Types a day into a branch's date field and schedules (or moves) its inspection. */
async function schedule(page: Page, code: string, iso: string): Promise<void> {
  const row = page.getByTestId(`schedule-row-${code}`)
  const field = row.locator(`#schedule-date-${code}`)
  await field.fill(rocSlash(iso))
  await field.press('Enter')
  await row.getByTestId(`schedule-save-${code}`).click()
}

describe('the agency admin starts 115年上半年 from nothing, in the browser', () => {
  it('round, committee, 13 inspections, two branch accounts and a unit; a member then scores; a branch never sees a future inspection', async () => {
    const today = taipeiToday()
    const first = halfOf('2026-01-01')
    // The member scores on the inspection day: TPE's is today when today falls in 115年上半年, else its last day.
    const tpeDay = today < first.end ? (today < first.start ? first.start : today) : first.end
    expect(tpeDay <= today, 'the journey needs 115年上半年 to have begun').toBe(true)

    const admin = await signIn(app.browser.context, app.server.url, 'admin')
    const errors = collectConsoleErrors(admin)
    await admin.getByRole('link', { name: '考核輪次' }).click()
    await admin.getByRole('heading', { level: 1, name: '考核輪次' }).waitFor()
    // The demo data ends with 114年下半年: the form proposes the next half year.
    const form = admin.getByTestId('new-round-form')
    expect(await form.getByLabel(/民國年/).inputValue()).toBe('115')
    expect(await form.getByLabel('半年期').locator('option:checked').textContent()).toBe('上半年')
    await expectAxeClean(admin)

    // Bad input: no convener or members, then a half year that already has a round — refused by the field, nothing saved.
    await form.getByTestId('new-round-submit').click()
    await form.getByText('請選擇召集人').waitFor()
    await form.getByText('請至少選擇一位委員').waitFor()
    expect(await form.getByTestId('new-round-convener').getAttribute('aria-invalid')).toBe('true')
    await form.getByLabel(/民國年/).fill('114')
    await form.getByLabel('半年期').selectOption({ label: '下半年' })
    await form.getByTestId('new-round-convener').selectOption({ label: '陳召集人（convener）' })
    await form.getByLabel('委員一（member1）').check()
    await form.getByTestId('new-round-submit').click()
    await form.getByTestId('new-round-year-error').getByText('114年下半年已有考核輪次。').waitFor()
    expect(await admin.getByTestId('rounds-table').locator('tbody tr').count()).toBe(6)

    await openRound(admin, 115, 1)
    await admin.getByRole('heading', { level: 1, name: '115年上半年' }).waitFor()
    expect(await admin.getByTestId('schedule-lacking').textContent()).toContain('尚有 13 個分署未安排考核')
    await expectAxeClean(admin)

    // A day outside the half year is refused next to the field.
    await schedule(admin, 'TPE', '2026-07-01')
    await admin.getByTestId('schedule-row-TPE').getByText(/日期須在考核輪次期間/).waitFor()
    expect(await admin.getByTestId('schedule-lacking').textContent()).toContain('尚有 13 個分署')

    // Thirteen inspections: TPE on the member's day, the others a week apart from 1月5日.
    await schedule(admin, 'TPE', tpeDay)
    await admin.getByTestId('round-notice').getByText(`已安排臺北分署於 ${rocLong(tpeDay)} 考核。`).waitFor()
    for (const [i, code] of BRANCHES.slice(1).entries()) {
      await schedule(admin, code, addDays('2026-01-05', 7 * i))
      await admin.getByTestId(`schedule-row-${code}`).getByText('已排定').waitFor()
    }
    await admin.getByTestId('schedule-lacking').getByText('13 個分署皆已安排考核。').waitFor()
    // Moved, then cancelled and scheduled again, from the keyboard: the branch lacks one in between.
    const ilaDate = admin.locator('#schedule-date-ILA')
    await ilaDate.focus()
    await ilaDate.fill(rocSlash('2026-06-01'))
    await admin.keyboard.press('Tab')
    expect(await admin.evaluate(() => document.activeElement?.id)).toBe('schedule-action-ILA')
    await admin.keyboard.press('Enter')
    await admin.getByTestId('round-notice').getByText('宜蘭分署考核已改至 115年6月1日。').waitFor()
    await admin.getByRole('button', { name: '取消考核（宜蘭分署）' }).focus()
    await admin.keyboard.press('Enter')
    // The confirmation takes the focus; Enter confirms.
    await admin.waitForFunction(() => document.activeElement?.id === 'schedule-cancel-yes-ILA')
    await admin.keyboard.press('Enter')
    await admin.getByTestId('schedule-lacking').getByText('尚有 1 個分署未安排考核。').waitFor()
    await schedule(admin, 'ILA', '2026-06-02')
    await admin.getByTestId('schedule-lacking').getByText('13 個分署皆已安排考核。').waitFor()
    await expectAxeClean(admin)

    // An inspection the branch must not learn of: TPE again, after today, in the half year that holds tomorrow.
    // On a day none of TPE's tracked items is due either (the demo's due dates follow the day the data
    // was made): then the branch's pages can only show that date by leaking the inspection.
    const later = halfOf(addDays(today, 1))
    const dueDates = await trackedDueDates(admin, 'TPE')
    const free = Array.from({ length: 60 }, (_, k) => addDays(today, 1 + k)).filter((d) => d <= later.end && !dueDates.has(d))
    const hiddenDay = free.find((d) => d >= addDays(today, 3)) ?? free.at(-1)!
    if (later.rocYear !== 115 || later.half !== 1) await openRound(admin, later.rocYear, later.half)
    await schedule(admin, 'TPE', hiddenDay)
    await admin.getByTestId('round-notice').getByText(`已安排臺北分署於 ${rocLong(hiddenDay)} 考核。`).waitFor()

    // Two new branch accounts and a new unit, on the accounts and units screens.
    await admin.goto(`${app.server.url}/admin/accounts`)
    for (const account of [
      { username: 'tpe-clerk2', name: '王承辦', role: '分署承辦人', branch: '臺北分署' },
      { username: 'ila-chief2', name: '李主管', role: '分署主管', branch: '宜蘭分署' },
    ]) {
      await admin.getByTestId('account-create').click()
      const accountForm = admin.getByTestId('account-form')
      await accountForm.getByLabel(/^帳號/).fill(account.username)
      await accountForm.getByLabel(/^姓名/).fill(account.name)
      await accountForm.getByLabel('角色').selectOption({ label: account.role })
      await accountForm.getByLabel(/^分署/).selectOption({ label: account.branch })
      await accountForm.getByTestId('account-submit').click()
      await admin.getByTestId('one-time-password-value').waitFor()
      await admin.getByTestId('one-time-password').getByRole('button', { name: '我已記下' }).click()
      await admin.getByTestId(`account-row-${account.username}`).waitFor()
    }
    await admin.goto(`${app.server.url}/admin/units`)
    await admin.getByTestId('units-branch').selectOption({ label: '臺北分署' })
    await admin.getByLabel(/新增/).first().fill('研考科')
    await admin.getByTestId('unit-add').click()
    await admin.getByTestId('units-notice').waitFor()
    await admin.getByTestId('units-table').getByText('研考科').waitFor()

    // At 390 px the rounds screens fit without sideways scrolling.
    await admin.setViewportSize({ width: 390, height: 844 })
    await admin.goto(`${app.server.url}/admin/rounds`)
    await admin.getByTestId('rounds-table').waitFor()
    await noSideways(admin)
    await admin.getByRole('link', { name: '管理115年上半年' }).click()
    await admin.getByTestId('schedule-table').waitFor()
    await noSideways(admin)
    await expectAxeClean(admin)
    // The two refusals above (the existing half year: 409; the day outside it: 400) are the only failed requests.
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)', 'Failed to load resource: the server responded with a status of 400 (Bad Request)'])
    await admin.close()

    // The convener starts scoring TPE on its day; the committee's list shows it as today's when it is.
    const convener = await signIn(app.browser.context, app.server.url, 'convener')
    const tpeRow = convener.getByTestId('inspection-row-TPE').filter({ hasText: rocLong(tpeDay) })
    await tpeRow.getByRole('button', { name: '開始評分（臺北分署）' }).click()
    await tpeRow.getByText('評分中').waitFor()
    await convener.goto(`${app.server.url}/inspection-days`)
    await convener.getByTestId('upcoming-TPE').getByText(rocLong(hiddenDay)).waitFor()
    await expectAxeClean(convener)
    // The convener schedules in their round too: the round's page without the admin's committee and closing.
    await convener.getByRole('link', { name: '115年上半年' }).click()
    await convener.getByTestId('schedule-table').waitFor()
    expect(await convener.getByTestId('roster-form').count()).toBe(0)
    expect(await convener.getByRole('heading', { name: '結束輪次' }).count()).toBe(0)
    await schedule(convener, 'HSZ', '2026-03-03')
    await convener.getByTestId('round-notice').getByText('新竹分署考核已改至 115年3月3日。').waitFor()
    await expectAxeClean(convener)
    await convener.close()

    // A member scores on the new round's inspection.
    const member = await signIn(app.browser.context, app.server.url, 'member1')
    await member.getByTestId('inspection-row-TPE').filter({ hasText: rocLong(tpeDay) }).getByRole('link', { name: /評分表/ }).click()
    await member.getByTestId('sheet-total').waitFor()
    const criterion = member.locator('[data-testid^="criterion-"]').filter({ has: member.locator('input[type=radio]') }).first()
    const code = ((await criterion.getAttribute('data-testid')) ?? '').slice('criterion-'.length)
    await criterion.locator('input[type=radio]').first().check()
    await member.getByTestId(`save-state-${code}`).getByText('已儲存').waitFor()
    await member.close()

    // The branch sees 115年上半年's inspection (its day has passed) but nothing of the future one.
    const branch = await signIn(app.browser.context, app.server.url, 'tpe-manager')
    const text = await branch.locator('main').innerText()
    expect(text).not.toContain(rocLong(hiddenDay))
    const listed = await branch.evaluate(async () => (await fetch('/trpc/inspection.list')).text())
    expect(listed).toContain(tpeDay)
    expect(listed).not.toContain(hiddenDay)
    const rounds = await branch.evaluate(async () => (await fetch('/trpc/round.list')).text())
    if (later.rocYear !== 115 || later.half !== 1) expect(rounds).not.toContain(`"rocYear":${later.rocYear},"half":${later.half}`)
    await branch.goto(`${app.server.url}/admin/rounds`)
    await branch.waitForURL((url) => url.pathname === '/forbidden')
    await branch.close()
  }, 300_000)
})
