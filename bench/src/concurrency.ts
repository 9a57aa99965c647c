// 20 members × 2 tabs scoring one inspection for 60 s on PostgreSQL: the server's hardening test
// (apps/server/src/hardening/concurrency.test.ts, 5 s on PGlite in CI) run long.
//   pnpm --filter @leap/bench concurrency          (BENCH_CONCURRENCY_SECONDS overrides 60)
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ADMIN_URL } from './postgres.js'
import { appendResult, LONG_RUNS_DIR, REPO_ROOT, startResults } from './results.js'

const seconds = Number(process.env.BENCH_CONCURRENCY_SECONDS ?? 60)
const report = path.join(os.tmpdir(), `leap-concurrency-${process.pid}.json`)
// The test makes its own database beside DATABASE_URL (leap_test_*) and drops it afterwards.
const run = spawnSync('pnpm', ['--filter', '@leap/server', 'exec', 'vitest', 'run', 'src/hardening/concurrency.test.ts'], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: ADMIN_URL, LEAP_CONCURRENCY_SECONDS: String(seconds), LEAP_CONCURRENCY_REPORT: report },
})
const passed = run.status === 0
const figures = fs.existsSync(report)
  ? (JSON.parse(fs.readFileSync(report, 'utf8')) as { elapsedMs: number; members: number; tabs: number; acknowledged: number; conflicts: number; unexpected: number; signedTotal: number; database: string })
  : null
fs.rmSync(report, { force: true })
const file = startResults('concurrency', LONG_RUNS_DIR)
const setup = figures ? `${figures.members} members × ${figures.tabs} tabs, ${Math.round(figures.elapsedMs / 1000)} s on ${figures.database}` : 'no report'
appendResult(file, { name: 'acknowledged writes, all found in the database (versions, values, audit)', value: figures?.acknowledged ?? 0, unit: 'writes', target: 'none missing', pass: passed, note: setup })
appendResult(file, { name: 'conflicts, each reported to its writer with the current row', value: figures?.conflicts ?? 0, unit: 'conflicts', target: '> 0, all reported', pass: passed && (figures?.conflicts ?? 0) > 0, note: figures ? `${Math.round((figures.acknowledged / figures.elapsedMs) * 1000)} acknowledged writes/s` : '' })
appendResult(file, { name: 'unexpected answers (5xx, 4xx other than CONFLICT)', value: figures?.unexpected ?? NaN, unit: '', target: '0', pass: passed && figures?.unexpected === 0 })
appendResult(file, { name: 'signed total = recomputation from stored rows', value: figures?.signedTotal ?? NaN, unit: 'points', target: 'equal', pass: passed, note: 'scoreSheet over consensus rows; member sheets re-scored from rows' })
console.log(passed ? `concurrency: ok (${setup})` : 'concurrency: FAILED (see the test output above)')
process.exitCode = passed ? 0 : 1
