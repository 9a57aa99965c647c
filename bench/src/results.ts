import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** bench/ (the package root). */
export const BENCH_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** Where every package's bench leaves its JSON lines for the summary. */
export const RESULTS_DIR = path.join(BENCH_ROOT, '.results')
/** Figures of the long commands (full load, concurrency, faults): committed, so results.md keeps them. */
export const LONG_RUNS_DIR = path.join(BENCH_ROOT, 'long-runs')
/** The repository root. */
export const REPO_ROOT = path.resolve(BENCH_ROOT, '..')

/**
 * One measured figure. `target` is human text such as "≥ 50% of baseline"; `pass` is the verdict.
 * The summary table prints one row per result.
 */
export interface BenchResult {
  name: string
  value: number
  unit: string
  target: string
  pass: boolean
  /** Free text: data size, connections, what the figure was compared with. */
  note?: string
}

/** Starts (truncates) a package's results file: a run never mixes with an older one. */
export function startResults(pkg: string, dir = RESULTS_DIR): string {
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${pkg.replace(/^@leap\//, '')}.json`)
  fs.writeFileSync(file, '')
  return file
}

/** Appends one result as a JSON line. */
export function appendResult(file: string, result: BenchResult): void {
  fs.appendFileSync(file, `${JSON.stringify({ ...result, at: new Date().toISOString() })}\n`)
}
