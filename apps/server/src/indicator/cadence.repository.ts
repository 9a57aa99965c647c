import type { CadenceSpan, IsoDate } from '@leap/domain'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { Period } from './indicator.repository.js'

type Db = Kysely<Database>

/**
 * What the plan's rhythm is checked against (seeds 003/004), for the branches asked about and a
 * period. Attitude assessments (執行態度考核) are not stored by the system, so they are not read
 * here and never show as missed.
 */
export interface CadenceFacts {
  /** Days committee meetings were held. A round's committee serves every branch, so they count for all. */
  meetings: IsoDate[]
  /** Per branch: days phone courtesy tests were held. */
  phoneTests: Map<number, IsoDate[]>
  /** Per branch: field periods of the public survey (distinct survey_tally periods). */
  surveys: Map<number, CadenceSpan[]>
}

function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/**
 * Meetings, phone tests and survey periods touching [from, to] (a survey period counts when it
 * overlaps the period), for `branchIds`. Three queries, whatever the number of branches.
 */
export async function cadenceFacts(db: Db, branchIds: readonly number[], period: Period): Promise<CadenceFacts> {
  const facts: CadenceFacts = { meetings: [], phoneTests: new Map(), surveys: new Map() }
  const meetings = await db
    .selectFrom('meeting')
    .select(sql<string>`to_char(held_on, 'YYYY-MM-DD')`.as('heldOn'))
    .where('heldOn', '>=', period.from)
    .where('heldOn', '<=', period.to)
    .orderBy('heldOn')
    .execute()
  facts.meetings = meetings.map((m) => m.heldOn)
  if (branchIds.length === 0) return facts
  const [phoneTests, surveys] = await Promise.all([
    db
      .selectFrom('phoneTest')
      .select(['branchId', sql<string>`to_char(tested_on, 'YYYY-MM-DD')`.as('testedOn')])
      .where('branchId', 'in', branchIds)
      .where('testedOn', '>=', period.from)
      .where('testedOn', '<=', period.to)
      .groupBy(['branchId', 'testedOn'])
      .orderBy('testedOn')
      .execute(),
    db
      .selectFrom('surveyTally')
      .select(['branchId', sql<string>`to_char(period_start, 'YYYY-MM-DD')`.as('start'), sql<string>`to_char(period_end, 'YYYY-MM-DD')`.as('end')])
      .where('branchId', 'in', branchIds)
      .where('periodStart', '<=', period.to)
      .where('periodEnd', '>=', period.from)
      .groupBy(['branchId', 'periodStart', 'periodEnd'])
      .orderBy('periodStart')
      .execute(),
  ])
  for (const row of phoneTests) push(facts.phoneTests, row.branchId, row.testedOn)
  for (const row of surveys) push(facts.surveys, row.branchId, { start: row.start, end: row.end })
  return facts
}
