import type { Kysely } from 'kysely'
import type { InspectionScope } from '../access/committee.js'
import type { Database } from '../db/database.js'
import type { CommitteeRole } from '../trpc/context.js'
import type { RoundStatus } from './round.table.js'

type Db = Kysely<Database>

/** An inspection round: ROC year + half (1 上半年, 2 下半年), scored on one catalogue version. */
export interface RoundRecord {
  id: number
  rocYear: number
  half: 1 | 2
  catalogueId: number
  catalogueTitle: string
  catalogueVersion: number
  status: RoundStatus
  createdAt: Date
}

/** One seat on a round's committee. */
export interface RosterEntry {
  userId: number
  displayName: string
  role: CommitteeRole
}

/** A declared conflict of interest: the member does not score that branch in that round. */
export interface ConflictOfInterestRecord {
  id: number
  roundId: number
  userId: number
  displayName: string
  branchId: number
  reason: string
  declaredAt: Date
}

function roundQuery(db: Db) {
  return db
    .selectFrom('round')
    .innerJoin('catalogue', 'catalogue.id', 'round.catalogueId')
    .select([
      'round.id',
      'round.rocYear',
      'round.half',
      'round.catalogueId',
      'catalogue.title as catalogueTitle',
      'catalogue.version as catalogueVersion',
      'round.status',
      'round.createdAt',
    ])
}

function toRound(row: Omit<RoundRecord, 'half'> & { half: number }): RoundRecord {
  return { ...row, half: row.half === 1 ? 1 : 2 }
}

/**
 * Rounds within a scope, newest first: all for agency users; otherwise the rounds whose committee
 * the user sits on and the rounds holding an inspection of their branch.
 */
export async function listRounds(db: Db, scope: InspectionScope): Promise<RoundRecord[]> {
  let query = roundQuery(db).orderBy('round.rocYear', 'desc').orderBy('round.half', 'desc')
  if (!scope.all) {
    const { roundIds, branchIds } = scope
    if (roundIds.length === 0 && branchIds.length === 0) return []
    query = query.where((eb) => {
      const ors = []
      if (roundIds.length > 0) ors.push(eb('round.id', 'in', roundIds))
      if (branchIds.length > 0) {
        ors.push(
          eb.exists(
            eb
              .selectFrom('inspection')
              .select('inspection.id')
              .whereRef('inspection.roundId', '=', 'round.id')
              .where('inspection.branchId', 'in', branchIds),
          ),
        )
      }
      return eb.or(ors)
    })
  }
  return (await query.execute()).map(toRound)
}

/** One round, or undefined. */
export async function findRound(db: Db, id: number): Promise<RoundRecord | undefined> {
  const row = await roundQuery(db).where('round.id', '=', id).executeTakeFirst()
  return row ? toRound(row) : undefined
}

/** Inserts a round; the unique (roc_year, half) key refuses a second round for the same half year. */
export async function insertRound(db: Db, round: { rocYear: number; half: 1 | 2; catalogueId: number; status?: RoundStatus }): Promise<number> {
  const row = await db
    .insertInto('round')
    .values({ rocYear: round.rocYear, half: round.half, catalogueId: round.catalogueId, ...(round.status ? { status: round.status } : {}) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Inserts the roster of a round in one statement. */
export async function insertRoster(db: Db, roundId: number, seats: readonly { userId: number; role: CommitteeRole }[]): Promise<void> {
  if (seats.length === 0) return
  await db
    .insertInto('roundMember')
    .values(seats.map((s) => ({ roundId, userId: s.userId, role: s.role })))
    .execute()
}

/** The roster of a round: convener first, then members, then the secretary, by name. */
export async function listRoster(db: Db, roundId: number): Promise<RosterEntry[]> {
  const rows = await db
    .selectFrom('roundMember')
    .innerJoin('appUser', 'appUser.id', 'roundMember.userId')
    .select(['roundMember.userId', 'appUser.displayName', 'roundMember.role', 'appUser.username'])
    .where('roundMember.roundId', '=', roundId)
    .execute()
  const order: Record<CommitteeRole, number> = { convener: 0, member: 1, secretary: 2 }
  return rows
    .sort((a, b) => order[a.role] - order[b.role] || a.username.localeCompare(b.username))
    .map((r) => ({ userId: r.userId, displayName: r.displayName, role: r.role }))
}

/** Conflicts of interest declared in a round. */
export async function listConflicts(db: Db, roundId: number): Promise<ConflictOfInterestRecord[]> {
  return db
    .selectFrom('conflictOfInterest')
    .innerJoin('appUser', 'appUser.id', 'conflictOfInterest.userId')
    .select([
      'conflictOfInterest.id',
      'conflictOfInterest.roundId',
      'conflictOfInterest.userId',
      'appUser.displayName',
      'conflictOfInterest.branchId',
      'conflictOfInterest.reason',
      'conflictOfInterest.declaredAt',
    ])
    .where('conflictOfInterest.roundId', '=', roundId)
    .orderBy('conflictOfInterest.declaredAt')
    .execute()
}

/**
 * Records a conflict of interest. Returns its id, or undefined when the same member already
 * declared one for that branch in that round (unique key; nothing changes).
 */
export async function insertConflict(
  db: Db,
  conflict: { roundId: number; userId: number; branchId: number; reason: string; declaredAt: Date },
): Promise<number | undefined> {
  const row = await db
    .insertInto('conflictOfInterest')
    .values(conflict)
    .onConflict((oc) => oc.columns(['roundId', 'userId', 'branchId']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id
}

/** Ids of the users among `ids` that exist and are active. */
export async function activeUserIds(db: Db, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return []
  const rows = await db.selectFrom('appUser').select('id').where('id', 'in', ids).where('active', '=', true).execute()
  return rows.map((r) => r.id)
}

/** True when the scope covers the round: agency users, its committee, or a branch inspected in it. */
export async function roundVisible(db: Db, scope: InspectionScope, roundId: number): Promise<boolean> {
  if (scope.all || scope.roundIds.includes(roundId)) return true
  if (scope.branchIds.length === 0) return false
  const row = await db
    .selectFrom('inspection')
    .select('id')
    .where('roundId', '=', roundId)
    .where('branchId', 'in', scope.branchIds)
    .executeTakeFirst()
  return row !== undefined
}
