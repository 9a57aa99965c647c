import type { ColumnType, Generated, Selectable } from 'kysely'

/** JSON written as a string (pg would turn a JS array into a SQL array), read back parsed. */
type JsonColumn = ColumnType<unknown, string, string>

/** `app_setting`: one setting the agency changes in the app. A key without a row has its default. */
export interface AppSettingTable {
  key: string
  value: JsonColumn
  /** Moves on at every change, so an edit opened before another is refused as stale. */
  version: Generated<number>
  updatedAt: Generated<Date>
  updatedBy: number | null
}

export type AppSettingRow = Selectable<AppSettingTable>
