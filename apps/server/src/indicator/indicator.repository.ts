import { parseCatalogue, type Catalogue, type IsoDate } from '@leap/domain'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { bumpVersion } from '../db/guarded-update.js'

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
  /** Moved on whenever the tally is replaced; pass it back as `expectedVersion`. */
  version: number
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
  /** Bumped by every correction; pass it back as `expectedVersion`. */
  version: number
}

export interface Petition {
  id: number
  branchId: number
  receivedOn: IsoDate
  closedOn: IsoDate | null
  category: string
  channel: string
  subject: string
  /** Bumped by every correction; pass it back as `expectedVersion`. */
  version: number
}

/** A closed date range; rows whose own period/date lies inside it are selected. */
export interface Period {
  from: IsoDate
  to: IsoDate
}

export type NewSurveyTally = Omit<SurveyTally, 'id' | 'version'> & { createdBy: number | null }
export type NewPhoneTest = Omit<PhoneTest, 'id' | 'version'> & { createdBy: number | null }
export type NewPetition = Omit<Petition, 'id' | 'version'> & { createdBy: number | null }
/** What a correction may change of a phone test (the branch never changes). */
export type PhoneTestChange = Partial<Omit<PhoneTest, 'id' | 'branchId' | 'version'>>
/** What a correction may change of a petition (the branch never changes). */
export type PetitionChange = Partial<Omit<Petition, 'id' | 'branchId' | 'version'>>

/** The indicator tables whose rows carry a version and can be deleted one by one. */
export type VersionedIndicatorTable = 'surveyTally' | 'phoneTest' | 'petition'

/** Deletes one row of an indicator table if its version is still `expectedVersion`. False when stale or gone. */
export async function deleteIndicatorRow(db: Db, table: VersionedIndicatorTable, id: number, expectedVersion: number): Promise<boolean> {
  const result = await db.deleteFrom(table).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** Tallies of the branch whose period lies within `period`, by period then question. */
export async function listSurveyTallies(db: Db, branchId: number, period: Period): Promise<SurveyTally[]> {
  const rows = await selectSurveyTallies(db)
    .where('branchId', '=', branchId)
    .where('periodStart', '>=', period.from)
    .where('periodEnd', '<=', period.to)
    .orderBy('periodStart')
    .orderBy('surveyKind')
    .orderBy('id')
    .execute()
  return rows.map(toSurveyTally)
}

function selectSurveyTallies(db: Db) {
  return db
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
      'version',
    ])
}

function toSurveyTally<R extends { counts: unknown[] }>(row: R): Omit<R, 'counts'> & { counts: number[] } {
  return { ...row, counts: row.counts.map(Number) }
}

/** One survey tally by id, whatever its branch (callers check visibility); undefined when missing. */
export async function findSurveyTally(db: Db, id: number): Promise<SurveyTally | undefined> {
  const row = await selectSurveyTallies(db).where('id', '=', id).executeTakeFirst()
  return row && toSurveyTally(row)
}

/**
 * Inserts or replaces (same branch, period, kind and question) survey tallies. Returns their ids.
 * A replaced tally moves to a new version, so a delete opened before the replacement (on the
 * indicator page, or before an import) is refused as stale.
 */
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
        version: eb('surveyTally.version', '+', 1),
        updatedAt: sql<Date>`now()`,
      })),
    )
    .returning('id')
    .execute()
  return result.map((r) => r.id)
}

/** Phone tests of the branch in the period, by date. */
export async function listPhoneTests(db: Db, branchId: number, period: Period): Promise<PhoneTest[]> {
  const rows = await selectPhoneTests(db)
    .where('branchId', '=', branchId)
    .where('testedOn', '>=', period.from)
    .where('testedOn', '<=', period.to)
    .orderBy('testedOn')
    .orderBy('id')
    .execute()
  return rows.map(toPhoneTest)
}

function selectPhoneTests(db: Db) {
  return db
    .selectFrom('phoneTest')
    .select(['id', 'branchId', sql<string>`to_char(tested_on, 'YYYY-MM-DD')`.as('testedOn'), 'person', 'extension', 'components', 'total', 'note', 'version'])
}

function toPhoneTest<R extends { total: string }>(row: R): Omit<R, 'total'> & { total: number } {
  return { ...row, total: Number(row.total) }
}

/** One phone test by id, whatever its branch (callers check visibility); undefined when missing. */
export async function findPhoneTest(db: Db, id: number): Promise<PhoneTest | undefined> {
  const row = await selectPhoneTests(db).where('id', '=', id).executeTakeFirst()
  return row && toPhoneTest(row)
}

/**
 * Applies `change` to the phone test if its version is still `expectedVersion`, bumping the
 * version. Returns the row as stored afterwards, or undefined when the version was stale or the
 * row is gone (then nothing changed).
 */
export async function updatePhoneTest(db: Db, id: number, expectedVersion: number, change: PhoneTestChange, at: Date): Promise<PhoneTest | undefined> {
  const { components, ...rest } = change
  const values = { ...rest, ...(components !== undefined ? { components: JSON.stringify(components) } : {}) }
  return (await bumpVersion(db, 'phoneTest', id, expectedVersion, values, at)) ? findPhoneTest(db, id) : undefined
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
  return selectPetitions(db)
    .where('branchId', '=', branchId)
    .where('receivedOn', '>=', period.from)
    .where('receivedOn', '<=', period.to)
    .orderBy('receivedOn')
    .orderBy('id')
    .execute()
}

function selectPetitions(db: Db) {
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
      'version',
    ])
}

/** One petition by id, whatever its branch (callers check visibility); undefined when missing. */
export async function findPetition(db: Db, id: number): Promise<Petition | undefined> {
  return selectPetitions(db).where('id', '=', id).executeTakeFirst()
}

/**
 * Applies `change` to the petition if its version is still `expectedVersion`, bumping the version.
 * Returns the row as stored afterwards, or undefined when the version was stale or the row is gone.
 */
export async function updatePetition(db: Db, id: number, expectedVersion: number, change: PetitionChange, at: Date): Promise<Petition | undefined> {
  return (await bumpVersion(db, 'petition', id, expectedVersion, change, at)) ? findPetition(db, id) : undefined
}

export async function insertPetitions(db: Db, rows: readonly NewPetition[]): Promise<number[]> {
  if (rows.length === 0) return []
  const result = await db.insertInto('petition').values(rows).returning('id').execute()
  return result.map((r) => r.id)
}

/** A round named by id or by half year, with its catalogue (what tier suggestions are read against); undefined when not created. */
export async function findRoundCatalogue(db: Db, which: { id: number } | { rocYear: number; half: 1 | 2 }): Promise<{ id: number; catalogue: Catalogue } | undefined> {
  let query = db.selectFrom('round').innerJoin('catalogue', 'catalogue.id', 'round.catalogueId').select(['round.id', 'catalogue.data'])
  query = 'id' in which ? query.where('round.id', '=', which.id) : query.where('round.rocYear', '=', which.rocYear).where('round.half', '=', which.half)
  const row = await query.executeTakeFirst()
  return row ? { id: row.id, catalogue: parseCatalogue(row.data) } : undefined
}
