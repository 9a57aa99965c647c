import type { IsoDate } from '@leap/domain'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import type { InspectionStatus } from './inspection.table.js'

type Db = Kysely<Database>

/** One branch's line of a round's schedule: its inspection, or null while it still lacks one. */
export interface ScheduleLine {
  branchId: number
  branchCode: string
  branchName: string
  inspection: { id: number; inspectedOn: IsoDate; status: InspectionStatus; version: number } | null
}

/** Every branch in branch order with its inspection in `roundId` (null when none is scheduled yet). */
export async function roundSchedule(db: Db, roundId: number): Promise<ScheduleLine[]> {
  const rows = await db
    .selectFrom('branch')
    .leftJoin('inspection', (join) => join.onRef('inspection.branchId', '=', 'branch.id').on('inspection.roundId', '=', roundId))
    .select([
      'branch.id as branchId',
      'branch.code as branchCode',
      'branch.name as branchName',
      'inspection.id as inspectionId',
      sql<string | null>`${sql.ref('inspection.inspectedOn')}::text`.as('inspectedOn'),
      'inspection.status',
      'inspection.version',
    ])
    .orderBy('branch.id')
    .execute()
  return rows.map((r) => ({
    branchId: r.branchId,
    branchCode: r.branchCode,
    branchName: r.branchName,
    inspection:
      r.inspectionId === null || r.inspectedOn === null || r.status === null || r.version === null
        ? null
        : { id: r.inspectionId, inspectedOn: r.inspectedOn, status: r.status, version: r.version },
  }))
}

/** An inspection of the committee's or agency's upcoming list. */
export interface UpcomingInspection {
  id: number
  roundId: number
  rocYear: number
  half: 1 | 2
  branchId: number
  branchCode: string
  branchName: string
  inspectedOn: IsoDate
  status: InspectionStatus
  /** The caller's seat on the round's committee (null for agency users off the roster). */
  myRole: 'convener' | 'member' | 'secretary' | null
}

/**
 * Inspections on or after `today` that are not yet signed, soonest first: in every round
 * (`roundIds` null, agency users) or in the given rounds (the committee's own).
 */
export async function upcomingInspections(db: Db, userId: number, roundIds: readonly number[] | null, today: IsoDate): Promise<UpcomingInspection[]> {
  if (roundIds !== null && roundIds.length === 0) return []
  let query = db
    .selectFrom('inspection')
    .innerJoin('round', 'round.id', 'inspection.roundId')
    .innerJoin('branch', 'branch.id', 'inspection.branchId')
    .leftJoin('roundMember', (join) => join.onRef('roundMember.roundId', '=', 'inspection.roundId').on('roundMember.userId', '=', userId))
    .select([
      'inspection.id',
      'inspection.roundId',
      'round.rocYear',
      'round.half',
      'inspection.branchId',
      'branch.code as branchCode',
      'branch.name as branchName',
      sql<string>`${sql.ref('inspection.inspectedOn')}::text`.as('inspectedOn'),
      'inspection.status',
      'roundMember.role as myRole',
    ])
    .where(sql<boolean>`${sql.ref('inspection.inspectedOn')} >= ${today}::date`)
    .where('inspection.status', 'in', ['draft', 'scoring', 'consensus'])
    .orderBy('inspection.inspectedOn')
    .orderBy('inspection.branchId')
  if (roundIds !== null) query = query.where('inspection.roundId', 'in', roundIds)
  return (await query.execute()).map((r) => ({ ...r, half: r.half === 1 ? 1 : 2 }))
}

/** Moves a draft inspection to another day when its version is still `expectedVersion`. @returns false when stale. */
export async function rescheduleInspection(db: Db, id: number, expectedVersion: number, inspectedOn: IsoDate, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('inspection')
    .set((eb) => ({ inspectedOn, version: eb('version', '+', 1), updatedAt: at }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('status', '=', 'draft')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Deletes a draft inspection when its version is still `expectedVersion`. @returns false when stale. */
export async function deleteDraftInspection(db: Db, id: number, expectedVersion: number): Promise<boolean> {
  const result = await db.deleteFrom('inspection').where('id', '=', id).where('version', '=', expectedVersion).where('status', '=', 'draft').executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}

/** Number of evidence files already attached to an inspection's sheet. */
export async function countInspectionEvidence(db: Db, inspectionId: number): Promise<number> {
  const row = await db.selectFrom('evidenceFile').select((eb) => eb.fn.countAll<string>().as('n')).where('inspectionId', '=', inspectionId).executeTakeFirstOrThrow()
  return Number(row.n)
}
