import type { Generated } from 'kysely'

/** `sheet_completion`: a member's 完成評分 mark on an inspection (0013). */
export interface SheetCompletionTable {
  inspectionId: number
  memberId: number
  completedAt: Generated<Date>
}
