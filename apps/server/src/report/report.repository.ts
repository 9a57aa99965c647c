import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'

type Db = Kysely<Database>

/** A results report: a ROC year and report 1 (1–6月) or 2 (1–12月). */
export interface ReportPeriod {
  rocYear: number
  report: 1 | 2
}

/**
 * The results-report periods a branch has data for, latest first: each ROC year with survey
 * tallies, phone tests, petitions, narratives or remediation items of its rounds, as report 2 when
 * some of it falls in July–December (or a narrative of report 2 was written), else report 1.
 */
export async function listReportPeriods(db: Db, branchId: number): Promise<ReportPeriod[]> {
  // Each source gives (Gregorian year, month) of its data; narratives and items give their period's last month.
  const rows = await sql<{ year: number; month: number }>`
    select extract(year from period_end)::int as year, max(extract(month from period_end))::int as month from survey_tally where branch_id = ${branchId} group by 1
    union all
    select extract(year from tested_on)::int, max(extract(month from tested_on))::int from phone_test where branch_id = ${branchId} group by 1
    union all
    select extract(year from received_on)::int, max(extract(month from received_on))::int from petition where branch_id = ${branchId} group by 1
    union all
    select roc_year + 1911, max(case when report = 2 then 12 else 6 end) from report_narrative where branch_id = ${branchId} and text <> '' group by 1
    union all
    select r.roc_year + 1911, max(case when r.half = 2 then 12 else 6 end) from remediation_item ri join round r on r.id = ri.round_id where ri.branch_id = ${branchId} group by 1
  `.execute(db)
  const latestMonth = new Map<number, number>()
  for (const { year, month } of rows.rows) latestMonth.set(Number(year), Math.max(latestMonth.get(Number(year)) ?? 0, Number(month)))
  return [...latestMonth.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([year, month]) => ({ rocYear: year - 1911, report: month > 6 ? 2 : 1 }))
}

/** A user's display name; undefined when there is no such user. */
export async function findDisplayName(db: Db, userId: number): Promise<{ displayName: string } | undefined> {
  return db.selectFrom('appUser').select('displayName').where('id', '=', userId).executeTakeFirst()
}

/** The progress notes of remediation items, oldest first (empty notes left out). */
export async function progressNotes(db: Db, itemIds: readonly number[]): Promise<{ remediationItemId: number; note: string | null }[]> {
  if (itemIds.length === 0) return []
  return db
    .selectFrom('remediationEvent')
    .select(['remediationItemId', 'note'])
    .where('remediationItemId', 'in', [...itemIds])
    .where('note', 'is not', null)
    .where('note', '!=', '')
    .orderBy('at')
    .orderBy('id')
    .execute()
}

/** The catalogues (their stored data) of the given rounds, by version. */
export async function cataloguesOfRounds(db: Db, roundIds: readonly number[]): Promise<{ data: unknown }[]> {
  if (roundIds.length === 0) return []
  return db
    .selectFrom('catalogue')
    .select('data')
    .where('id', 'in', db.selectFrom('round').select('catalogueId').where('id', 'in', [...roundIds]))
    .orderBy('version')
    .execute()
}

/** The catalogue of a ROC year's latest round, else of the latest earlier round; undefined when none reaches back. */
export async function catalogueInForce(db: Db, rocYear: number): Promise<{ id: number } | undefined> {
  return db
    .selectFrom('round')
    .innerJoin('catalogue', 'catalogue.id', 'round.catalogueId')
    .select('catalogue.id')
    .where('round.rocYear', '<=', rocYear)
    .orderBy('round.rocYear', 'desc')
    .orderBy('round.half', 'desc')
    .executeTakeFirst()
}

/** Ids of a branch's remediation items from the rounds of a ROC year. */
export async function remediationItemIdsOfYear(db: Db, branchId: number, rocYear: number): Promise<{ id: number }[]> {
  return db.selectFrom('remediationItem as ri').innerJoin('round as r', 'r.id', 'ri.roundId').select('ri.id').where('ri.branchId', '=', branchId).where('r.rocYear', '=', rocYear).execute()
}

/** Rounds of ROC years `fromYear`–`toYear` (all when absent), in order. */
export async function listRoundsBetween(db: Db, range: { fromYear?: number | undefined; toYear?: number | undefined }): Promise<{ id: number; rocYear: number; half: number; catalogueId: number }[]> {
  let query = db.selectFrom('round').select(['id', 'rocYear', 'half', 'catalogueId']).orderBy('rocYear').orderBy('half')
  if (range.fromYear !== undefined) query = query.where('rocYear', '>=', range.fromYear)
  if (range.toYear !== undefined) query = query.where('rocYear', '<=', range.toYear)
  return query.execute()
}

