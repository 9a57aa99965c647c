import { formatRocDate, isOverdue, roundLabel } from '@leap/domain'
import { z } from 'zod'
import { isoDateSchema } from '@leap/domain'
import { REMEDIATION_STATUS_LABELS, remediationItemSchema, type RemediationItemData, type RemediationItemInput } from '../remediation/remediation-item.schema.js'
import { addTableSheet, newWorkbook, WARN_FILL, workbookBytes, type Workbook } from './excel-common.js'

/** Column headers of the register (列管表), in order. */
export const REMEDIATION_REGISTER_COLUMNS = ['編號', '分署', '輪次', '考核項目', '應改進事項', '承辦單位', '完成期限', '辦理情形', '是否逾期', '最近辦理情形', '解除列管日期'] as const

/** Adds the 列管表 sheet: one row per item, overdue rows highlighted, as of `asOf`. */
export function addRemediationRegisterSheet(workbook: Workbook, items: readonly RemediationItemData[], asOf: string): void {
  const sheet = addTableSheet(workbook, '列管表', REMEDIATION_REGISTER_COLUMNS, [16, 10, 14, 24, 40, 12, 12, 12, 10, 40, 14])
  for (const item of items) {
    const overdue = isOverdue(item, asOf)
    const row = sheet.addRow([
      item.ref,
      item.branch.name,
      roundLabel(item.round),
      item.criterion,
      item.title,
      item.unit,
      item.dueDate ? formatRocDate(item.dueDate, 'slash') : null,
      REMEDIATION_STATUS_LABELS[item.status],
      overdue ? '逾期' : null,
      item.latestProgress,
      item.closedOn ? formatRocDate(item.closedOn, 'slash') : null,
    ])
    row.alignment = { vertical: 'top', wrapText: true }
    if (overdue) row.getCell(9).fill = WARN_FILL
  }
}

/** Input of {@link buildRemediationRegisterXlsx}. */
export const remediationRegisterSchema = z.object({
  items: z.array(remediationItemSchema).max(50_000),
  /** The day overdue is judged on (Asia/Taipei calendar date). */
  asOf: isoDateSchema,
})
export type RemediationRegisterInput = { items: RemediationItemInput[]; asOf: string }

/**
 * The remediation register (應改進事項列管表) as .xlsx: reference, branch, round, criterion,
 * item, unit, due date (ROC), status, overdue on `asOf`, latest progress, closing date.
 * @throws ZodError naming the field when an item is invalid.
 */
export async function buildRemediationRegisterXlsx(input: RemediationRegisterInput, options: { createdAt?: Date } = {}): Promise<Uint8Array> {
  const data = remediationRegisterSchema.parse(input)
  const workbook = newWorkbook(options.createdAt)
  addRemediationRegisterSheet(workbook, data.items, data.asOf)
  return workbookBytes(workbook)
}
