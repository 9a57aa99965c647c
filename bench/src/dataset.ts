import { addCalendarDays, proposeConsensus, roundRange, scoreSheet, SERVICE_LEAP_V2, type MemberSheet, type ScoreEntry } from '@leap/domain'
import pg from 'pg'

/** How big the benchmark database is, for the results table. */
export interface DatasetInfo {
  years: number
  rounds: number
  inspections: number
  memberScores: number
  consensusScores: number
  auditEntries: number
  /** Remediation items (the demo's and one per deduction of every grown inspection, closed). */
  remediationItems: number
  /** Inspections left open for scoring in the newest round (the write load's targets). */
  scoringInspections: number[]
}

/** Mulberry32: seeded, so every run grows the same data. */
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

const criteria = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria)

/** A member sheet: top tier with probability `quality`, else one to three tiers down, a finding on each deduction. */
function memberSheet(memberId: number, quality: number, random: () => number): MemberSheet {
  const entries = criteria.map((c): ScoreEntry => {
    const steps = random() < quality ? 0 : 1 + Math.floor(random() * 3)
    const tier = c.tiers[Math.min(steps, c.tiers.length - 1)]!
    return tier.points < c.maxPoints ? { criterionCode: c.code, tierId: tier.id, points: tier.points, finding: `${c.title.zh}：待改進` } : { criterionCode: c.code, tierId: tier.id, points: tier.points }
  })
  return { memberId: String(memberId), entries }
}

/**
 * Grows a demo-seeded database (server `start` or `seed --demo`: rounds 112–114) back to
 * `years` years of two rounds each, every branch inspected every round by the full demo committee
 * (convener and six members scoring, the secretary recording): member sheets, the domain's
 * consensus, signature snapshot and closure. The newest round's inspections are all put back to
 * `scoring` (no consensus yet) so the write load has 13 × 7 sheets to write. Plain SQL with one
 * JSON parameter per table: seconds, not minutes.
 */
