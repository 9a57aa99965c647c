import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** `catalogue`: one version of a criteria catalogue; `data` holds the catalogue as parsed by @leap/domain. */
export interface CatalogueTable {
  id: Generated<number>
  code: string
  version: number
  title: string
  effectiveRocYear: number
  data: ColumnType<unknown, string, string>
  lockedAt: Date | null
  /** md5 of the stored data, kept by the database (generated column): the cache key of parsed catalogues. */
  contentMd5: ColumnType<string, never, never>
  createdBy: number | null
  createdAt: Generated<Date>
}

export type CatalogueRow = Selectable<CatalogueTable>
export type NewCatalogueRow = Insertable<CatalogueTable>

/** `catalogue_mapping`: the criterion mapping from one catalogue version to another (a domain `CatalogueMapping` in `data`). */
export interface CatalogueMappingTable {
  id: Generated<number>
  fromCatalogueId: number
  toCatalogueId: number
  data: ColumnType<unknown, string, string>
  version: Generated<number>
  updatedBy: number | null
  updatedAt: Generated<Date>
}

export type CatalogueMappingRow = Selectable<CatalogueMappingTable>

/** `catalogue_draft`: a catalogue version being drafted (migration 0021): content as typed, not yet valid. */
export interface CatalogueDraftTable {
  id: Generated<number>
  /** The version it was drafted from; null once that version is gone. */
  baseCatalogueId: number | null
  data: ColumnType<unknown, string, string>
  version: Generated<number>
  updatedBy: number | null
  updatedAt: Generated<Date>
  createdAt: Generated<Date>
}

export type CatalogueDraftRow = Selectable<CatalogueDraftTable>
