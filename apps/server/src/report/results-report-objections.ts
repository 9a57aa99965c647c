import { CADENCE_RULES, objectionTimeliness, rocToIso, taipeiDate } from '@leap/domain'
import type { ResultsReportInput } from '@leap/reports'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { branchCadenceGaps, onTimeFigures } from '../indicator/cadence-report.js'
import { cadenceFacts } from '../indicator/cadence.repository.js'
import { UNCHECKED_CADENCE_KINDS } from '../indicator/cadence.router.js'
import { listObjections } from '../indicator/objection.repository.js'

/**
 * What a branch's results report prints of issue 19 for its period (report 1: January–June, report
 * 2: January–December): the 聲明異議 received in the period as the domain's `objectionTimeliness`
 * counts them (read today, Asia/Taipei; null when none), and the missed slots of the plan's rhythm
 * from `cadenceGaps` (months, quarters and halves not yet over are not gaps), with the kinds the
 * system does not keep named as not checked.
 */
export async function resultsReportObjectionsFor(
  db: Kysely<Database>,
  branchId: number,
  rocYear: number,
  report: 1 | 2,
  now: Date,
): Promise<Pick<ResultsReportInput, 'objections' | 'cadence'>> {
  const period = { from: rocToIso({ rocYear, month: 1, day: 1 }), to: rocToIso({ rocYear, month: report === 1 ? 6 : 12, day: report === 1 ? 30 : 31 }) }
  const asOf = taipeiDate(now)
  const [rows, facts] = await Promise.all([listObjections(db, branchId, period), cadenceFacts(db, [branchId], period)])
  const f = rows.length > 0 ? objectionTimeliness(rows, { asOf }) : null
  const gaps = branchCadenceGaps(facts, branchId, period, asOf)
  return {
    objections: f && { ...onTimeFigures(f), wellFounded: f.wellFounded, unfounded: f.unfounded, pending: f.pending },
    cadence: {
      gaps: gaps.slice(0, 500).map((g) => ({ label: g.label, message: g.message ?? `${g.label} 未${CADENCE_RULES[g.kind].zh}` })),
      notChecked: UNCHECKED_CADENCE_KINDS.map((k) => CADENCE_RULES[k].zh),
    },
  }
}
