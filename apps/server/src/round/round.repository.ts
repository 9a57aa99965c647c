import type { Kysely } from 'kysely'
import { inspectionScopeCondition, type InspectionScope } from '../access/scope-filter.js'
import { INSPECTION_SCOPE_COLUMNS } from '../inspection/inspection.repository.js'
import type { Database } from '../db/database.js'
import type { InspectionStatus } from '../inspection/inspection.table.js'
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
  branchName: string
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
 * the user sits on and the rounds holding an inspection of their branch that has come (the
 * unannounced rule: never before its day).
 */
export async function listRounds(db: Db, scope: InspectionScope): Promise<RoundRecord[]> {
  let query = roundQuery(db).orderBy('round.rocYear', 'desc').orderBy('round.half', 'desc')
  if (!scope.all) {
    if (scope.roundIds.length === 0 && scope.branchIds.length === 0) return []
    query = query.where((eb) =>
      eb.or([
        ...(scope.roundIds.length > 0 ? [eb('round.id', 'in', scope.roundIds)] : []),
        eb.exists(
          eb
            .selectFrom('inspection')
            .select('inspection.id')
            .whereRef('inspection.roundId', '=', 'round.id')
            .where(inspectionScopeCondition({ ...scope, roundIds: [] }, INSPECTION_SCOPE_COLUMNS)),
        ),
      ]),
    )
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
    .innerJoin('branch', 'branch.id', 'conflictOfInterest.branchId')
    .select([
      'conflictOfInterest.id',
      'conflictOfInterest.roundId',
      'conflictOfInterest.userId',
      'appUser.displayName',
      'conflictOfInterest.branchId',
      'branch.name as branchName',
      'conflictOfInterest.reason',
      'conflictOfInterest.declaredAt',
    ])
    .where('conflictOfInterest.roundId', '=', roundId)
    .orderBy('conflictOfInterest.declaredAt')
    .orderBy('conflictOfInterest.id')
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

/** The status of a branch's inspection in a round, or undefined when it has none yet. */
export async function inspectionStatusIn(db: Db, roundId: number, branchId: number): Promise<InspectionStatus | undefined> {
  const row = await db.selectFrom('inspection').select('status').where('roundId', '=', roundId).where('branchId', '=', branchId).executeTakeFirst()
  return row?.status
}

/** True when the scope covers the round: agency users, its committee, or a branch inspected in it (from the day on). */
export async function roundVisible(db: Db, scope: InspectionScope, roundId: number): Promise<boolean> {
  if (scope.all || scope.roundIds.includes(roundId)) return true
  if (scope.branchIds.length === 0) return false
  const row = await db
    .selectFrom('inspection')
    .select('id')
    .where('roundId', '=', roundId)
    .where(inspectionScopeCondition({ ...scope, roundIds: [] }, INSPECTION_SCOPE_COLUMNS))
    .executeTakeFirst()
  return row !== undefined
}

/** The round of a half year, if it exists. */
export async function findRoundOf(db: Db, half: { rocYear: number; half: 1 | 2 }): Promise<RoundRecord | undefined> {
  const row = await roundQuery(db).where('round.rocYear', '=', half.rocYear).where('round.half', '=', half.half).executeTakeFirst()
  return row ? toRound(row) : undefined
}

/** Ids of the remediation items currently in a round, in id order. */
export async function roundItemIds(db: Db, roundId: number): Promise<number[]> {
  const rows = await db.selectFrom('remediationItem').select('id').where('roundId', '=', roundId).orderBy('id').execute()
  return rows.map((r) => r.id)
}

/** What decides whether a user may take a roster seat: active, and not a branch account. */
export interface RosterCandidate {
  id: number
  active: boolean
  branchRole: string | null
}

/** The users among `ids` as roster candidates (missing ids are absent). */
export async function rosterCandidates(db: Db, ids: readonly number[]): Promise<RosterCandidate[]> {
  if (ids.length === 0) return []
  return db.selectFrom('appUser').select(['id', 'active', 'branchRole']).where('id', 'in', ids).execute()
}

/** Replaces a round's whole roster in the caller's transaction. */
export async function replaceRoster(db: Db, roundId: number, seats: readonly { userId: number; role: CommitteeRole }[]): Promise<void> {
  await db.deleteFrom('roundMember').where('roundId', '=', roundId).execute()
  await insertRoster(db, roundId, seats)
}

/** Per member, the number of scores they saved on the round's inspections (members without scores absent). */
export async function memberScoreCounts(db: Db, roundId: number, userIds: readonly number[]): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('memberScore')
    .innerJoin('inspection', 'inspection.id', 'memberScore.inspectionId')
    .select(['memberScore.memberId', (eb) => eb.fn.countAll<string>().as('n')])
    .where('inspection.roundId', '=', roundId)
    .where('memberScore.memberId', 'in', userIds)
    .groupBy('memberScore.memberId')
    .execute()
  return new Map(rows.map((r) => [r.memberId, Number(r.n)]))
}

/** The round's inspections not yet signed or closed, in branch order. */
export async function unfinishedInspections(db: Db, roundId: number): Promise<{ id: number; branchName: string; status: string }[]> {
  return db
    .selectFrom('inspection')
    .innerJoin('branch', 'branch.id', 'inspection.branchId')
    .select(['inspection.id', 'branch.name as branchName', 'inspection.status'])
    .where('inspection.roundId', '=', roundId)
    .where('inspection.status', 'not in', ['signed', 'closed'])
    .orderBy('inspection.branchId')
    .execute()
}

/** Sets a round's status when it is still `from`. @returns false when it was not. */
export async function changeRoundStatus(db: Db, id: number, from: RoundStatus, to: RoundStatus): Promise<boolean> {
  const result = await db.updateTable('round').set({ status: to }).where('id', '=', id).where('status', '=', from).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
