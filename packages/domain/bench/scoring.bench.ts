// Scoring throughput: a full v2 consensus (7 members × 22 criteria: validation, lower-median
// consensus, spread flags, draft sheet, totals, remediation candidates). Target: ≥ 50,000 sheets/s.
// Each task iteration scores a batch of sheets so timer overhead does not weigh on the figure.
//
// Retired (issue 18): the "slowdown against a bare summing loop" ratio. Its denominator, a loop of
// 154 additions, is what V8's optimising compiler turns into a handful of machine instructions; how
// far it unrolls, inlines and when it tiers up decides the figure, not our code — with the same code
// it read 7.7× on one machine of this kind and 24.4× on another. A ratio whose denominator measures
// the JIT is not a budget anyone can act on. Counting instructions with callgrind was tried: it needs
// --jitless to be repeatable, and then counts V8's interpreter instead of what runs in production
// (and took ~40 s per run here). The absolute figure stays: best of three rounds, far above its
// target (≥ 3×), and it moves with our code.
import { mkdirSync, writeFileSync } from 'node:fs'
import { Bench } from 'tinybench'
import { proposeConsensus, SERVICE_LEAP_V2, type MemberSheet, type ScoreEntry } from '../src/index.js'

const MEMBERS = 7
const VARIANTS = 64
const BATCH = 64
const MIN_SHEETS_PER_SECOND = 50_000

const criteria = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria)

// Deterministic pseudo-random tiers (no Math.random: reproducible runs).
let seed = 20_171_231
function next(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
  return seed / 2 ** 31
}

function inspection(): MemberSheet[] {
  return Array.from({ length: MEMBERS }, (_, m) => ({
    memberId: `member-${m}`,
    entries: criteria.map((c): ScoreEntry => {
      // Mostly top two tiers, sometimes lower: realistic spreads, some flags, some deductions.
      const r = next()
      const tier = c.tiers[r < 0.55 ? 0 : r < 0.85 ? 1 : Math.min(c.tiers.length - 1, 2 + Math.floor(next() * 3))]!
      return tier.points < c.maxPoints ? { criterionCode: c.code, points: tier.points, finding: `委員${m + 1}：${c.title.zh}待改進` } : { criterionCode: c.code, points: tier.points }
    }),
  }))
}

const inputs = Array.from({ length: VARIANTS }, inspection)
let sink = 0
let cursor = 0

function makeBench(): Bench {
  const bench = new Bench({ time: 700, warmupTime: 200 })
  bench.add('proposeConsensus: full v2 sheet, 7 members', () => {
    for (let b = 0; b < BATCH; b++) {
      const proposal = proposeConsensus(SERVICE_LEAP_V2, { sheets: inputs[cursor++ % VARIANTS]! })
      sink += proposal.result.total + proposal.flaggedCriteria.length + proposal.result.remediationCandidates.length
    }
  })
  return bench
}

function sheetsPerSecond(bench: Bench, i: number): number {
  const result = bench.tasks[i]!.result
  if (result.state !== 'completed') throw new Error(`task ${bench.tasks[i]!.name} ${result.state}`)
  return result.throughput.mean * BATCH
}

// The machine is shared: take the best of several rounds, so a burst of someone else's work in one
// round does not decide the verdict.
const ROUNDS = 3
let scored = 0
for (let round = 1; round <= ROUNDS; round++) {
  const bench = makeBench()
  await bench.run()
  const s = sheetsPerSecond(bench, 0)
  console.log(`round ${round}: consensus ${Math.round(s).toLocaleString('en')}/s`)
  scored = Math.max(scored, s)
}
const sample = proposeConsensus(SERVICE_LEAP_V2, { sheets: inputs[0]! })

console.log(`consensus+score:  ${Math.round(scored).toLocaleString('en')} sheets/s (target ≥ ${MIN_SHEETS_PER_SECOND.toLocaleString('en')})`)
console.log('bare-loop ratio:  retired (it measured the JIT, not our code: see the top of this file)')
console.log(`sample sheet:     total ${sample.result.total}, ${sample.flaggedCriteria.length} flagged, ${sample.result.remediationCandidates.length} remediation candidates (sink ${sink > 0 ? 'ok' : '0'})`)

// One JSON line per figure for the summary table of `pnpm bench` (bench/src/summarize.ts).
mkdirSync(new URL('../../../bench/.results/', import.meta.url), { recursive: true })
writeFileSync(
  new URL('../../../bench/.results/domain.json', import.meta.url),
  [
    { name: 'scoring: full v2 consensus, 7 members', value: Math.round(scored), unit: 'sheets/s', target: `≥ ${MIN_SHEETS_PER_SECOND}`, pass: scored >= MIN_SHEETS_PER_SECOND },
  ].map((r) => `${JSON.stringify({ ...r, at: new Date().toISOString() })}\n`).join(''),
)

const misses = [scored < MIN_SHEETS_PER_SECOND ? `throughput ${Math.round(scored)} < ${MIN_SHEETS_PER_SECOND}` : null].filter((m) => m !== null)
if (misses.length > 0) {
  console.error(`target missed: ${misses.join('; ')}`)
  process.exitCode = 1
}
