// Twenty committee members score the same inspection at once, each from two browser tabs (so
// their own writes race), for LEAP_CONCURRENCY_SECONDS (5 in CI; `pnpm --filter @leap/bench
// concurrency` runs 60 on PostgreSQL). Then: every acknowledged write is in the database (versions
// 1..n per row, the newest value stored, one audit entry each), every refused write got CONFLICT
// with the current row, and the signed totals equal a recomputation from the stored rows.
import fs from 'node:fs'
import { proposeConsensus, scoreSheet, SERVICE_LEAP_V2, type Criterion, type MemberSheet } from '@leap/domain'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../auth/password.js'
import { buildApp } from '../http/app.js'
import { listConsensusScores, listMemberScores, toScoreEntry } from '../inspection/inspection.repository.js'
import { DEMO_PASSWORD } from '../seed/accounts.seed.js'
import { seedDemo } from '../seed/demo.seed.js'
import { useTestDatabase } from '../test/test-database.js'
import { callProcedure, signIn } from './hostile-client.js'

const SECONDS = Number(process.env.LEAP_CONCURRENCY_SECONDS ?? 5)
const MEMBERS = 20
const TABS = 2
const criteria: Criterion[] = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria)

interface Ack {
  memberId: number
  criterionCode: string
  tierId: string
  finding: string | null
  version: number
  /** The version the tab had read when it wrote. */
  expectedVersion: number
}

interface Refusal {
  memberId: number
  criterionCode: string
  expectedVersion: number
  currentVersion: number | null
}

const database = useTestDatabase({ reset: 'never' })
let app: FastifyInstance
let inspectionId: number
let catalogueRowData: typeof SERVICE_LEAP_V2
const members: { id: number; session: string }[] = []
const acks: Ack[] = []
const refusals: Refusal[] = []
const unexpected: string[] = []
let elapsedMs = 0

/** Mulberry32, one stream per tab: runs differ only by timing, not by choices. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

beforeAll(async () => {
  await seedDemo(database.db)
  app = await buildApp({ database, logLevel: 'silent', sessionSecret: 'concurrency-secret-0123456789-0123456789-ab' })
  const target = await database.db
    .selectFrom('inspection')
    .innerJoin('branch', 'branch.id', 'inspection.branchId')
    .innerJoin('round', 'round.id', 'inspection.roundId')
    .innerJoin('catalogue', 'catalogue.id', 'round.catalogueId')
    .select(['inspection.id', 'inspection.roundId', 'catalogue.data'])
    .where('inspection.status', '=', 'scoring')
    .where('branch.code', '=', 'TPE')
    .executeTakeFirstOrThrow()
  inspectionId = target.id
  catalogueRowData = target.data as typeof SERVICE_LEAP_V2
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const users = await database.db
    .insertInto('appUser')
    .values(Array.from({ length: MEMBERS }, (_, i) => ({ username: `race-member-${i + 1}`, displayName: `競賽委員${i + 1}`, passwordHash, agencyRole: null, branchId: null, branchRole: null })))
    .returning(['id', 'username'])
    .execute()
  await database.db
    .insertInto('roundMember')
    .values(users.map((u) => ({ roundId: target.roundId, userId: u.id, role: 'member' as const })))
    .execute()
  for (const u of users) members.push({ id: u.id, session: await signIn(app, u.username) })
}, 180_000)

afterAll(async () => {
  await app?.close()
})

/** One tab: saves random criteria from its own (possibly stale) view of the versions until `end`. */
async function tab(member: { id: number; session: string }, seed: number, end: number): Promise<void> {
  const random = prng(seed)
  const seen = new Map<string, number>()
  while (Date.now() < end) {
    // Half the saves go to a few shared criteria, so a member's two tabs often hold a version the
    // other tab has moved past: stale writes of existing rows, not only racing first inserts.
    const pool = random() < 0.5 ? criteria.slice(0, 4) : criteria
    const criterion = pool[Math.floor(random() * pool.length)]!
    const tier = criterion.tiers[Math.floor(random() * criterion.tiers.length)]!
    const finding = tier.points < criterion.maxPoints ? `委員${member.id}：第${Math.floor(random() * 1e6)}次紀錄` : null
    // Now and then the tab writes from an older view of the row (a page loaded earlier): such a
    // write must always be refused, however the race goes.
    const known = seen.get(criterion.code) ?? 0
    const expectedVersion = known > 0 && random() < 0.15 ? known - 1 : known
    const res = await callProcedure(app, member.session, 'inspection.score.save', 'mutation', {
      inspectionId,
      criterionCode: criterion.code,
      tierId: tier.id,
      ...(finding ? { finding } : {}),
      expectedVersion,
    })
    if (res.statusCode === 200) {
      const row = (res.json() as { result: { data: { version: number; tierId: string; finding: string | null } } }).result.data
      acks.push({ memberId: member.id, criterionCode: criterion.code, tierId: row.tierId, finding: row.finding, version: row.version, expectedVersion })
      seen.set(criterion.code, row.version)
    } else if (res.statusCode === 409) {
      const data = (res.json() as { error: { data: { code: string; params: { current?: { version: number } | null } } } }).error.data
      const current = data.params
      refusals.push({ memberId: member.id, criterionCode: criterion.code, expectedVersion, currentVersion: current.current?.version ?? null })
      if (data.code !== 'CONFLICT') unexpected.push(`409 without CONFLICT: ${res.body.slice(0, 200)}`)
      // As the page does: show the current row, and the member saves again from it.
      if (current.current) seen.set(criterion.code, current.current.version)
    } else {
      unexpected.push(`${res.statusCode}: ${res.body.slice(0, 300)}`)
    }
  }
}

