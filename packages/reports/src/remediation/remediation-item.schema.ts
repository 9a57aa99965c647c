import { isOverdue, isoDateSchema, remediationStatusSchema, type RemediationStatus } from '@leap/domain'
import { z } from 'zod'

/**
 * One remediation item (應改進事項) as the register, the results report and the meeting pack
 * print it. The server maps its `remediation_item` rows (with branch, round, unit and latest
 * progress event) to this shape.
 */
export const remediationItemSchema = z.object({
  /** Reference printed in the register, e.g. `TPE-114-1-03`. */
  ref: z.string().trim().min(1).max(40),
  branch: z.object({ code: z.string().trim().min(1).max(10), name: z.string().trim().min(1).max(50) }),
  round: z.object({ rocYear: z.number().int().min(1).max(300), half: z.union([z.literal(1), z.literal(2)]) }),
  /** 考核項目 the deduction was made under, if any. */
  criterion: z.string().max(200).nullable().default(null),
  /** 應改進事項. */
  title: z.string().trim().min(1).max(2000),
  /** 承辦單位. */
  unit: z.string().trim().min(1).max(50),
  /** 完成期限, `YYYY-MM-DD`. */
  dueDate: isoDateSchema.nullable(),
  status: remediationStatusSchema,
  /** The latest progress note (辦理情形). */
  latestProgress: z.string().max(4000).nullable().default(null),
  /** 解除列管 date, when closed. */
  closedOn: isoDateSchema.nullable().default(null),
})

export type RemediationItemInput = z.input<typeof remediationItemSchema>
export type RemediationItemData = z.output<typeof remediationItemSchema>

/** The status words used in registers and minutes. */
export const REMEDIATION_STATUS_LABELS: Readonly<Record<RemediationStatus, string>> = {
  open: '列管中',
  in_progress: '辦理中',
  submitted: '已提報待審',
  returned: '退回補正',
  closed: '解除列管',
  cancelled: '撤銷列管',
}

/** Counts of a list of items on `today`: tracked (not closed/cancelled), closed, overdue. */
export function remediationCounts(items: readonly RemediationItemData[], today: string): { total: number; tracked: number; closed: number; cancelled: number; overdue: number } {
  return {
    total: items.length,
    cancelled: items.filter((i) => i.status === 'cancelled').length,
    tracked: items.filter((i) => i.status !== 'closed' && i.status !== 'cancelled').length,
    closed: items.filter((i) => i.status === 'closed').length,
    overdue: items.filter((i) => isOverdue(i, today)).length,
  }
}
