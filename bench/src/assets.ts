// What the browser downloads (issue 18): the sign-in page opened twice in one Chromium profile,
// counting every response's bytes on the wire (Chrome DevTools Protocol `encodedDataLength`: headers
// + body as sent, i.e. compressed) and whether it came from the network or the browser's cache.
// Target: a repeat visit downloads only index.html (a 304 or 200 for the document; hashed assets come
// from the cache without a request). API calls (/trpc, /api) are counted apart.
import { chromium, type CDPSession } from 'playwright-core'
import type { BenchResult } from './results.js'

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']

interface Fetched {
  url: string
  status: number
  /** Bytes on the wire (headers + body as sent). */
  wire: number
  /** Body bytes after decoding (what an uncompressed response would have sent). */
  decoded: number
  encoding: string
  fromCache: boolean
}

export interface VisitFigures {
  /** Every response the page got, from the network or the cache. */
  responses: Fetched[]
  /** Bytes of static files (everything but /trpc and /api) that crossed the network. */
  assetWire: number
  assetDecoded: number
  /** Static files fetched over the network (not from the cache). */
  assetsFetched: string[]
  apiWire: number
}

export interface TransferReport {
  first: VisitFigures
  repeat: VisitFigures
  results: BenchResult[]
}

function record(cdp: CDPSession): () => Fetched[] {
  const byId = new Map<string, Fetched>()
  cdp.on('Network.responseReceived', (e) => {
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]))
    byId.set(e.requestId, {
      url: e.response.url,
      status: e.response.status,
      wire: 0,
      decoded: 0,
      encoding: headers['content-encoding'] ?? 'identity',
      fromCache: Boolean(e.response.fromDiskCache || e.response.fromServiceWorker || e.response.fromPrefetchCache),
    })
  })
  cdp.on('Network.requestServedFromCache', (e) => {
    const f = byId.get(e.requestId)
    if (f) f.fromCache = true
  })
  cdp.on('Network.dataReceived', (e) => {
    const f = byId.get(e.requestId)
    if (f) f.decoded += e.dataLength
  })
  cdp.on('Network.loadingFinished', (e) => {
    const f = byId.get(e.requestId)
    if (f) f.wire = e.encodedDataLength
  })
  return () => [...byId.values()]
}

function figures(responses: Fetched[]): VisitFigures {
  const isApi = (url: string) => /^\/(trpc|api)\//.test(new URL(url).pathname)
  const network = responses.filter((r) => !r.fromCache && r.wire > 0)
  const assets = network.filter((r) => !isApi(r.url))
  return {
    responses,
    assetWire: assets.reduce((n, r) => n + r.wire, 0),
    assetDecoded: responses.filter((r) => !isApi(r.url)).reduce((n, r) => n + r.decoded, 0),
    assetsFetched: assets.map((r) => `${new URL(r.url).pathname} ${r.status}`),
    apiWire: network.filter((r) => isApi(r.url)).reduce((n, r) => n + r.wire, 0),
  }
}

/** Opens `${base}/login` twice in one browser profile and reports both visits' downloads. */
export async function measureTransfer(base: string): Promise<TransferReport> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-TW' })
    const visit = async (): Promise<VisitFigures> => {
      const page = await context.newPage()
      const cdp = await context.newCDPSession(page)
      await cdp.send('Network.enable')
      const responses = record(cdp)
      // Generous: on a busy shared machine the first visit's 15 files can take a while.
      await page.goto(`${base}/login`, { waitUntil: 'networkidle', timeout: 120_000 })
      // The page must have come up (its 登入 button), or the count would miss its lazy chunks.
      const shown = await page
        .getByRole('button', { name: '登入' })
        .waitFor({ timeout: 60_000 })
        .then(() => true)
        .catch(() => false)
      if (!shown) throw new Error(`the sign-in page did not come up (no 登入 button): ${(await page.locator('body').innerText()).slice(0, 200)}`)
      const result = figures(responses())
      await page.close()
      return result
    }
    const first = await visit()
    const repeat = await visit()
    const kb = (n: number) => Math.round(n / 102.4) / 10
    const onlyIndex = repeat.assetsFetched.length === 1 && /^\/login (200|304)$/.test(repeat.assetsFetched[0]!)
    const results: BenchResult[] = [
      {
        name: 'admin first visit (sign-in page): static files over the wire',
        value: kb(first.assetWire),
        unit: 'KB',
        target: '(reported)',
        pass: true,
        note: `${first.assetsFetched.length} files, ${kb(first.assetDecoded)} KB uncompressed; encodings ${[...new Set(first.responses.map((r) => r.encoding))].join(', ')}`,
      },
      {
        name: 'admin repeat visit: files downloaded',
        value: repeat.assetsFetched.length,
        unit: 'files',
        target: 'only index.html',
        pass: onlyIndex,
        note: `${repeat.assetsFetched.join('; ')} — ${kb(repeat.assetWire)} KB over the wire; ${repeat.responses.filter((r) => r.fromCache).length} files from the browser cache`,
      },
    ]
    return { first, repeat, results }
  } finally {
    await browser.close()
  }
}
