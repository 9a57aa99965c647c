import type { ColumnType, Generated } from 'kysely'

type DateColumn = ColumnType<Date | string, string, string>
type OptionalDate = ColumnType<Date | string | null, string | null | undefined, string | null>

/** `objection`: one 聲明異議 a branch received, how it was found and when each step was taken. */
export interface ObjectionTable {
  id: Generated<number>
  branchId: number
  receivedOn: DateColumn
  /** `wellFounded`, `unfounded`, or null while undecided. */
  finding: string | null
  correctedOn: OptionalDate
  forwardedOn: OptionalDate
  decidedOn: OptionalDate
  subject: Generated<string>
  /** Bumped by every correction (optimistic concurrency); 1 when entered. */
  version: Generated<number>
  createdBy: number | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}
