// Every page of every role (issue 16's targets, kept in the browser suite): each demo role visits
// every page its navigation offers plus the detail pages behind the first row's link (an
// inspection's score sheet and consensus, a remediation item, a meeting, a round…), at 1366×768
// and 390×844, in zh-TW and in English. On each: no sideways scroll, axe WCAG 2.1 AA clean, no
// criterion code, enum value or message key in the Chinese page, and no Chinese UI label in the
// English page (data — names people typed, Chinese-only catalogue guidance marked lang — may stay).
// All findings are gathered and reported together, one line per page, role, size and language.
// Also: a due date before today needs a second press (the warning names the items).
import { QUALITY_V1, SERVICE_LEAP_V2, type Catalogue } from '@leap/domain'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { axeViolations, formatViolations } from '../support/axe.js'
import { useServerAndBrowser } from '../support/harness.js'
import { signIn } from '../support/session.js'

const app = useServerAndBrowser()

const ROLES = ['admin', 'viewer', 'convener', 'member1', 'secretary', 'tpe-manager', 'tpe-staff'] as const
const SIZES = [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
] as const
const LOCALES = ['zh-TW', 'en'] as const

const criterionCodes = (c: Catalogue): string[] => c.dimensions.flatMap((d) => d.criteria.map((x) => x.code))
const CODES = [...new Set([...criterionCodes(SERVICE_LEAP_V2), ...criterionCodes(QUALITY_V1)])]

/**
 * Detail pages reached through the first row's link on the pages the nav offers: one of each kind
 * (path pattern → key).
 */
const DETAIL_KINDS: [RegExp, string][] = [
  [/^\/inspections\/\d+$/, 'score sheet'],
  [/^\/inspections\/\d+\/consensus$/, 'consensus'],
  [/^\/remediation\/\d+$/, 'remediation item'],
  [/^\/branch\/items\/\d+$/, 'branch item'],
  [/^\/meetings\/\d+$/, 'meeting'],
  [/^\/admin\/rounds\/\d+$/, 'round'],
]

/**
 * Latin words allowed in a zh-TW page: names of formats and standards, the language switch, and
 * data people typed — the demo accounts' login names and e-mail domain (an account page shows them).
 */
const LATIN_ALLOWED = new Set([
  'English', 'PDF', 'Excel', 'Word', 'docx', 'xlsx', 'csv', 'ROC', 'WCAG', 'SOP', 'SOPs',
  'admin', 'viewer', 'convener', 'member', 'secretary', 'tpe-manager', 'tpe-staff', 'ila-manager', 'ila-staff', 'leap.example',
])

/**
 * Chinese text that is data in English mode, not a UI label: people's and units' names, item and
 * meeting titles people wrote (no English version is stored for them).
 */
const CHINESE_DATA = [/^\[aria-label\]/, /#\d+/, /會議$/, /(科|室)$/, /委員|召集人|執行秘書|主管|承辦人|管理者|檢視者/]

/** Waits until the page has its heading and its data; false when no heading came up. */
async function settle(page: Page): Promise<boolean> {
  const shown = await page
    .locator('main h1')
    .first()
    .waitFor({ timeout: 15_000 })
    .then(() => true)
    .catch(() => false)
  if (!shown) return false
  await page.waitForLoadState('networkidle').catch(() => undefined)
  // Loading placeholders gone (PrimeVue skeletons, aria-busy regions).
  await page
    .waitForFunction(() => !document.querySelector('[aria-busy="true"], .p-skeleton'), undefined, { timeout: 5_000 })
    .catch(() => undefined)
  return true
}

/** Links on the page (same origin), as paths. */
async function linkPaths(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (as) =>
    as.map((a) => new URL((a as HTMLAnchorElement).href, location.href)).filter((u) => u.origin === location.origin).map((u) => u.pathname),
  )
}

interface TextFindings {
  latin: string[]
  codes: string[]
  chinese: string[]
}

