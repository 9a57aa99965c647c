import type { Generated } from 'kysely'

/** Row types of every table, as kysely sees them (camelCase through CamelCasePlugin). */
export interface BranchTable {
  id: Generated<number>
  code: string
  name: string
  nameEn: string
  createdAt: Generated<Date>
}

export interface Database {
  branch: BranchTable
}
