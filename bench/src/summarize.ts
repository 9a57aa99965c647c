// The last step of `pnpm bench`: one table of every package's figures, bench/results.md rewritten
// with them (command, data size, machine), exit code 1 when a target is missed or a package's
// figures are missing from this run.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LoadReport } from './load.js'
import { describeMachine, machineLine } from './machine.js'
import { BENCH_ROOT, LONG_RUNS_DIR, REPO_ROOT, RESULTS_DIR, type BenchResult } from './results.js'
import { LABELS } from './scenarios.js'

interface Row extends BenchResult {
  pkg: string
  source: string
  at: string
}

/** Figures older than this were not measured by the current `pnpm bench`. */
const FRESH_MS = Number(process.env.BENCH_FRESH_MINUTES ?? 60) * 60_000

/** Packages whose bench `pnpm bench` runs, with a reader for their printed output when they leave no JSON. */
const PACKAGES: { pkg: string; dir: string; file: string; parse: (log: string) => BenchResult[] }[] = [
  { pkg: '@leap/domain', dir: 'packages/domain', file: 'domain.json', parse: parseDomain },
  { pkg: '@leap/reports', dir: 'packages/reports', file: 'reports.json', parse: parseReports },
  { pkg: '@leap/admin', dir: 'apps/admin', file: 'admin.json', parse: parseAdmin },
  { pkg: '@leap/bench', dir: 'bench', file: 'bench-load.json', parse: () => [] },
]

const num = (s: string) => Number(s.replace(/,/g, ''))

function parseDomain(log: string): BenchResult[] {
  const out: BenchResult[] = []
  const t = /consensus\+score:\s+([\d,]+) sheets\/s \(target ≥ ([\d,]+)\)/.exec(log)
  if (t) out.push({ name: 'scoring: full v2 consensus, 7 members', value: num(t[1]!), unit: 'sheets/s', target: `≥ ${t[2]}`, pass: num(t[1]!) >= num(t[2]!) })
  const r = /ratio:\s+([\d.]+)×.*\(target ≤ ([\d.]+)×\)/.exec(log)
  if (r) out.push({ name: 'scoring: slowdown against a bare summing loop', value: num(r[1]!), unit: '×', target: `≤ ${r[2]}×`, pass: num(r[1]!) <= num(r[2]!) })
  return out
}

function parseReports(log: string): BenchResult[] {
  return [...log.matchAll(/^(ok {2}|MISS) (.+?): median (\d+) ms.*target ≤ (\d+) ms/gm)].map((m) => ({
    name: m[2]!,
    value: num(m[3]!),
    unit: 'ms (median)',
    target: `≤ ${m[4]} ms`,
    pass: m[1] === 'ok  ',
  }))
}

function parseAdmin(log: string): BenchResult[] {
  const out: BenchResult[] = []
  const js = /total ([\d.]+) KB gz in \d+ files — budget ([\d.]+) KB: (OK|MISSED)/.exec(log)
  if (js) out.push({ name: 'sign-in page JavaScript (gzip)', value: num(js[1]!), unit: 'KB', target: `≤ ${js[2]} KB`, pass: js[3] === 'OK' })
  // The verdict line ("best round: median … · p95 … — budget … (median and p95): OK").
  const frame = [...log.matchAll(/median ([\d.]+) ms · p95 ([\d.]+) ms(?: · max [\d.]+ ms)? — budget (\d+) ms \(median and p95\): (OK|MISSED)/g)].at(-1)
  if (frame) out.push({ name: 'score sheet: tier pick → total in the DOM (p95)', value: num(frame[2]!), unit: 'ms', target: `≤ ${frame[3]} ms`, pass: frame[4] === 'OK', note: `median ${frame[1]} ms` })
  return out
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes in turbo's logs start with ESC.
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '')

function readJsonLines(file: string): (BenchResult & { at: string })[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as BenchResult & { at: string })
}

