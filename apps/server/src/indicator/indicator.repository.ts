import type { IsoDate } from '@leap/domain'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'

type Db = Kysely<Database>

/** Answers to one survey question for one branch and period. */
export interface SurveyTally {
  id: number
  branchId: number
  periodStart: IsoDate
  periodEnd: IsoDate
  surveyKind: string
  question: string
  scale: string
  indicator: string | null
  counts: number[]
  invalid: number
}

export interface PhoneTest {
  id: number
  branchId: number
  testedOn: IsoDate
  person: string
  extension: string | null
  components: Record<string, number>
  total: number
  note: string | null
}

export interface Petition {
  id: number
  branchId: number
  receivedOn: IsoDate
  closedOn: IsoDate | null
  category: string
  channel: string
  subject: string
}

/** A closed date range; rows whose own period/date lies inside it are selected. */
export interface Period {
  from: IsoDate
  to: IsoDate
}

export type NewSurveyTally = Omit<SurveyTally, 'id'> & { createdBy: number | null }
export type NewPhoneTest = Omit<PhoneTest, 'id'> & { createdBy: number | null }
export type NewPetition = Omit<Petition, 'id'> & { createdBy: number | null }

/** Tallies of the branch whose period lies within `period`, by period then question. */
export async function listSurveyTallies(db: Db, branchId: number, period: Period): Promise<SurveyTally[]> {
  const rows = await db
    .selectFrom('surveyTally')
    .select([
      'id',
      'branchId',
      sql<string>`to_char(period_start, 'YYYY-MM-DD')`.as('periodStart'),
      sql<string>`to_char(period_end, 'YYYY-MM-DD')`.as('periodEnd'),
      'surveyKind',
      'question',
      'scale',
      'indicator',
      'counts',
      'invalid',
    ])
    .where('branchId', '=', branchId)
    .where('periodStart', '>=', period.from)
    .where('periodEnd', '<=', period.to)
    .orderBy('periodStart')
    .orderBy('surveyKind')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ ...r, counts: r.counts.map(Number) }))
}

/** Inserts or replaces (same branch, period, kind and question) survey tallies. Returns their ids. */
export async function upsertSurveyTallies(db: Db, rows: readonly NewSurveyTally[]): Promise<number[]> {
  if (rows.length === 0) return []
  const result = await db
    .insertInto('surveyTally')
    .values(rows.map((r) => ({ ...r, counts: sql<number[]>`${sql.val(r.counts)}::integer[]` })))
    .onConflict((oc) =>
      oc.columns(['branchId', 'periodStart', 'periodEnd', 'surveyKind', 'question']).doUpdateSet((eb) => ({
        scale: eb.ref('excluded.scale'),
        indicator: eb.ref('excluded.indicator'),
        counts: eb.ref('excluded.counts'),
        invalid: eb.ref('excluded.invalid'),
        createdBy: eb.ref('excluded.createdBy'),
      })),
    )
    .returning('id')
    .execute()
  return result.map((r) => r.id)
}

/** Phone tests of the branch in the period, by date. */
export async function listPhoneTests(db: Db, branchId: number, period: Period): Promise<PhoneTest[]> {
  const rows = await db
    .selectFrom('phoneTest')
    .select(['id', 'branchId', sql<string>`to_char(tested_on, 'YYYY-MM-DD')`.as('testedOn'), 'person', 'extension', 'components', 'total', 'note'])
    .where('branchId', '=', branchId)
    .where('testedOn', '>=', period.from)
    .where('testedOn', '<=', period.to)
    .orderBy('testedOn')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ ...r, total: Number(r.total) }))
}

export async function insertPhoneTests(db: Db, rows: readonly NewPhoneTest[]): Promise<number[]> {
  if (rows.length === 0) return []
  const result = await db
    .insertInto('phoneTest')
    .values(rows.map((r) => ({ ...r, components: JSON.stringify(r.components) })))
    .returning('id')
    .execute()
  return result.map((r) => r.id)
}

/** Petitions of the branch received in the period, by date received. */
export async function listPetitions(db: Db, branchId: number, period: Period): Promise<Petition[]> {
  return db
    .selectFrom('petition')
    .select([
      'id',
      'branchId',
      sql<string>`to_char(received_on, 'YYYY-MM-DD')`.as('receivedOn'),
      sql<string | null>`to_char(closed_on, 'YYYY-MM-DD')`.as('closedOn'),
      'category',
      'channel',
      'subject',
    ])
    .where('branchId', '=', branchId)
    .where('receivedOn', '>=', period.from)
    .where('receivedOn', '<=', period.to)
    .orderBy('receivedOn')
    .orderBy('id')
    .execute()
}

export async function insertPetitions(db: Db, rows: readonly NewPetition[]): Promise<number[]> {
  if (rows.length === 0) return []
  const result = await db.insertInto('petition').values(rows).returning('id').execute()
  return result.map((r) => r.id)
}
