import type { Kysely } from 'kysely'
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
  /** Every role the user holds: agency, branch, and each distinct committee role across rounds. */
  roles: Array<'admin' | 'viewer' | 'manager' | 'staff' | CommitteeRole>
  /** True when the user sits on at least one round's committee. */
  committee: boolean
  committeeRounds: CommitteeSeat[]
}

/** Builds `Me` for a user: branch, and committee seats from `round_member`, newest round first. */
export async function loadMe(db: Kysely<Database>, user: SessionUser): Promise<Me> {
  const branch =
    user.branchId === null
      ? null
      : ((await db.selectFrom('branch').select(['id', 'code', 'name']).where('id', '=', user.branchId).executeTakeFirst()) ?? null)
  const committeeRounds = await committeeSeats(db, user.id)
  const roles = [
    ...(user.agencyRole ? [user.agencyRole] : []),
    ...(user.branchRole ? [user.branchRole] : []),
    ...new Set(committeeRounds.map((s) => s.role)),
  ]
  return { ...user, branch, roles, committee: committeeRounds.length > 0, committeeRounds }
}

async function committeeSeats(db: Kysely<Database>, userId: number): Promise<CommitteeSeat[]> {
  return db
    .selectFrom('roundMember')
    .innerJoin('round', 'round.id', 'roundMember.roundId')
    .select(['roundMember.roundId', 'round.rocYear', 'round.half', 'roundMember.role'])
    .where('roundMember.userId', '=', userId)
    .orderBy('round.rocYear', 'desc')
    .orderBy('round.half', 'desc')
    .execute()
}