/** Every package's figures from this run: its JSON lines, else its printed output (turbo's log). */
export function collect(now = Date.now()): Row[] {
  const rows: Row[] = []
  for (const p of PACKAGES) {
    const json = path.join(RESULTS_DIR, p.file)
    const log = path.join(REPO_ROOT, p.dir, '.turbo', 'turbo-bench.log')
    const fresh = (f: string) => fs.existsSync(f) && now - fs.statSync(f).mtimeMs < FRESH_MS
    let found: Row[] = []
    if (fresh(json)) {
      found = readJsonLines(json).map((r) => ({ ...r, pkg: p.pkg, source: `bench/.results/${p.file}` }))
    } else if (fresh(log)) {
      const at = fs.statSync(log).mtime.toISOString()
      found = p.parse(stripAnsi(fs.readFileSync(log, 'utf8'))).map((r) => ({ ...r, pkg: p.pkg, source: `${p.dir}/.turbo/turbo-bench.log`, at }))
    }
    if (found.length === 0) {
      found = [{ pkg: p.pkg, name: 'no figures from this run (bench failed or did not run)', value: NaN, unit: '', target: 'figures', pass: false, source: '-', at: new Date(now).toISOString() }]
    }
    rows.push(...found)
  }
  return rows
}

function table(rows: readonly Row[]): string {
  const header = ['package', 'figure', 'value', 'target', 'verdict']
  const body = rows.map((r) => [r.pkg, r.name, Number.isNaN(r.value) ? '—' : `${r.value} ${r.unit}`.trim(), r.target, r.pass ? 'ok' : 'MISSED'])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => [...b[i]!].length)))
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n')
}

function markdownTable(rows: readonly Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|')
  return [
    '| package | figure | value | target | verdict | note |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.pkg} | ${esc(r.name)} | ${Number.isNaN(r.value) ? '—' : esc(`${r.value} ${r.unit}`.trim())} | ${esc(r.target)} | ${r.pass ? 'ok' : '**missed**'} | ${esc(r.note ?? '')} |`),
  ].join('\n')
}

const LOAD_DETAILS = path.join(RESULTS_DIR, 'load-details.json')
const LOAD_DETAILS_FULL = path.join(LONG_RUNS_DIR, 'load-details.json')

/** Keeps every run of a load measurement (both targets, both scenarios) for results.md. */
export function writeLoadDetails(report: LoadReport): void {
  const file = report.seconds >= 10 ? LOAD_DETAILS_FULL : LOAD_DETAILS
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), ...report }, null, 2))
}

function loadSection(file: string, title: string, command: string): string {
  if (!fs.existsSync(file)) return `### ${title}\n\nNot run yet: \`${command}\`.\n`
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as LoadReport & { at: string }
  const d = r.dataset
  return [
    `### ${title}`,
    '',
    `\`${command}\` — ${r.at}, ${r.seconds} s per run. Data: ${d.years} years, ${d.rounds} rounds, ${d.inspections} inspections, ${d.memberScores} member scores, ${d.consensusScores} consensus scores, ${d.auditEntries} audit entries (PostgreSQL 15).`,
    '',
    '| scenario | target | connections | req/s | p50 ms | p99 ms | CPU ms/request | errors |',
    '|---|---|---|---|---|---|---|---|',
    ...r.runs.map(
      (x) =>
        `| ${LABELS[x.scenario] ?? x.scenario} | ${x.target} | ${x.scenario === 'open' ? 'open loop' : x.connections} | ${x.rps} | ${x.p50} | ${x.p99} | ${x.cpuMsPerRequest === undefined ? '' : x.cpuMsPerRequest.toFixed(2)} | ${x.errors} |`,
    ),
    '',
    `Server RSS: ${r.rss.idleMiB} MiB idle, ${r.rss.peakMiB} MiB peak under load, ${r.rss.afterMiB} MiB after.`,
    '',
    ...(r.transfer
      ? [
          `Admin in Chromium (sign-in page): first visit ${r.transfer.first.assetsFetched.length} files, ${(r.transfer.first.assetWire / 1024).toFixed(1)} KB over the wire ` +
            `(${(r.transfer.first.assetDecoded / 1024).toFixed(1)} KB uncompressed); repeat visit ${r.transfer.repeat.assetsFetched.join(', ')}, ${(r.transfer.repeat.assetWire / 1024).toFixed(1)} KB.`,
          '',
        ]
      : []),
  ].join('\n')
}

