// Where the server spends its CPU under the API load: runs one load scenario against the built
// server started with V8's --cpu-prof, then prints self time by package and the hottest functions.
//   pnpm --filter @leap/bench cpu-profile            national overview, 10 connections, 10 s
//   pnpm --filter @leap/bench cpu-profile sheet 50   full member sheets (saveMany), 50 connections
//   (scenarios: save, sheet, overview, trend — see src/load.ts)
// The .cpuprofile stays in bench/.profiles/ (open it in Chrome DevTools → Performance).
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { growDataset } from './dataset.js'
import { drain, loadVersions, recusedSheets, runOne, SCORERS, type Scenario, type Slot } from './load.js'
import { createScratchDatabase, dropScratchDatabase } from './postgres.js'
import { REPO_ROOT } from './results.js'
import { signIn, startServer, type Session } from './server-process.js'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** `node_modules/.pnpm/<pkg>@…/node_modules/<pkg>/…` → `<pkg>`; our own code by workspace folder. */
function owner(url: string): string {
  if (url === '') return '(native / V8)'
  const modules = url.lastIndexOf('node_modules/')
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/')
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!
  }
  if (url.startsWith('node:')) return 'node core'
  const inRepo = url.replace(/^file:\/\//, '').replace(`${REPO_ROOT}/`, '')
  return inRepo.split('/').slice(0, 2).join('/')
}

/** Self time (ms) by package and by function, from a V8 CPU profile. */
export function summarizeProfile(profile: CpuProfile): { total: number; byOwner: [string, number][]; byFunction: [string, number][] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000))
  const owners = new Map<string, number>()
  const functions = new Map<string, number>()
  let total = 0
  for (const [id, ms] of self) {
    const node = byId.get(id)!
    const { functionName, url, lineNumber } = node.callFrame
    total += ms
    if (functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)') {
      owners.set(functionName, (owners.get(functionName) ?? 0) + ms)
      functions.set(functionName, (functions.get(functionName) ?? 0) + ms)
      continue
    }
    const who = owner(url)
    owners.set(who, (owners.get(who) ?? 0) + ms)
    const key = `${functionName || '(anonymous)'}  ${who}:${path.basename(url)}:${lineNumber + 1}`
    functions.set(key, (functions.get(key) ?? 0) + ms)
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1])
  return { total, byOwner: sorted(owners), byFunction: sorted(functions) }
}

async function main(): Promise<void> {
  const scenarios: Scenario[] = ['save', 'sheet', 'overview', 'trend']
  const scenario = scenarios.find((s) => s === process.argv[2]) ?? 'overview'
  const connections = Number(process.argv[3] ?? 10)
  const seconds = Number(process.env.BENCH_PROFILE_SECONDS ?? 10)
  const dir = path.join(REPO_ROOT, 'bench/.profiles')
  fs.mkdirSync(dir, { recursive: true })
  const before = new Set(fs.readdirSync(dir))

  const db = await createScratchDatabase('profile')
  const server = await startServer({ DATABASE_URL: db.url, SESSION_SECRET: randomBytes(32).toString('hex') }, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] })
  try {
    const dataset = await growDataset(db.url, 20)
    const sessions = new Map<string, Session>()
    for (const name of [...SCORERS, 'admin']) sessions.set(name, await signIn(server.base, name))
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    const ids = new Map((await client.query<{ id: number; username: string }>(`select id, username from app_user`)).rows.map((r) => [r.username, r.id]))
    const trendBranchId = (await client.query<{ id: number }>(`select branch_id as id from inspection where id = $1`, [dataset.scoringInspections[0]])).rows[0]!.id
    const recused = await recusedSheets(client, dataset.scoringInspections)
    await client.end()
    const slots: Slot[] = SCORERS.flatMap((name) =>
      dataset.scoringInspections.filter((i) => !recused.has(`${i}:${ids.get(name)}`)).map((inspectionId) => ({ inspectionId, session: sessions.get(name)!, memberId: ids.get(name)!, sent: 0 })),
    )
    await drain(db.url)
    const versions = await loadVersions(db.url, dataset.scoringInspections)
    const { result, refused } = await runOne(server.base, scenario, connections, seconds, { slots, versions, admin: sessions.get('admin')!, trendBranchId })
    console.log(`${scenario} ${connections} conn ${seconds} s: ${result.requests.average} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.errors + result.non2xx + refused} errors`)
  } finally {
    await server.stop()
    await dropScratchDatabase(db.name)
  }
  const written = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f))
  // The server process writes its profile on exit; the bigger file is the server (not a helper).
  const file = written.map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]
  if (!file) throw new Error(`no .cpuprofile appeared in ${dir}`)
  const summary = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile)
  const pct = (ms: number) => `${((100 * ms) / summary.total).toFixed(1).padStart(5)} %`
  console.log(`\nprofile ${path.relative(REPO_ROOT, file)}: ${(summary.total / 1000).toFixed(1)} s sampled\n\nself time by package:`)
  for (const [who, ms] of summary.byOwner.slice(0, 20)) console.log(`  ${pct(ms)}  ${who}`)
  console.log('\nhottest functions (self time):')
  for (const [fn, ms] of summary.byFunction.slice(0, 30)) console.log(`  ${pct(ms)}  ${fn}`)
}

await main()
