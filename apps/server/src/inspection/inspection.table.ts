import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

export type InspectionStatus = 'draft' | 'scoring' | 'consensus' | 'signed' | 'closed'

/** numeric columns come back from pg as strings; we write numbers. */
type Numeric = ColumnType<string, number | string, number | string>
type NullableNumeric = ColumnType<string | null, number | string | null, number | string | null>
/** date columns: pg returns Date (or string on PGlite's text path); we write 'YYYY-MM-DD'. */
type DateColumn = ColumnType<Date | string, string, string>

/** `inspection`: one branch inspected in one round. Result columns are a snapshot written at signing. */
export interface InspectionTable {
  id: Generated<number>
  roundId: number
  branchId: number
  inspectedOn: DateColumn
  status: Generated<InspectionStatus>
  totalPoints: NullableNumeric
  passThreshold: NullableNumeric
  passed: boolean | null
  dimensionTotals: ColumnType<unknown, string | null, string | null>
  signedAt: Date | null
  signedBy: number | null
  closedAt: Date | null
  closedBy: number | null
  version: Generated<number>
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

/** `member_score`: one member's score for one criterion, versioned for optimistic concurrency. */
export interface MemberScoreTable {
  inspectionId: number
  memberId: number
  criterionCode: string
  tierId: string | null
  points: NullableNumeric
  finding: string | null
  notApplicable: Generated<boolean>
  version: Generated<number>
  updatedAt: Generated<Date>
}

/** `consensus_score`: the committee's agreed score for one criterion. */
export interface ConsensusScoreTable {
  inspectionId: number
  criterionCode: string
  tierId: string | null
  points: NullableNumeric
  finding: string | null
  notApplicable: Generated<boolean>
  unit: string | null
  ruleNote: string | null
  decidedBy: number | null
  version: Generated<number>
  updatedAt: Generated<Date>
}

export type InspectionRow = Selectable<InspectionTable>
export type NewInspectionRow = Insertable<InspectionTable>
export type MemberScoreRow = Selectable<MemberScoreTable>
export type ConsensusScoreRow = Selectable<ConsensusScoreTable>
export type { Numeric }
