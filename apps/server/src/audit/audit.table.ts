import type { ColumnType, Generated, Selectable } from 'kysely'

/** JSON written as a string (pg would turn a JS array into a SQL array), read back parsed. */
type JsonColumn = ColumnType<unknown, string | null, never>

/** `audit_log`: append-only record of who changed what. The database refuses UPDATE and DELETE. */
export interface AuditLogTable {
  id: Generated<number>
  at: Generated<Date>
  actorId: number | null
  action: string
  entity: string
  entityId: string | null
  branchId: number | null
  before: JsonColumn
  after: JsonColumn
  ip: string | null
}

export type AuditLogRow = Selectable<AuditLogTable>
