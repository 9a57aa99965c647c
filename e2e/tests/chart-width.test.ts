import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { useServerAndBrowser } from '../support/harness.js'
import { signIn } from '../support/session.js'

// Issue 16: the charts must fit a 390 px phone, whether the page is opened at that width or the
// window is narrowed from a desktop width after the chart was drawn.
const app = useServerAndBrowser()

const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1366, height: 768 }

async function widths(page: Page): Promise<{ scroll: number; inner: number; canvases: number[] }> {
  // Chart.js redraws on its resize observer in the next animation frame: give it a few frames.
  await page.waitForTimeout(300)
  return page.evaluate(() => ({
    scroll: document.scrollingElement!.scrollWidth,
    inner: window.innerWidth,
    canvases: Array.from(document.querySelectorAll('canvas')).map((c) => Math.round(c.getBoundingClientRect().width)),
  }))
}

function expectFits(w: { scroll: number; inner: number; canvases: number[] }, where: string): void {
  expect(w.canvases.length, `${where}: a chart is drawn`).toBeGreaterThan(0)
  expect(w.scroll, `${where}: page ${w.scroll}px wide in a ${w.inner}px window (charts ${w.canvases.join(', ')}px)`).toBeLessThanOrEqual(w.inner)
  for (const c of w.canvases) expect(c, `${where}: chart ${c}px wide`).toBeLessThanOrEqual(w.inner)
}

describe.each([
  { role: 'admin', path: '/dashboard' },
  { role: 'tpe-manager', path: '/branch' },
])('charts of $path as $role', ({ role, path }) => {
  it('fit a 390×844 phone when opened there and after narrowing from 1366×768', async () => {
    const page = await signIn(app.browser.context, app.server.url, role)
    // Opened at phone width.
    await page.setViewportSize(PHONE)
    await page.goto(`${app.server.url}${path}`)
    await page.locator('main canvas').first().waitFor()
    expectFits(await widths(page), `${path} opened at 390px`)

    // Drawn at desktop width first, then the window narrows.
    await page.setViewportSize(DESKTOP)
    await page.goto(`${app.server.url}${path}`)
    await page.locator('main canvas').first().waitFor()
    const wide = await widths(page)
    expect(Math.max(...wide.canvases), `${path}: the chart uses the desktop width`).toBeGreaterThan(PHONE.width)
    await page.setViewportSize(PHONE)
    expectFits(await widths(page), `${path} narrowed from 1366px to 390px`)

    // And back: the chart grows again rather than staying phone-sized.
    await page.setViewportSize(DESKTOP)
    expect(Math.max(...(await widths(page)).canvases), `${path}: the chart widens again`).toBeGreaterThan(PHONE.width)
    await page.close()
  })
})
