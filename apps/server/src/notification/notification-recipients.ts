import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { CommitteeRole } from '../trpc/context.js'

type Db = Kysely<Database>

/** Active manager and staff accounts of one branch: the people who act on its items. */
export async function branchUsers(db: Db, branchId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('appUser')
    .select('id')
    .where('branchId', '=', branchId)
    .where('branchRole', 'in', ['manager', 'staff'])
    .where('active', '=', true)
    .orderBy('id')
    .execute()
  return rows.map((r) => r.id)
}

/** Active branch users of several branches, by branch id. */
export async function branchUsersByBranch(db: Db, branchIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>()
  if (branchIds.length === 0) return out
  const rows = await db
    .selectFrom('appUser')
    .select(['id', 'branchId'])
    .where('branchId', 'in', [...branchIds])
    .where('branchRole', 'in', ['manager', 'staff'])
    .where('active', '=', true)
    .orderBy('id')
    .execute()
  for (const row of rows) out.set(row.branchId!, [...(out.get(row.branchId!) ?? []), row.id])
  return out
}

/**
 * Active members of a round's committee holding one of `roles`. With `notRecusedFrom`, those who
 * declared a conflict of interest for that branch in the round are left out (they do not act on it).
 */
export async function roundCommittee(db: Db, roundId: number, roles: readonly CommitteeRole[], notRecusedFrom?: number): Promise<number[]> {
  let query = db
    .selectFrom('roundMember as rm')
    .innerJoin('appUser as u', 'u.id', 'rm.userId')
    .select('u.id')
    .where('rm.roundId', '=', roundId)
    .where('rm.role', 'in', [...roles])
    .where('u.active', '=', true)
  if (notRecusedFrom !== undefined) {
    query = query.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('conflictOfInterest as ci')
            .select('ci.id')
            .whereRef('ci.roundId', '=', 'rm.roundId')
            .whereRef('ci.userId', '=', 'rm.userId')
            .where('ci.branchId', '=', notRecusedFrom),
        ),
      ),
    )
  }
  const rows = await query.orderBy('u.id').execute()
  return rows.map((r) => r.id)
}

/** Active agency administrators. */
export async function agencyAdmins(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('appUser').select('id').where('agencyRole', '=', 'admin').where('active', '=', true).orderBy('id').execute()
  return rows.map((r) => r.id)
}
