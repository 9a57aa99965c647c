import type { Generated } from 'kysely'

/** `report_narrative`: the text of one section of a branch's results report (ROC year, report 1|2). */
export interface ReportNarrativeTable {
  branchId: number
  rocYear: number
  report: number
  sectionKey: string
  text: string
  updatedBy: number | null
  updatedAt: Generated<Date>
}
