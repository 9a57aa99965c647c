import { CADENCE_RULES, cadenceGaps, objectionTimeliness, rocToIso, taipeiDate, type IsoDate } from '@leap/domain'
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

type Facts = Awaited<ReturnType<typeof cadenceFacts>>

/** The cadence gaps of one branch in one period, from the facts read for several (cadenceFacts). */
export function branchCadenceGaps(facts: Facts, branchId: number, period: { from: IsoDate; to: IsoDate }, asOf: IsoDate) {
  return cadenceGaps({ ...period, asOf, meetings: facts.meetings, phoneTests: facts.phoneTests.get(branchId) ?? [], surveys: facts.surveys.get(branchId) ?? [] }).gaps
}

/** The 聲明異議 figures the reports print: how many, and how many were corrected, forwarded and decided on time. */
export function onTimeFigures(f: ReturnType<typeof objectionTimeliness>) {
  const { total, corrected, correctedOnTimeShare, forwarded, forwardedOnTimeShare, decided, decidedOnTimeShare, overdue } = f
  return { total, corrected, correctedOnTimeShare, forwarded, forwardedOnTimeShare, decided, decidedOnTimeShare, overdue }
}

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
      for (const g of branchCadenceGaps(facts, b.id, p, asOf)) cadence.push({ branchCode: b.code, message: g.message! })
    }
    for (const [i, r] of rounds.entries()) {
      const rows = await listObjections(db, b.id, periods[i]!)
      if (rows.length === 0) continue
      objections.push({ branchCode: b.code, round: r, ...onTimeFigures(objectionTimeliness(rows, { asOf })) })
    }
  }
  return { cadenceGaps: cadence, cadenceNotChecked: UNCHECKED_CADENCE_KINDS.map((k) => CADENCE_RULES[k].zh), objections }
}
