import { CADENCE_RULES, cadenceGaps, objectionTimeliness, rocToIso, taipeiDate } from '@leap/domain'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { cadenceFacts } from './cadence.repository.js'
import { UNCHECKED_CADENCE_KINDS } from './cadence.router.js'
import { listObjections } from './objection.repository.js'

interface Branch {
  id: number
  code: string
}
interface HalfRound {
  rocYear: number
  half: 1 | 2
}

function halfPeriod(r: HalfRound) {
  return {
    from: rocToIso({ rocYear: r.rocYear, month: r.half === 1 ? 1 : 7, day: 1 }),
    to: rocToIso({ rocYear: r.rocYear, month: r.half === 1 ? 6 : 12, day: r.half === 1 ? 30 : 31 }),
  }
}

/**
 * What the national workbook prints of issue 19 for the rounds it covers: every branch's missed
 * cadence over the rounds' half years (oldest first), the kinds not checked, and each branch's
 * objection figures per round (its half year). Branches without objections in a round get no row.
 */
export async function cadenceAndObjectionsFor(db: Kysely<Database>, branches: readonly Branch[], rounds: readonly HalfRound[], now: Date) {
  const asOf = taipeiDate(now)
  const cadence: { branchCode: string; message: string }[] = []
  const objections: {
    branchCode: string
    round: HalfRound
    total: number
    corrected: number
    correctedOnTimeShare: number | null
    forwarded: number
    forwardedOnTimeShare: number | null
    decided: number
    decidedOnTimeShare: number | null
    overdue: number
  }[] = []
  if (rounds.length === 0) return { cadenceGaps: cadence, cadenceNotChecked: [], objections }
  const periods = rounds.map(halfPeriod)
  const span = { from: periods.reduce((a, p) => (p.from < a ? p.from : a), periods[0]!.from), to: periods.reduce((a, p) => (p.to > a ? p.to : a), periods[0]!.to) }
  const facts = await cadenceFacts(db, branches.map((b) => b.id), span)
  for (const b of branches) {
    for (const p of periods) {
      const { gaps } = cadenceGaps({ ...p, asOf, meetings: facts.meetings, phoneTests: facts.phoneTests.get(b.id) ?? [], surveys: facts.surveys.get(b.id) ?? [] })
      for (const g of gaps) cadence.push({ branchCode: b.code, message: g.message! })
    }
    for (const [i, r] of rounds.entries()) {
      const rows = await listObjections(db, b.id, periods[i]!)
      if (rows.length === 0) continue
      const f = objectionTimeliness(rows, { asOf })
      objections.push({
        branchCode: b.code,
        round: r,
        total: f.total,
        corrected: f.corrected,
        correctedOnTimeShare: f.correctedOnTimeShare,
        forwarded: f.forwarded,
        forwardedOnTimeShare: f.forwardedOnTimeShare,
        decided: f.decided,
        decidedOnTimeShare: f.decidedOnTimeShare,
        overdue: f.overdue,
      })
    }
  }
  return { cadenceGaps: cadence, cadenceNotChecked: UNCHECKED_CADENCE_KINDS.map((k) => CADENCE_RULES[k].zh), objections }
}
