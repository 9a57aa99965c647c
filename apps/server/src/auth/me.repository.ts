import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { CommitteeRole, SessionUser } from '../trpc/context.js'

/** A seat on one round's committee. */
export interface CommitteeSeat {
  roundId: number
  rocYear: number
  half: number
  role: CommitteeRole
}

/** The signed-in user as the admin needs it: account roles, branch, committee seats. */
export interface Me extends SessionUser {
  branch: { id: number; code: string; name: string } | null
  /** True when the user sits on at least one round's committee. */
  committee: boolean
  committeeRounds: CommitteeSeat[]
}

/**
 * Builds `Me` for a user. Committee seats come from `round_member` when that table exists
 * (the inspections migration adds it), otherwise none.
 */
export async function loadMe(db: Kysely<Database>, user: SessionUser): Promise<Me> {
  const branch =
    user.branchId === null
      ? null
      : ((await db.selectFrom('branch').select(['id', 'code', 'name']).where('id', '=', user.branchId).executeTakeFirst()) ?? null)
  const committeeRounds = await committeeSeats(db, user.id)
  return { ...user, branch, committee: committeeRounds.length > 0, committeeRounds }
}

async function committeeSeats(db: Kysely<Database>, userId: number): Promise<CommitteeSeat[]> {
  const { rows } = await sql<{ present: boolean }>`select to_regclass('public.round_member') is not null as present`.execute(db)
  if (!rows[0]?.present) return []
  const seats = await sql<{ roundId: number; rocYear: number; half: number; role: CommitteeRole }>`
    select rm.round_id, r.roc_year, r.half, rm.role
    from round_member rm join round r on r.id = rm.round_id
    where rm.user_id = ${userId}
    order by r.roc_year desc, r.half desc`.execute(db)
  return seats.rows.map((s) => ({ roundId: s.roundId, rocYear: s.rocYear, half: s.half, role: s.role }))
}
