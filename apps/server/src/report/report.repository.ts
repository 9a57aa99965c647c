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