/** What the page says that it should not, in the given language (text outside lang-marked parts). */
async function textFindings(page: Page, locale: string): Promise<TextFindings> {
  const { zhText, chineseLabels } = await page.evaluate(() => {
    const parts: string[] = []
    const labels: string[] = []
    const root = document.querySelector('.app-frame') ?? document.body
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement
      if (!el || !n.textContent?.trim()) continue
      if (el.closest('script, style, [hidden], [aria-hidden="true"]')) continue
      const style = getComputedStyle(el)
      if (style.display === 'none' || style.visibility === 'hidden') continue
      const lang = el.closest('[lang]')?.getAttribute('lang') ?? ''
      const text = n.textContent.trim()
      if (!lang.startsWith('en')) parts.push(text)
      // A UI label: headings, labels, buttons, table headers, legends, nav, tabs, options, captions.
      const uiLabel = el.closest('h1, h2, h3, h4, label, button, th, legend, nav, [role="tab"], caption, summary, dt, option')
      if (uiLabel && !lang.startsWith('zh') && /\p{Script=Han}/u.test(text)) labels.push(text)
    }
    for (const el of Array.from(root.querySelectorAll('[placeholder], [aria-label], [title]'))) {
      const lang = el.closest('[lang]')?.getAttribute('lang') ?? ''
      for (const attr of ['placeholder', 'aria-label', 'title']) {
        const v = el.getAttribute(attr)
        if (!v) continue
        if (!lang.startsWith('en')) parts.push(v)
        if (!lang.startsWith('zh') && /\p{Script=Han}/u.test(v)) labels.push(`[${attr}] ${v}`)
      }
    }
    return { zhText: parts.join('\n'), chineseLabels: labels }
  })
  const findings: TextFindings = { latin: [], codes: [], chinese: [] }
  if (locale === 'zh-TW') {
    for (const code of CODES) if (new RegExp(`(^|[^\\w-])${code}([^\\w-]|$)`).test(zhText)) findings.codes.push(code)
    // Enum values (snake_case), message keys (a.b.c) and any other English word of the UI.
    const words = zhText.match(/[A-Za-z][A-Za-z_.-]*[A-Za-z]/g) ?? []
    findings.latin = [...new Set(words.filter((w) => !LATIN_ALLOWED.has(w) && !/^[A-Z]{2,4}$/.test(w)))]
  } else {
    // Branch names have English names: a Chinese one in English mode is a label left untranslated.
    findings.chinese = [...new Set(chineseLabels)].filter((text) => !CHINESE_DATA.some((re) => re.test(text)))
  }
  return findings
}

async function scrollsSideways(page: Page): Promise<number | null> {
  const [scroll, inner] = await page.evaluate(() => [document.scrollingElement!.scrollWidth, window.innerWidth])
  return scroll > inner ? scroll : null
}

/** Back to the default language (the sweep switches it in the profile's storage). */
async function zhTw(): Promise<void> {
  const page = await app.browser.context.newPage()
  await page.goto(`${app.server.url}/login`)
  await page.evaluate(() => localStorage.setItem('leap.locale', 'zh-TW'))
  await page.close()
}

describe('every page of every role', () => {
  it('has no sideways scroll, no axe violation and no untranslated words, at 1366×768 and 390×844, in zh-TW and English', async () => {
    const findings: string[] = []
    const visited: string[] = []
    for (const role of ROLES) {
      await zhTw()
      let page: Page
      try {
        page = await signIn(app.browser.context, app.server.url, role)
      } catch (error) {
        const health = await fetch(`${app.server.url}/healthz`).then((r) => r.status, (e: Error) => e.message)
        findings.push(`${role}: could not sign in (healthz ${health}): ${(error as Error).message.split('\n')[0]}`)
        continue
      }
      console.log(`sweep: ${role} signed in`)
      await page.setViewportSize(SIZES[0])
      await settle(page)
      // The nav's pages (the landing page included), then one detail page of each kind linked from them.
      const navPaths = await linkPaths(page, 'nav.app-nav a')
      const paths = [...new Set([new URL(page.url()).pathname, ...navPaths])].filter((p) => p !== '/account/password' || role === 'admin')
      const details = new Map<string, string>()
      for (const p of paths) {
        await page.goto(`${app.server.url}${p}`)
        if (!(await settle(page))) findings.push(`${p} as ${role}: no page heading came up`)
        for (const link of await linkPaths(page, 'main a[href]')) {
          const kind = DETAIL_KINDS.find(([re]) => re.test(link))?.[1]
          if (kind && !details.has(kind)) details.set(kind, link)
        }
      }
      // A score sheet's consensus page, for those who may see it, when no list linked it.
      const sheet = details.get('score sheet')
      if (sheet && !details.has('consensus') && ['admin', 'convener', 'secretary', 'viewer'].includes(role)) details.set('consensus', `${sheet}/consensus`)
      const all = [...paths, ...details.values()]
      visited.push(`${role}: ${all.join(' ')}`)

      for (const locale of LOCALES) {
        await page.evaluate((l) => localStorage.setItem('leap.locale', l), locale)
        for (const p of all) {
          await page.setViewportSize(SIZES[0])
          await page.goto(`${app.server.url}${p}`)
          // One reload when no heading came up: a rebuild of the shared admin bundle mid-run replaces its chunks.
          if (!(await settle(page))) await page.reload()
          if (!(await settle(page))) {
            findings.push(`${p} as ${role} in ${locale}: no page heading came up`)
            continue
          }
          for (const size of SIZES) {
            await page.setViewportSize(size)
            await page.waitForTimeout(50)
            const where = `${p} as ${role} at ${size.width}px in ${locale}`
            const wide = await scrollsSideways(page)
            if (wide) findings.push(`${where}: sideways scroll (${wide}px wide)`)
            // axe at both sizes in Chinese; in English at the phone size (same page, other words).
            const violations = locale === 'en' && size === SIZES[0] ? [] : await axeViolations(page)
            if (violations.length > 0) findings.push(`${where}: axe\n  ${formatViolations(violations).replace(/\n/g, '\n  ')}`)
            if (size === SIZES[0]) {
              const text = await textFindings(page, locale)
              if (text.codes.length) findings.push(`${where}: criterion codes ${text.codes.join(', ')}`)
              if (text.latin.length) findings.push(`${where}: English/identifiers in the Chinese page: ${text.latin.slice(0, 15).join(' | ')}`)
              if (text.chinese.length) findings.push(`${where}: Chinese labels in English mode: ${text.chinese.slice(0, 15).join(' | ')}`)
            }
          }
        }
      }
      await page.close()
    }
    // Every role reached more than its landing page, and the details of each kind were found by someone.
    const seen = visited.join('\n')
    for (const [, kind] of DETAIL_KINDS) expect(DETAIL_KINDS.some(([re]) => seen.split(/\s/).some((p) => re.test(p))), kind).toBe(true)
    expect(findings, `${findings.length} findings on the pages visited:\n${visited.join('\n')}\n\n${findings.join('\n')}`).toEqual([])
  }, 900_000)
})

