import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** date columns: read through `to_char` in the repositories (drivers differ); written as 'YYYY-MM-DD'. */
type DateColumn = ColumnType<Date | string, string, string>

/** `remediation_item`: one 應改進事項 under tracking (列管), versioned for optimistic concurrency. */
export interface RemediationItemTable {
  id: Generated<number>
  inspectionId: number
  branchId: number
  roundId: number
  originRoundId: number | null
  criterionCode: string
  unitId: number
  title: string
  finding: Generated<string>
  dueDate: DateColumn
  /** A state of @leap/domain's remediation lifecycle. */
  status: string
  version: Generated<number>
  createdBy: number | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
  closedAt: Date | null
}

/** `remediation_event`: the timeline of an item — every transition, progress note and reason. */
export interface RemediationEventTable {
  id: Generated<number>
  remediationItemId: number
  action: string
  fromStatus: string | null
  toStatus: string
  actorId: number | null
  note: string | null
  at: Generated<Date>
}

/** `evidence_file`: an uploaded proof of remediation, on disk (content-addressed) or in `content`. */
export interface EvidenceFileTable {
  id: Generated<number>
  /** Owner: a remediation item, or (0006) one criterion of an inspection's score sheet — exactly one. */
  remediationItemId: number | null
  inspectionId: number | null
  criterionCode: string | null
  eventId: number | null
  filename: string
  mime: string
  size: number
  sha256: string
  storage: 'disk' | 'db'
  content: Uint8Array | null
  path: string | null
  uploadedBy: number | null
  uploadedAt: Generated<Date>
}

export type RemediationItemRow = Selectable<RemediationItemTable>
export type NewRemediationItemRow = Insertable<RemediationItemTable>
export type RemediationEventRow = Selectable<RemediationEventTable>
export type NewEvidenceFileRow = Insertable<EvidenceFileTable>
