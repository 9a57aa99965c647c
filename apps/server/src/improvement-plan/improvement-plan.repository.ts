import type { IsoDate } from '@leap/domain'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { bumpVersion } from '../db/guarded-update.js'

type Db = Kysely<Database>

/** One measure of an improvement plan: what a unit of the branch will do, by when. */
export interface ImprovementMeasure {
  unitId: number
  unitName: string
  /** The deducted criterion the measure answers, if it answers one. */
  criterionCode: string | null
  measure: string
  dueDate: IsoDate
}

/** The committee's 具體改善作法 for an inspection below the pass threshold. */
export interface ImprovementPlanRecord {
  id: number
  inspectionId: number
  summary: string
  version: number
  measures: ImprovementMeasure[]
  createdBy: number | null
  createdAt: Date
  updatedBy: number | null
  updatedAt: Date
}

/** What a plan write carries. */
export interface ImprovementPlanInput {
  summary: string
  measures: readonly Omit<ImprovementMeasure, 'unitName'>[]
}

/** The plan of an inspection with its measures in order, or undefined. */
export async function findImprovementPlan(db: Db, inspectionId: number): Promise<ImprovementPlanRecord | undefined> {
  const plan = await db.selectFrom('improvementPlan').selectAll().where('inspectionId', '=', inspectionId).executeTakeFirst()
  if (!plan) return undefined
  const measures = await db
    .selectFrom('improvementMeasure')
    .innerJoin('unit', 'unit.id', 'improvementMeasure.unitId')
    .select([
      'improvementMeasure.unitId',
      'unit.name as unitName',
      'improvementMeasure.criterionCode',
      'improvementMeasure.measure',
      sql<string>`${sql.ref('improvementMeasure.dueDate')}::text`.as('dueDate'),
    ])
    .where('improvementMeasure.planId', '=', plan.id)
    .orderBy('improvementMeasure.position')
    .execute()
  return { ...plan, measures }
}

/** Inserts a plan and its measures (call inside a transaction). Returns the plan id. */
export async function insertImprovementPlan(db: Db, inspectionId: number, input: ImprovementPlanInput, by: number, at: Date): Promise<number> {
  const row = await db
    .insertInto('improvementPlan')
    .values({ inspectionId, summary: input.summary, createdBy: by, createdAt: at, updatedBy: by, updatedAt: at })
    .returning('id')
    .executeTakeFirstOrThrow()
  await insertMeasures(db, row.id, input.measures)
  return row.id
}

/**
 * Replaces a plan's summary and measures if its version is still `expectedVersion` (call inside a
 * transaction). Returns false, changing nothing, when the version moved on.
 */
export async function updateImprovementPlan(db: Db, planId: number, expectedVersion: number, input: ImprovementPlanInput, by: number, at: Date): Promise<boolean> {
  if (!(await bumpVersion(db, 'improvementPlan', planId, expectedVersion, { summary: input.summary, updatedBy: by }, at))) return false
  await db.deleteFrom('improvementMeasure').where('planId', '=', planId).execute()
  await insertMeasures(db, planId, input.measures)
  return true
}

async function insertMeasures(db: Db, planId: number, measures: ImprovementPlanInput['measures']): Promise<void> {
  if (measures.length === 0) return
  await db
    .insertInto('improvementMeasure')
    .values(measures.map((m, position) => ({ planId, position, unitId: m.unitId, criterionCode: m.criterionCode, measure: m.measure, dueDate: m.dueDate })))
    .execute()
}

/** Ids among `unitIds` that are units of `branchId`. */
export async function unitIdsOfBranch(db: Db, branchId: number, unitIds: readonly number[]): Promise<number[]> {
  if (unitIds.length === 0) return []
  const rows = await db.selectFrom('unit').select('id').where('branchId', '=', branchId).where('id', 'in', unitIds).execute()
  return rows.map((r) => r.id)
}

/** The units in use (not retired, see unit.retire) of a branch (id and name), in id order: what new measures and items may name. */
export async function listUnitsOfBranch(db: Db, branchId: number): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('unit').select(['id', 'name']).where('branchId', '=', branchId).where('retiredAt', 'is', null).orderBy('id').execute()
}
