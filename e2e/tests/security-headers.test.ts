// The admin SPA under its Content-Security-Policy in real Chromium: no script or style the policy
// refuses (PrimeVue's run-time styles included) on the screens people use, no console errors, and
// another site cannot frame the app.
import { describe, expect, it } from 'vitest'
import { useServerAndBrowser } from '../support/harness.js'
import { collectConsoleErrors, signIn } from '../support/session.js'

const app = useServerAndBrowser()

describe('the app under its security headers', () => {
  it('works with the CSP at 1366×768 and 390×844: no violation, no console error', async () => {
    const res = await fetch(`${app.server.url}/`)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'self'")
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('same-origin')

    for (const [width, height] of [[1366, 768], [390, 844]] as const) {
      // Report every CSP violation the page sees (init scripts run outside the page's policy).
      await app.browser.context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`))
      })
      const page = await signIn(app.browser.context, app.server.url, 'admin')
      const errors = collectConsoleErrors(page)
      await page.setViewportSize({ width, height })
      for (const path of ['/dashboard', '/remediation', '/admin/accounts', '/dashboard']) {
        await page.goto(`${app.server.url}${path}`)
        await page.locator('main h1').first().waitFor()
      }
      expect(errors.filter((e) => /CSP|Content Security Policy|Refused/.test(e)), `${width}px`).toEqual([])
      expect(errors, `${width}px`).toEqual([])
      await page.close()
    }
  })

  it('a page of another origin cannot frame the app', async () => {
    const page = await app.browser.context.newPage()
    await page.setContent(`<iframe id="f" src="${app.server.url}/login" width="800" height="600"></iframe>`)
    await page.waitForTimeout(1_500)
    const frame = page.frames().find((f) => f !== page.mainFrame())
    const framedText = frame ? await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '') : ''
    expect(framedText).not.toContain('登入')
    await page.close()
  })
})
