import { TERMINAL_STATUSES, type IsoDate, type RemediationStatus } from '@leap/domain'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'

type Db = Kysely<Database>

/** An inspection in progress a committee member is seated on, with their seat and recusal. */
export interface CommitteeInspectionRow {
  inspectionId: number
  branchId: number
  branchName: string
  rocYear: number
  half: 1 | 2
  status: 'scoring' | 'consensus'
  role: 'convener' | 'member' | 'secretary'
  recused: boolean
  scored: number
  completed: boolean
}

/**
 * Inspections being scored or in consensus in the rounds where `userId` has a seat, one row per
 * seat, with how many criteria the user scored and whether they marked the sheet 完成評分.
 */
export async function listCommitteeInspections(db: Db, userId: number): Promise<CommitteeInspectionRow[]> {
  const rows = await db
    .selectFrom('inspection as i')
    .innerJoin('roundMember as rm', (j) => j.onRef('rm.roundId', '=', 'i.roundId').on('rm.userId', '=', userId))
    .innerJoin('round as r', 'r.id', 'i.roundId')
    .innerJoin('branch as b', 'b.id', 'i.branchId')
    .select([
      'i.id as inspectionId',
      'i.branchId',
      'b.name as branchName',
      'r.rocYear',
      'r.half',
      'i.status',
      'rm.role',
      sql<boolean>`exists (select 1 from conflict_of_interest c where c.round_id = i.round_id and c.branch_id = i.branch_id and c.user_id = ${userId})`.as('recused'),
      sql<string>`(select count(*) from member_score s where s.inspection_id = i.id and s.member_id = ${userId})`.as('scored'),
      sql<boolean>`exists (select 1 from sheet_completion sc where sc.inspection_id = i.id and sc.member_id = ${userId})`.as('completed'),
    ])
    .where('i.status', 'in', ['scoring', 'consensus'])
    .orderBy('r.rocYear', 'desc')
    .orderBy('r.half', 'desc')
    .orderBy('i.branchId')
    .execute()
  return rows.map((r) => ({
    ...r,
    half: r.half === 2 ? 2 : 1,
    status: r.status as 'scoring' | 'consensus',
    role: r.role as CommitteeInspectionRow['role'],
    scored: Number(r.scored),
    recused: Boolean(r.recused),
    completed: Boolean(r.completed),
  }))
}

/** How many scorers of an inspection marked their sheet 完成評分. */
export async function countCompletions(db: Db, inspectionId: number): Promise<number> {
  const row = await db.selectFrom('sheetCompletion').select((eb) => eb.fn.countAll<string>().as('n')).where('inspectionId', '=', inspectionId).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Open remediation items counted by branch: overdue on `today`, returned, not started, submitted (待審核). */
export interface ItemCounts {
  branchId: number
  branchName: string
  overdue: number
  returned: number
  notStarted: number
  submitted: number
}

/**
 * Counts of open items per branch, for the branches in `branchIds` (null: every branch) and,
 * when `roundIds` is given, only items of those rounds. Branches with no open item are left out.
 */
export async function countOpenItems(db: Db, today: IsoDate, filter: { branchIds?: readonly number[] | null; roundIds?: readonly number[] }): Promise<ItemCounts[]> {
  let query = db
    .selectFrom('remediationItem as ri')
    .innerJoin('branch as b', 'b.id', 'ri.branchId')
    .select([
      'ri.branchId',
      'b.name as branchName',
      sql<string>`count(*) filter (where ri.due_date < ${today})`.as('overdue'),
      sql<string>`count(*) filter (where ri.status = 'returned')`.as('returned'),
      sql<string>`count(*) filter (where ri.status = 'open')`.as('notStarted'),
      sql<string>`count(*) filter (where ri.status = 'submitted')`.as('submitted'),
    ])
    .where('ri.status', 'not in', [...TERMINAL_STATUSES])
    .groupBy(['ri.branchId', 'b.name'])
    .orderBy('ri.branchId')
  if (filter.branchIds) {
    if (filter.branchIds.length === 0) return []
    query = query.where('ri.branchId', 'in', [...filter.branchIds])
  }
  if (filter.roundIds) {
    if (filter.roundIds.length === 0) return []
    query = query.where('ri.roundId', 'in', [...filter.roundIds])
  }
  const rows = await query.execute()
  return rows.map((r) => ({
    branchId: r.branchId,
    branchName: r.branchName,
    overdue: Number(r.overdue),
    returned: Number(r.returned),
    notStarted: Number(r.notStarted),
    submitted: Number(r.submitted),
  }))
}

/** One open item of a branch, for the branch's own queue. */
export interface QueueItem {
  id: number
  title: string
  status: RemediationStatus
  dueDate: IsoDate | null
  unitName: string
}

/** The open (not closed or cancelled) items of one branch. */
export async function listOpenItems(db: Db, branchId: number): Promise<QueueItem[]> {
  const rows = await db
    .selectFrom('remediationItem as ri')
    .innerJoin('unit as u', 'u.id', 'ri.unitId')
    .select(['ri.id', 'ri.title', 'ri.status', sql<string | null>`to_char(ri.due_date, 'YYYY-MM-DD')`.as('dueDate'), 'u.name as unitName'])
    .where('ri.branchId', '=', branchId)
    .where('ri.status', 'not in', [...TERMINAL_STATUSES])
    .execute()
  return rows.map((r) => ({ ...r, status: r.status as RemediationStatus }))
}

/** A signed inspection of the latest round with signed results that did not reach the pass line. */
export interface BelowThresholdRow {
  inspectionId: number
  branchName: string
  rocYear: number
  half: 1 | 2
  totalPoints: number
  passThreshold: number
}

/** Signed or closed inspections below the pass line in the most recent round that has any signed one. */
export async function listBelowThreshold(db: Db): Promise<BelowThresholdRow[]> {
  const latest = await db
    .selectFrom('inspection as i')
    .innerJoin('round as r', 'r.id', 'i.roundId')
    .select(['r.id'])
    .where('i.status', 'in', ['signed', 'closed'])
    .orderBy('r.rocYear', 'desc')
    .orderBy('r.half', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!latest) return []
  const rows = await db
    .selectFrom('inspection as i')
    .innerJoin('round as r', 'r.id', 'i.roundId')
    .innerJoin('branch as b', 'b.id', 'i.branchId')
    .select(['i.id as inspectionId', 'b.name as branchName', 'r.rocYear', 'r.half', 'i.totalPoints', 'i.passThreshold'])
    .where('i.roundId', '=', latest.id)
    .where('i.status', 'in', ['signed', 'closed'])
    .where('i.passed', '=', false)
    .orderBy('i.totalPoints')
    .execute()
  return rows.map((r) => ({ ...r, half: r.half === 2 ? 2 : 1, totalPoints: Number(r.totalPoints), passThreshold: Number(r.passThreshold) }))
}

/** Rounds where `userId` sits as convener or secretary (who review submitted items). */
export async function reviewRoundIds(db: Db, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('roundMember').select('roundId').distinct().where('userId', '=', userId).where('role', 'in', ['convener', 'secretary']).execute()
  return rows.map((r) => r.roundId)
}
