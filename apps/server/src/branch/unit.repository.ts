import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'

/** A unit (承辦單位) of a branch as the admin lists it. */
export interface UnitRecord {
  id: number
  branchId: number
  name: string
  /** Null while in use; a retired unit is offered for no new item, but items keep it. */
  retiredAt: Date | null
  /** Remediation items and improvement measures assigned to it (a unit in use is retired, not deleted). */
  itemCount: number
}

/** True when a branch with this id exists. */
export async function branchExists(db: Kysely<Database>, branchId: number): Promise<boolean> {
  return Boolean(await db.selectFrom('branch').select('id').where('id', '=', branchId).executeTakeFirst())
}

/**
 * A branch's units in name order (retired ones last when included), each with how many items use
 * it. `includeRetired: false` gives the choices for a new item.
 */
export async function listUnits(db: Kysely<Database>, branchId: number, options: { includeRetired: boolean }): Promise<UnitRecord[]> {
  let query = db
    .selectFrom('unit')
    .select((eb) => [
      'unit.id',
      'unit.branchId',
      'unit.name',
      'unit.retiredAt',
      eb
        .selectFrom('remediationItem')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('remediationItem.unitId', '=', 'unit.id')
        .as('items'),
      eb
        .selectFrom('improvementMeasure')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('improvementMeasure.unitId', '=', 'unit.id')
        .as('measures'),
    ])
    .where('unit.branchId', '=', branchId)
  if (!options.includeRetired) query = query.where('unit.retiredAt', 'is', null)
  const rows = await query.orderBy((eb) => eb('unit.retiredAt', 'is not', null)).orderBy('unit.id').execute()
  return rows.map(({ items, measures, ...unit }) => ({ ...unit, itemCount: Number(items ?? 0) + Number(measures ?? 0) }))
}

/** The units in use (not retired) of a branch, `{ id, name }` in the order `listUnits` gives. */
export async function listActiveUnits(db: Kysely<Database>, branchId: number): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('unit').select(['id', 'name']).where('branchId', '=', branchId).where('retiredAt', 'is', null).orderBy('id').execute()
}

export async function findUnit(db: Kysely<Database>, id: number): Promise<UnitRecord | undefined> {
  const row = await db.selectFrom('unit').select(['id', 'branchId', 'name', 'retiredAt']).where('id', '=', id).executeTakeFirst()
  if (!row) return undefined
  return (await listUnits(db, row.branchId, { includeRetired: true })).find((u) => u.id === id)
}

/** The unit of `branchId` named `name` exactly (retired or not), other than `exceptId`. */
export async function findUnitByName(db: Kysely<Database>, branchId: number, name: string, exceptId?: number) {
  let query = db.selectFrom('unit').select(['id', 'name', 'retiredAt']).where('branchId', '=', branchId).where('name', '=', name)
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId)
  return query.executeTakeFirst()
}

export async function insertUnit(db: Kysely<Database>, unit: { branchId: number; name: string }): Promise<number> {
  const row = await db.insertInto('unit').values(unit).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function updateUnit(db: Kysely<Database>, id: number, change: { name?: string; retiredAt?: Date | null }): Promise<void> {
  await db.updateTable('unit').set(change).where('id', '=', id).execute()
}
