import type { IsoDate } from '@leap/domain'
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { Database } from '../db/database.js'

/**
 * SQL for listing remediation items most urgent first, the same order as `compareByUrgency`
 * (@leap/domain): returned, overdue on `today`, due by `dueSoonBy`, not started, the rest still
 * open, then closed and cancelled; within a rank the earlier due date, then the id. Columns of
 * `remediation_item` aliased `ri`.
 */
export function urgencyRankSql(today: IsoDate, dueSoonBy: IsoDate) {
  return sql<number>`case
    when ri.status in ('closed', 'cancelled') then 5
    when ri.status = 'returned' then 0
    when ri.due_date < ${today} then 1
    when ri.due_date <= ${dueSoonBy} then 2
    when ri.status = 'open' then 3
    else 4 end`
}

/** Escapes LIKE's wildcards so a typed `%` or `_` matches itself. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * Items whose title, finding, unit or branch name contains `text` (case-insensitive, as typed:
 * wildcards are literal). For the board's and the branch's search box.
 */
export function itemTextMatch(text: string) {
  const pattern = likePattern(text.trim())
  return (eb: ExpressionBuilder<Database & { ri: Database['remediationItem']; u: Database['unit']; b: Database['branch'] }, 'ri' | 'u' | 'b'>): Expression<SqlBool> =>
    eb.or([
      eb(sql`ri.title`, 'ilike', pattern),
      eb(sql`coalesce(ri.finding, '')`, 'ilike', pattern),
      eb(sql`u.name`, 'ilike', pattern),
      eb(sql`b.name`, 'ilike', pattern),
    ])
}
