import type { ColumnType, Generated } from 'kysely'

type DateColumn = ColumnType<Date | string, string, string>

/** `survey_tally`: answers to one survey question for one branch and period, counted per level. */
export interface SurveyTallyTable {
  id: Generated<number>
  branchId: number
  periodStart: DateColumn
  periodEnd: DateColumn
  surveyKind: string
  question: string
  scale: string
  indicator: string | null
  /** Best level first; for waiting time the five buckets, shortest first. */
  counts: number[]
  invalid: Generated<number>
  /** Bumped whenever the tally is replaced (re-entry or import); 1 when entered. */
  version: Generated<number>
  createdBy: number | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

/** `phone_test`: one phone courtesy test of one person. `total` is numeric: pg returns a string. */
export interface PhoneTestTable {
  id: Generated<number>
  branchId: number
  testedOn: DateColumn
  person: string
  extension: string | null
  components: ColumnType<Record<string, number>, string, string>
  total: ColumnType<string, number | string, number | string>
  note: string | null
  /** Bumped by every correction (optimistic concurrency); 1 when entered. */
  version: Generated<number>
  createdBy: number | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

/** `petition`: one 人民陳情 case; closed within 6 days is on time. */
export interface PetitionTable {
  id: Generated<number>
  branchId: number
  receivedOn: DateColumn
  closedOn: ColumnType<Date | string | null, string | null, string | null>
  category: string
  channel: string
  subject: Generated<string>
  /** Bumped by every correction (optimistic concurrency); 1 when entered. */
  version: Generated<number>
  createdBy: number | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}