describe(`${MEMBERS} members × ${TABS} tabs scoring one inspection for ${SECONDS} s`, () => {
  it('runs without an unexpected answer, and with real conflicts', async () => {
    const start = Date.now()
    const end = start + SECONDS * 1000
    await Promise.all(members.flatMap((m, i) => Array.from({ length: TABS }, (_, t) => tab(m, 1000 * i + t + 1, end))))
    elapsedMs = Date.now() - start
    expect(unexpected).toEqual([])
    expect(acks.length).toBeGreaterThan(MEMBERS)
    expect(refusals.length, 'two tabs of one member never collided: the test proves nothing').toBeGreaterThan(0)
  }, SECONDS * 1000 + 120_000)

  it('every acknowledged write is in the database: versions 1..n, the newest value stored, one audit entry each', async () => {
    const stored = await listMemberScores(database.db, inspectionId)
    const audit = await database.db
      .selectFrom('auditLog')
      .select(['entityId', 'after'])
      .where('action', '=', 'inspection.score.save')
      .where('entityId', 'like', `${inspectionId}:%`)
      .execute()
    const byKey = new Map<string, Ack[]>()
    for (const a of acks) {
      const key = `${a.memberId}:${a.criterionCode}`
      byKey.set(key, [...(byKey.get(key) ?? []), a])
    }
    for (const [key, list] of byKey) {
      const versions = list.map((a) => a.version).sort((x, y) => x - y)
      expect(versions, `${key}: an acknowledged version twice means a lost update`).toEqual(versions.map((_, i) => i + 1))
      const [memberId, criterionCode] = key.split(':')
      const row = stored.find((s) => s.memberId === Number(memberId) && s.criterionCode === criterionCode)
      const newest = list.find((a) => a.version === list.length)!
      expect(row, key).toMatchObject({ version: list.length, tierId: newest.tierId, finding: newest.finding })
      const entries = audit.filter((e) => e.entityId === `${inspectionId}:${key}`)
      expect(entries.map((e) => (e.after as { version: number }).version).sort((x, y) => x - y), `${key} audit`).toEqual(versions)
    }
    // Nothing stored that nobody was told about.
    const raced = stored.filter((s) => members.some((m) => m.id === s.memberId))
    expect(raced.length).toBe(byKey.size)
  })

  it('every acknowledged write was made from the version it replaced: a stale write is never acknowledged (it would overwrite a newer value)', () => {
    // Without the version condition on the write, a tab holding version 3 while the row is at 5
    // would be answered 200 with version 6 — versions 1..n still in order, the newer value lost.
    const stale = acks.filter((a) => a.version !== a.expectedVersion + 1)
    expect(stale, JSON.stringify(stale.slice(0, 5))).toEqual([])
    // And the race did produce stale attempts (refused), so this proves something.
    expect(refusals.some((r) => r.expectedVersion > 0), 'no stale write of an existing row was tried').toBe(true)
  })

  it('every refused write was told the row had moved on (CONFLICT with the current version)', () => {
    for (const r of refusals) {
      expect(r.currentVersion, JSON.stringify(r)).not.toBeNull()
      expect(r.currentVersion, JSON.stringify(r)).not.toBe(r.expectedVersion)
    }
  })

  it('each sheet scored from the stored rows equals the sheet of the acknowledged writes; the signed total equals a recomputation', async () => {
    const stored = await listMemberScores(database.db, inspectionId)
    for (const m of members) {
      const last = new Map<string, Ack>()
      for (const a of acks.filter((a) => a.memberId === m.id)) if ((last.get(a.criterionCode)?.version ?? 0) < a.version) last.set(a.criterionCode, a)
      const fromAcks = scoreSheet(catalogueRowData, [...last.values()].map((a) => ({ criterionCode: a.criterionCode, tierId: a.tierId, ...(a.finding ? { finding: a.finding } : {}) })))
      const fromRows = scoreSheet(catalogueRowData, stored.filter((s) => s.memberId === m.id).map(toScoreEntry))
      expect(fromRows.rawPoints, `member ${m.id}`).toBe(fromAcks.rawPoints)
    }

    // The convener takes the domain's proposal from every counted sheet and signs it.
    const convener = await signIn(app, 'convener')
    const view = await callProcedure(app, convener, 'inspection.consensus.view', 'query', { inspectionId })
    expect(view.statusCode, view.body).toBe(200)
    const bySheet = new Map<number, MemberSheet['entries']>()
    for (const s of stored) bySheet.set(s.memberId, [...(bySheet.get(s.memberId) ?? []), toScoreEntry(s)])
    const proposal = proposeConsensus(catalogueRowData, { sheets: [...bySheet].map(([id, entries]) => ({ memberId: String(id), entries })) })
    const scored = new Set(proposal.sheet.map((e) => e.criterionCode))
    const entries = [
      ...proposal.sheet.map((e) => ({ ...e, finding: e.finding?.slice(0, 4000) })),
      // A criterion nobody scored gets its top tier, so the sheet is complete.
      ...criteria.filter((c) => !scored.has(c.code)).map((c) => ({ criterionCode: c.code, tierId: c.tiers[0]!.id })),
    ].map((e) => ({ ...e, expectedVersion: 0 }))
    const saved = await callProcedure(app, convener, 'inspection.consensus.save', 'mutation', { inspectionId, entries })
    expect(saved.statusCode, saved.body).toBe(200)
    const inspection = await database.db.selectFrom('inspection').select('version').where('id', '=', inspectionId).executeTakeFirstOrThrow()
    const signed = await callProcedure(app, convener, 'inspection.sign', 'mutation', { id: inspectionId, expectedVersion: inspection.version })
    expect(signed.statusCode, signed.body).toBe(200)

    const row = await database.db.selectFrom('inspection').select(['totalPoints', 'passed', 'status']).where('id', '=', inspectionId).executeTakeFirstOrThrow()
    const recomputed = scoreSheet(catalogueRowData, (await listConsensusScores(database.db, inspectionId)).map(toScoreEntry))
    expect(row.status).toBe('signed')
    expect(Number(row.totalPoints)).toBe(recomputed.total)
    expect(row.passed).toBe(recomputed.passed)
    if (scored.size === criteria.length) expect(recomputed.total).toBe(proposal.result.total)

    const report = process.env.LEAP_CONCURRENCY_REPORT
    if (report) {
      fs.writeFileSync(
        report,
        JSON.stringify({ seconds: SECONDS, elapsedMs, members: MEMBERS, tabs: TABS, acknowledged: acks.length, conflicts: refusals.length, unexpected: unexpected.length, signedTotal: recomputed.total, database: database.kind }),
      )
    }
  })
})
