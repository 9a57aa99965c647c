// `pnpm bench`'s part for @leap/bench: the API load in short runs, then the summary of every
// package's figures (turbo runs this package's bench after the others; see turbo.json).
import { runLoad } from './load.js'
import { appendResult, startResults } from './results.js'
import { summarize, writeLoadDetails } from './summarize.js'

const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 6)
const file = startResults('bench-load')
try {
  const report = await runLoad(seconds)
  writeLoadDetails(report)
  for (const r of report.results) appendResult(file, r)
} catch (error) {
  // No figures: the summary reports the package as missing and fails.
  console.error(`API load failed: ${error instanceof Error ? error.stack : String(error)}`)
}
if (!summarize()) process.exitCode = 1