/** The signed or closed inspections of the given rounds that have a total, with branch code and ROC round. */
export async function signedInspectionsOfRounds(db: Db, roundIds: readonly number[]) {
  return db
    .selectFrom('inspection as i')
    .innerJoin('branch as b', 'b.id', 'i.branchId')
    .innerJoin('round as r', 'r.id', 'i.roundId')
    .select(['i.id', 'i.roundId', 'i.branchId', 'i.passed', 'b.code', 'r.rocYear', 'r.half', 'i.totalPoints', sql<string>`to_char(i.inspected_on, 'YYYY-MM-DD')`.as('inspectedOn')])
    .where('i.roundId', 'in', [...roundIds])
    .where('i.status', 'in', ['signed', 'closed'])
    .where('i.totalPoints', 'is not', null)
    .execute()
}

/** The consensus scores of the signed or closed inspections of the given rounds. */
export async function signedConsensusOfRounds(db: Db, roundIds: readonly number[]) {
  return db
    .selectFrom('consensusScore as c')
    .innerJoin('inspection as i', 'i.id', 'c.inspectionId')
    .select(['c.inspectionId', 'c.criterionCode', 'c.points', 'c.notApplicable'])
    .where('i.roundId', 'in', [...roundIds])
    .where('i.status', 'in', ['signed', 'closed'])
    .execute()
}

/** Ids of the remediation items of the given rounds (at most 50 000), by id. */
export async function remediationItemIdsOfRounds(db: Db, roundIds: readonly number[]): Promise<{ id: number }[]> {
  return db.selectFrom('remediationItem').select('id').where('roundId', 'in', [...roundIds]).orderBy('id').limit(50_000).execute()
}

/**
 * The indicator rows of the given branches between `from` and `to` (survey tallies, phone tests,
 * petitions) and their remediation items found in the given rounds (cancelled left out), as the
 * national workbook's 指標 sheet computes them: four queries, whatever the number of rounds.
 */
export async function indicatorRowsBetween(db: Db, branchIds: readonly number[], roundIds: readonly number[], period: { from: string; to: string }) {
  const { from, to } = period
  const [tallies, phones, petitions, items] = await Promise.all([
    db
      .selectFrom('surveyTally')
      .select(['branchId', sql<string>`to_char(period_start, 'YYYY-MM-DD')`.as('periodStart'), sql<string>`to_char(period_end, 'YYYY-MM-DD')`.as('periodEnd'), 'scale', 'indicator', 'counts', 'invalid'])
      .where('branchId', 'in', [...branchIds])
      .where('periodStart', '>=', from)
      .where('periodEnd', '<=', to)
      .orderBy('periodStart')
      .orderBy('surveyKind')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('phoneTest')
      .select(['branchId', sql<string>`to_char(tested_on, 'YYYY-MM-DD')`.as('testedOn'), 'total'])
      .where('branchId', 'in', [...branchIds])
      .where('testedOn', '>=', from)
      .where('testedOn', '<=', to)
      .execute(),
    db
      .selectFrom('petition')
      .select(['branchId', sql<string>`to_char(received_on, 'YYYY-MM-DD')`.as('receivedOn'), sql<string | null>`to_char(closed_on, 'YYYY-MM-DD')`.as('closedOn'), 'category', 'channel'])
      .where('branchId', 'in', [...branchIds])
      .where('receivedOn', '>=', from)
      .where('receivedOn', '<=', to)
      .orderBy('receivedOn')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('remediationItem')
      .select(['branchId', 'status', sql<number>`coalesce(origin_round_id, round_id)`.as('foundIn')])
      .where('branchId', 'in', [...branchIds])
      .where(sql<number>`coalesce(origin_round_id, round_id)`, 'in', [...roundIds])
      .where('status', '!=', 'cancelled')
      .execute(),
  ])
  return { tallies, phones, petitions, items }
}

/** Whether the user sits on a round of ROC years `fromRocYear`–`toRocYear`. */
export async function hasRoundSeatBetween(db: Db, userId: number, years: { fromRocYear: number; toRocYear: number }): Promise<boolean> {
  const seat = await db
    .selectFrom('roundMember as rm')
    .innerJoin('round as r', 'r.id', 'rm.roundId')
    .select('rm.roundId')
    .where('rm.userId', '=', userId)
    .where('r.rocYear', '>=', years.fromRocYear)
    .where('r.rocYear', '<=', years.toRocYear)
    .executeTakeFirst()
  return seat !== undefined
}
