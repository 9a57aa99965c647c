import type { ColumnType, Generated, Selectable } from 'kysely'

/** `improvement_plan`: the committee's 具體改善作法 for an inspection below the pass threshold. */
export interface ImprovementPlanTable {
  id: Generated<number>
  inspectionId: number
  summary: string
  version: Generated<number>
  createdBy: number | null
  createdAt: Generated<Date>
  updatedBy: number | null
  updatedAt: Generated<Date>
}

/** `improvement_measure`: one measure of a plan, for one responsible unit, with a due date. */
export interface ImprovementMeasureTable {
  id: Generated<number>
  planId: number
  position: number
  unitId: number
  criterionCode: string | null
  measure: string
  dueDate: ColumnType<Date | string, string, string>
}

export type ImprovementPlanRow = Selectable<ImprovementPlanTable>
export type ImprovementMeasureRow = Selectable<ImprovementMeasureTable>
