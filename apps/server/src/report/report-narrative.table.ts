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
  /** Moved on by every save of the section (0015); a save names the version it was edited from. */
  version: Generated<number>
}
