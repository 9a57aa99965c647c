// The headers a government vulnerability scan (OWASP ASVS V14.4) expects, on every kind of
// response: the SPA's HTML and assets, its history-mode fallback, /trpc, /api, a file download,
// /healthz and a 404. HSTS only when the request arrived over HTTPS.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessionCookie } from '../test/http-app.js'
import { createDeductedItems, createRemediationScenario, type RemediationScenario } from '../test/remediation-world.js'
import { useTestDatabase } from '../test/test-database.js'
import { buildApp, type BuildAppOptions } from './app.js'
import { HSTS_VALUE } from './security-headers.js'

const SECRET = 'security-headers-secret-0123456789abcdef'
const CSRF = 'csrf-token-security-headers'
const database = useTestDatabase({ reset: 'never' })
let s: RemediationScenario
let dist: string
let dataDir: string
let app: FastifyInstance
let cookie: string
let evidenceId: number

beforeAll(async () => {
  s = await createRemediationScenario(database.db)
  const created = await createDeductedItems(database, s, { start: true })
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'leap-spa-'))
  fs.mkdirSync(path.join(dist, 'assets'))
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/index-AbCdEf12.js"></script></head><body><div id="app"></div></body></html>')
  fs.writeFileSync(path.join(dist, 'assets', 'index-AbCdEf12.js'), 'console.log(1)')
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leap-headers-data-'))
  app = await makeApp()
  cookie = await sessionCookie(database, { secret: SECRET, csrf: CSRF }, s.users.manager)
  const boundary = '----headers'
  const res = await app.inject({
    method: 'POST',
    url: '/api/evidence',
    headers: { cookie, 'x-csrf-token': CSRF, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="itemId"\r\n\r\n${created[0]}\r\n--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7\n`),
      Buffer.alloc(500, 0x20),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  })
  expect(res.statusCode, res.body).toBe(201)
  evidenceId = (res.json() as { id: number }).id
}, 60_000)
afterAll(async () => {
  await app?.close()
  fs.rmSync(dist, { recursive: true, force: true })
  fs.rmSync(dataDir, { recursive: true, force: true })
})

function makeApp(options: Partial<BuildAppOptions> = {}) {
  return buildApp({ database, logLevel: 'silent', sessionSecret: SECRET, adminDist: dist, dataDir, ...options })
}

/** The directives of a CSP header, by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]))
}

function expectSecurityHeaders(res: LightMyRequestResponse, what: string): void {
  const csp = directives(String(res.headers['content-security-policy'] ?? ''))
  expect(csp.size, `${what}: CSP`).toBeGreaterThan(0)
  // No inline script, no eval, no other origin's script.
  expect(csp.get('script-src'), what).toEqual(["'self'"])
  expect(csp.get('script-src-attr'), what).toEqual(["'none'"])
  expect(csp.get('default-src'), what).toEqual(["'self'"])
  expect(csp.get('object-src'), what).toEqual(["'none'"])
  // Only the site itself may frame its pages (clickjacking), in both the old and the new header.
  expect(csp.get('frame-ancestors'), what).toEqual(["'self'"])
  expect(res.headers['x-frame-options'], what).toBe('SAMEORIGIN')
  expect(res.headers['referrer-policy'], what).toBe('same-origin')
  expect(res.headers['x-content-type-options'], what).toBe('nosniff')
  expect(res.headers['strict-transport-security'], `${what}: no HSTS over plain HTTP`).toBeUndefined()
}

describe('security headers on every response', () => {
  it.each([
    ['the SPA', '/', 200, 'text/html'],
    ['a history-mode route of the SPA', '/inspections/12', 200, 'text/html'],
    ['a hashed asset', '/assets/index-AbCdEf12.js', 200, 'javascript'],
    ['a tRPC query', '/trpc/auth.me', 200, 'application/json'],
    ['an unknown procedure', '/trpc/nothing.here', 404, 'application/json'],
    ['an /api 404', '/api/evidence/2147483647', 404, 'application/json'],
    ['/healthz', '/healthz', 200, 'application/json'],
  ] as const)('%s (GET %s)', async (what, url, status, type) => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie } })
    expect(res.statusCode, res.body.slice(0, 200)).toBe(status)
    expect(String(res.headers['content-type'])).toContain(type)
    expectSecurityHeaders(res, what)
  })

  it('a file download (evidence) and a refused POST', async () => {
    const download = await app.inject({ method: 'GET', url: `/api/evidence/${evidenceId}`, headers: { cookie } })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-disposition']).toMatch(/^attachment/)
    expectSecurityHeaders(download, 'download')
    const refused = await app.inject({ method: 'POST', url: '/trpc/auth.logout', headers: { cookie } })
    expect(refused.statusCode).toBe(403)
    expectSecurityHeaders(refused, 'CSRF refusal')
  })

  it('the admin SPA has no inline script, so the policy does not break it (its page, and the build when there is one)', () => {
    const admin = path.resolve(import.meta.dirname, '../../../admin')
    // The source page always; the built page too once built (vite only adds <script src> tags).
    const pages = [path.join(admin, 'index.html'), path.join(admin, 'dist', 'index.html')].filter((p, i) => i === 0 || fs.existsSync(p))
    for (const page of pages) {
      const html = fs.readFileSync(page, 'utf8')
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
      expect(scripts.length, page).toBeGreaterThan(0)
      for (const [, attrs, body] of scripts) {
        expect(attrs, `${page}: every script has a src`).toMatch(/\bsrc=/)
        expect(body!.trim(), `${page}: no inline script`).toBe('')
      }
      expect(html, page).not.toMatch(/\son[a-z]+=/i)
    }
  })
})

describe('Strict-Transport-Security only over HTTPS', () => {
  it('behind a trusted proxy that says https: sent; plain http: not', async () => {
    const proxied = await makeApp({ trustProxy: true })
    try {
      const https = await proxied.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'https' } })
      expect(https.headers['strict-transport-security']).toBe(HSTS_VALUE)
      const api = await proxied.inject({ method: 'GET', url: '/trpc/auth.me', headers: { 'x-forwarded-proto': 'https' } })
      expect(api.headers['strict-transport-security']).toBe(HSTS_VALUE)
      const http = await proxied.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'http' } })
      expect(http.headers['strict-transport-security']).toBeUndefined()
    } finally {
      await proxied.close()
    }
  })

  it('X-Forwarded-Proto from a client when no proxy is trusted: ignored, no HSTS', async () => {
    const res = await app.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'https' } })
    expect(res.headers['strict-transport-security']).toBeUndefined()
  })
})