export async function growDataset(url: string, years = 20): Promise<DatasetInfo> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('begin')
    const users = (await client.query<{ id: number; username: string }>(`select id, username from app_user`)).rows
    const id = (name: string) => {
      const user = users.find((u) => u.username === name)
      if (!user) throw new Error(`demo user ${name} missing: seed the database first`)
      return user.id
    }
    const convener = id('convener')
    const secretary = id('secretary')
    const scorers = [convener, ...[1, 2, 3, 4, 5, 6].map((n) => id(`member${n}`))]
    const catalogueId = (await client.query<{ id: number }>(`select id from catalogue where code = $1 and version = $2`, [SERVICE_LEAP_V2.id, SERVICE_LEAP_V2.version])).rows[0]?.id
    if (catalogueId === undefined) throw new Error('catalogue v2 missing: seed the database first')
    const branches = (await client.query<{ id: number }>(`select id from branch order by id`)).rows
    const existing = (await client.query<{ roc_year: number; half: number }>(`select roc_year, half from round`)).rows
    const newest = Math.max(...existing.map((r) => r.roc_year))
    const wanted: { rocYear: number; half: 1 | 2 }[] = []
    for (let y = newest - years + 1; y <= newest; y++) for (const half of [1, 2] as const) if (!existing.some((r) => r.roc_year === y && r.half === half)) wanted.push({ rocYear: y, half })

    const rounds = wanted.length
      ? (
          await client.query<{ id: number; roc_year: number; half: number }>(
            `insert into round (roc_year, half, catalogue_id, status)
             select x.roc_year, x.half, $2, 'closed' from jsonb_to_recordset($1::jsonb) as x(roc_year int, half int)
             returning id, roc_year, half`,
            [JSON.stringify(wanted.map((w) => ({ roc_year: w.rocYear, half: w.half }))), catalogueId],
          )
        ).rows
      : []
    await client.query(
      `insert into round_member (round_id, user_id, role) select * from jsonb_to_recordset($1::jsonb) as x(round_id int, user_id int, role text)`,
      [
        JSON.stringify(
          rounds.flatMap((r) => [
            { round_id: r.id, user_id: convener, role: 'convener' },
            ...scorers.slice(1).map((m) => ({ round_id: r.id, user_id: m, role: 'member' })),
            { round_id: r.id, user_id: secretary, role: 'secretary' },
          ]),
        ),
      ],
    )

    const random = prng(2026)
    const inspections: Record<string, unknown>[] = []
    const memberRows: Record<string, unknown>[] = []
    const consensusRows: Record<string, unknown>[] = []
    const audit: Record<string, unknown>[] = []
    for (const round of rounds) {
      const range = roundRange({ rocYear: round.roc_year, half: round.half === 1 ? 1 : 2 })
      for (const [b, branch] of branches.entries()) {
        const quality = 0.45 + random() * 0.5
        const sheets = scorers.map((m) => memberSheet(m, quality, random))
        const consensus = proposeConsensus(SERVICE_LEAP_V2, { sheets }).sheet
        const result = scoreSheet(SERVICE_LEAP_V2, consensus)
        const inspectedOn = addCalendarDays(range.start, 30 + b * 9)
        const signedAt = `${addCalendarDays(inspectedOn, 14)}T02:00:00Z`
        const key = { round_id: round.id, branch_id: branch.id }
        inspections.push({
          ...key,
          inspected_on: inspectedOn,
          total_points: result.total,
          pass_threshold: result.passThreshold,
          passed: result.passed,
          dimension_totals: result.dimensions,
          signed_at: signedAt,
          closed_at: `${addCalendarDays(inspectedOn, 44)}T02:00:00Z`,
        })
        for (const sheet of sheets) {
          for (const e of sheet.entries) memberRows.push({ ...key, member_id: Number(sheet.memberId), criterion_code: e.criterionCode, tier_id: e.tierId, points: e.points, finding: e.finding ?? null })
        }
        for (const e of consensus) consensusRows.push({ ...key, criterion_code: e.criterionCode, tier_id: e.tierId ?? null, points: e.points ?? null, finding: e.finding ?? null, not_applicable: e.notApplicable === true })
        audit.push({ ...key, at: signedAt, total: result.total })
      }
    }
    const idOf = `(select id from inspection i where i.round_id = x.round_id and i.branch_id = x.branch_id)`
    await client.query(
      `insert into inspection (round_id, branch_id, inspected_on, status, total_points, pass_threshold, passed, dimension_totals, signed_at, signed_by, closed_at, closed_by, version)
       select x.round_id, x.branch_id, x.inspected_on, 'closed', x.total_points, x.pass_threshold, x.passed, x.dimension_totals, x.signed_at, $2, x.closed_at, $2, 5
       from jsonb_to_recordset($1::jsonb) as x(round_id int, branch_id int, inspected_on date, total_points numeric, pass_threshold numeric, passed boolean, dimension_totals jsonb, signed_at timestamptz, closed_at timestamptz)`,
      [JSON.stringify(inspections), convener],
    )
    await client.query(
      `insert into member_score (inspection_id, member_id, criterion_code, tier_id, points, finding)
       select ${idOf}, x.member_id, x.criterion_code, x.tier_id, x.points, x.finding
       from jsonb_to_recordset($1::jsonb) as x(round_id int, branch_id int, member_id int, criterion_code text, tier_id text, points numeric, finding text)`,
      [JSON.stringify(memberRows)],
    )
    await client.query(
      `insert into consensus_score (inspection_id, criterion_code, tier_id, points, finding, not_applicable, rule_note, decided_by)
       select ${idOf}, x.criterion_code, x.tier_id, x.points, x.finding, x.not_applicable, 'bench data: domain consensus', $2
       from jsonb_to_recordset($1::jsonb) as x(round_id int, branch_id int, criterion_code text, tier_id text, points numeric, finding text, not_applicable boolean)`,
      [JSON.stringify(consensusRows), convener],
    )
    // Each deduction of a grown inspection became a tracked item, closed since: the board and the
    // branch's list carry twenty years of history, as an agency that used the tool would.
    await client.query(
      `insert into remediation_item (inspection_id, branch_id, round_id, criterion_code, unit_id, title, finding, due_date, status, created_by, created_at, updated_at, closed_at)
       select i.id, i.branch_id, i.round_id, cs.criterion_code, u.id, c.title, cs.finding, i.inspected_on + 90, 'closed', $2, i.signed_at, i.closed_at, i.closed_at
       from consensus_score cs
       join inspection i on i.id = cs.inspection_id
       join lateral (select min(id) as id from unit where branch_id = i.branch_id) u on u.id is not null
       join jsonb_to_recordset($3::jsonb) as c(code text, title text) on c.code = cs.criterion_code
       where i.round_id = any($1) and cs.finding is not null`,
      [rounds.map((r) => r.id), convener, JSON.stringify(criteria.map((c) => ({ code: c.code, title: c.title.zh })))],
    )
    await client.query(
      `insert into audit_log (at, actor_id, action, entity, entity_id, branch_id, after)
       select x.at, $2, 'inspection.sign', 'inspection', ${idOf}::text, x.branch_id, jsonb_build_object('status', 'signed', 'total', x.total)
       from jsonb_to_recordset($1::jsonb) as x(round_id int, branch_id int, at timestamptz, total numeric)`,
      [JSON.stringify(audit), convener],
    )

    // The newest round: every inspection back to scoring, so 13 × 7 member sheets can be written.
    const newestRound = (await client.query<{ id: number }>(`select id from round order by roc_year desc, half desc limit 1`)).rows[0]!.id
    await client.query(`delete from consensus_score where inspection_id in (select id from inspection where round_id = $1)`, [newestRound])
    await client.query(
      `update inspection set status = 'scoring', version = 2, total_points = null, pass_threshold = null, passed = null, dimension_totals = null,
         signed_at = null, signed_by = null, closed_at = null, closed_by = null where round_id = $1`,
      [newestRound],
    )
    await client.query('commit')

    const count = async (table: string) => Number((await client.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n)
    const scoring = (await client.query<{ id: number }>(`select id from inspection where round_id = $1 order by branch_id`, [newestRound])).rows.map((r) => r.id)
    await client.query('analyze')
    return {
      years,
      rounds: await count('round'),
      inspections: await count('inspection'),
      memberScores: await count('member_score'),
      consensusScores: await count('consensus_score'),
      auditEntries: await count('audit_log'),
      remediationItems: await count('remediation_item'),
      scoringInspections: scoring,
    }
  } catch (error) {
    await client.query('rollback').catch(() => {})
    throw error
  } finally {
    await client.end()
  }
}