/** The latest figures of the long commands (concurrency, faults, full load), as their JSON lines left them. */
function longRunSection(file: string, title: string, command: string): string {
  const full = path.join(LONG_RUNS_DIR, file)
  if (!fs.existsSync(full)) return `### ${title}\n\nNot run yet: \`${command}\`.\n`
  const rows = readJsonLines(full)
  return [
    `### ${title}`,
    '',
    `\`${command}\` — ${rows[0]?.at ?? ''}`,
    '',
    '| figure | value | target | verdict | note |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.value} ${r.unit} | ${r.target} | ${r.pass ? 'ok' : '**missed**'} | ${(r.note ?? '').replace(/\|/g, '\\|')} |`),
    '',
  ].join('\n')
}

/** The fault runs on record: the full run, and single parts run on their own (newest first). */
function faultFiles(): string[] {
  const files = fs.existsSync(LONG_RUNS_DIR) ? fs.readdirSync(LONG_RUNS_DIR).filter((f) => /^faults(-[a-z-]+)?\.json$/.test(f)) : []
  if (files.length === 0) return ['faults.json']
  return files.sort((a, b) => fs.statSync(path.join(LONG_RUNS_DIR, b)).mtimeMs - fs.statSync(path.join(LONG_RUNS_DIR, a)).mtimeMs)
}

/** Prints the table, rewrites bench/results.md, and returns whether every target was met. */
export function summarize(): boolean {
  const rows = collect()
  const machine = describeMachine()
  console.log(`\n${table(rows)}\n\nmachine: ${machineLine(machine)}`)
  const ok = rows.every((r) => r.pass)
  const md = [
    '# Benchmark results',
    '',
    'Rewritten by `pnpm bench` (its last step, `bench/src/summarize.ts`); the long commands add their own sections. Why targets are missed: `bench/README.md`, "What the figures say".',
    '',
    'The server and the baseline (`bench/src/baseline-server.ts`: the best raw node:http + pg implementation of the same work, checked before the run to answer and write the same) take turns in short slices within one run, so a burst of other work on a shared machine falls on both: read the shares and the CPU per request; absolute requests per second and latencies depend on how quiet the machine was (its load average is below).',
    '',
    `- Command: \`pnpm bench\` (\`turbo run bench --concurrency=1 --continue=always\`; the API load in its short mode)`,
    `- Run: ${new Date().toISOString()}`,
    `- Machine (when the summary ran): ${machineLine(machine)}`,
    `- Verdict: ${ok ? 'every target met' : `**${rows.filter((r) => !r.pass).length} target(s) missed**`}`,
    '',
    markdownTable(rows),
    '',
    '## API load detail',
    '',
    loadSection(LOAD_DETAILS, 'Short mode (part of `pnpm bench`)', 'pnpm bench'),
    loadSection(LOAD_DETAILS_FULL, 'Full run', 'pnpm --filter @leap/bench load'),
    '## Long commands',
    '',
    longRunSection('load.json', 'API load, full run: verdicts', 'pnpm --filter @leap/bench load'),
    longRunSection('concurrency.json', 'Concurrency: 20 members on one inspection', 'pnpm --filter @leap/bench concurrency'),
    ...faultFiles().map((f) => longRunSection(f, `Faults${f === 'faults.json' ? '' : ` (${f.slice(7, -5)} only)`}`, `pnpm --filter @leap/bench faults${f === 'faults.json' ? '' : ` ${f.slice(7, -5).replace(/-/g, ' ')}`}`)),
    // Hand-written before/after comparisons of server changes (kept across runs).
    ...(fs.existsSync(path.join(LONG_RUNS_DIR, 'notes.md')) ? ['## Before and after changes', '', fs.readFileSync(path.join(LONG_RUNS_DIR, 'notes.md'), 'utf8')] : []),
  ].join('\n')
  fs.writeFileSync(path.join(BENCH_ROOT, 'results.md'), md)
  return ok
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain && !summarize()) process.exitCode = 1