describe('a due date before today', () => {
  it('is created only after a warning that names the items and a second press', async () => {
    await zhTw()
    const page = await signIn(app.browser.context, app.server.url, 'convener')
    // TPE's consensus (985 in the demo data) is signed: its deductions are offered for tracking.
    await page.goto(`${app.server.url}/inspections`)
    await page.getByTestId('inspection-row-TPE').first().getByRole('link', { name: /共識評分/ }).click()
    await page.getByTestId('sheet-total').waitFor()
    await page.getByTestId('consensus-save').click()
    await page.getByTestId('consensus-notice').getByText('共識已儲存').waitFor()
    await page.getByTestId('consensus-sign').click()
    await page.getByTestId('consensus-sign-confirm').click()
    await page.getByTestId('sheet-locked').waitFor()
    const form = page.getByTestId('remediation-create')
    await form.waitFor()
    const create = form
    // Units where the row has none, so only the due date stands between the user and saving.
    for (const select of await create.locator('select').all()) {
      if ((await select.inputValue()) === '' || (await select.inputValue()) === 'null') {
        await select.selectOption({ index: 1 })
      }
    }
    const rows = create.locator('.remediation-row')
    const title = (await rows.first().locator('.remediation-title').textContent())!.trim()
    const due = rows.first().getByLabel('完成期限')
    await due.fill('114/01/06')
    await due.press('Tab')
    await create.getByRole('button', { name: /建立 \d+ 項列管事項/ }).click()
    const warning = page.getByTestId('remediation-past-due')
    await warning.waitFor()
    expect(await warning.getAttribute('role')).toBe('alert')
    expect(await warning.textContent()).toContain(title)
    // Nothing was created by the first press.
    expect(await create.getByText(/已建立 \d+ 項列管事項/).count()).toBe(0)
    // The button turns to the warning colour with a transition: check it once it has finished.
    await page.waitForTimeout(600)
    const violations = await axeViolations(page)
    expect(violations, formatViolations(violations)).toEqual([])
    // The second press creates the items, the past due date included.
    await create.getByRole('button', { name: /仍要建立|建立/ }).click()
    await create.getByText(/已建立 [1-9]\d* 項列管事項/).waitFor()
    expect(await warning.count()).toBe(0)
    const created = await page.evaluate(async (t) => {
      const input = encodeURIComponent(JSON.stringify({ q: t, pageSize: 100 }))
      const res = await (await fetch(`/trpc/remediation.list?input=${input}`)).json()
      return (res.result.data.items as { title: string; dueDate: string }[]).map((i) => i.dueDate)
    }, title)
    expect(created).toContain('2025-01-06')
    await page.close()
  }, 120_000)
})
