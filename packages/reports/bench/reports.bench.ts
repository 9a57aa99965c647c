// Run with `pnpm --filter @leap/reports bench`. Measures the two generators with a size target and
// exits non-zero when a median misses it. BENCH_RUNS overrides the number of timed runs (default 5).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { buildNationalWorkbook } from '../src/excel/national-workbook.xlsx.js'
import { renderScoreSheetPdf } from '../src/score-sheet/score-sheet.pdf.js'
import { sampleNationalWorkbook, sampleScoreSheet } from '../src/test-support/fixtures.js'

const runs = Number(process.env.BENCH_RUNS ?? 5)
const resultsFile = new URL('../../../bench/.results/reports.json', import.meta.url)
mkdirSync(new URL('.', resultsFile), { recursive: true })
writeFileSync(resultsFile, '')

async function measure(name: string, targetMs: number, fn: () => Promise<Uint8Array>): Promise<boolean> {
  const coldStart = performance.now()
  const first = await fn()
  const cold = performance.now() - coldStart
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await fn()
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)]!
  const ok = median <= targetMs
  // One JSON line per figure for the summary table of `pnpm bench` (bench/src/summarize.ts).
  appendFileSync(resultsFile, `${JSON.stringify({ name, value: Math.round(median), unit: 'ms (median)', target: `≤ ${targetMs} ms`, pass: ok, at: new Date().toISOString() })}\n`)
  console.log(
    `${ok ? 'ok  ' : 'MISS'} ${name}: median ${median.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms, ` +
      `first (cold) ${cold.toFixed(0)} ms over ${runs} runs — target ≤ ${targetMs} ms; output ${(first.byteLength / 1024).toFixed(0)} KiB`,
  )
  return ok
}

const workbook = sampleNationalWorkbook(6, 500)
const criteria = workbook.criteria.length
console.log(`national workbook: ${workbook.branches.length} branches × ${workbook.rounds.length} rounds × ${criteria} criteria, ${workbook.remediation!.length} remediation items`)
const sheet = sampleScoreSheet()

const results = [
  await measure('national workbook (.xlsx)', 2000, () => buildNationalWorkbook(workbook)),
  await measure('score-sheet PDF (22 criteria)', 1000, () => renderScoreSheetPdf(sheet)),
]
if (results.some((ok) => !ok)) {
  console.error('A generator missed its target.')
  process.exit(1)
}
