import type { Branch } from '@leap/domain'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'

export interface BranchRecord extends Branch {
  id: number
}

/** All branches in code order of the agency list (by id, which follows insertion). */
export async function listBranches(db: Kysely<Database>): Promise<BranchRecord[]> {
  return db.selectFrom('branch').select(['id', 'code', 'name', 'nameEn']).orderBy('id').execute()
}

/** One branch by id; undefined when there is none. */
export async function findBranch(db: Kysely<Database>, id: number): Promise<BranchRecord | undefined> {
  return db.selectFrom('branch').select(['id', 'code', 'name', 'nameEn']).where('id', '=', id).executeTakeFirst()
}

/** Inserts the given branches, ignoring codes already present. Returns how many were added. */
export async function insertBranches(db: Kysely<Database>, branches: readonly Branch[]): Promise<number> {
  if (branches.length === 0) return 0
  const rows = await db
    .insertInto('branch')
    .values(branches.map((b) => ({ code: b.code, name: b.name, nameEn: b.nameEn })))
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('id')
    .execute()
  return rows.length
}
