import { auditActionLabel, auditEntityLabel, auditFieldLabel } from '@leap/domain'
import { formatTaipeiDateTime } from '@leap/reports'
import ExcelJS from 'exceljs'
import type { AuditRecord } from './audit-query.repository.js'

/** Most rows one export holds; the screen says to narrow the filter beyond that. */
export const AUDIT_EXPORT_MAX_ROWS = 20_000

export const AUDIT_EXPORT_COLUMNS = ['時間', '人員', '帳號', '動作', '資料', '資料編號', '分署', '變更前', '變更後', '來源位址'] as const

/**
 * A before/after snapshot as readable text: one `欄位：值` line per field, Chinese field names,
 * booleans as 是/否, lists and objects as compact JSON. Nothing when there is no snapshot.
 */
export function snapshotText(snapshot: unknown): string {
  if (snapshot === null || snapshot === undefined) return ''
  if (typeof snapshot !== 'object' || Array.isArray(snapshot)) return valueText(snapshot)
  return Object.entries(snapshot as Record<string, unknown>)
    .map(([key, value]) => `${auditFieldLabel(key, 'zh-TW')}：${valueText(value)}`)
    .join('\n')
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '（無）'
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(value) ? formatTaipeiDateTime(value) : value
  if (typeof value === 'number') return String(value)
  return JSON.stringify(value)
}

/**
 * The filtered audit trail as .xlsx (sheet 稽核紀錄): time in ROC date and Taipei time, person,
 * action and record in Chinese, branch, before/after as readable text. Rows as given (newest first).
 */
export async function buildAuditWorkbook(entries: readonly AuditRecord[], createdAt: Date): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '服務躍升考核系統'
  workbook.created = createdAt
  const sheet = workbook.addWorksheet('稽核紀錄', { views: [{ state: 'frozen', ySplit: 1 }] })
  const widths = [20, 14, 16, 20, 14, 10, 12, 40, 40, 16]
  sheet.columns = AUDIT_EXPORT_COLUMNS.map((header, i) => ({ header, width: widths[i] }))
  sheet.getRow(1).font = { bold: true }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: AUDIT_EXPORT_COLUMNS.length } }
  for (const e of entries) {
    const row = sheet.addRow([
      formatTaipeiDateTime(e.at.toISOString()),
      e.actorName ?? (e.actorId === null ? '（系統或未登入）' : ''),
      e.actorUsername ?? '',
      auditActionLabel(e.action, e.entity, 'zh-TW'),
      auditEntityLabel(e.entity, 'zh-TW'),
      e.entityId ?? '',
      e.branchName ?? '',
      snapshotText(e.before),
      snapshotText(e.after),
      e.ip ?? '',
    ])
    row.alignment = { vertical: 'top', wrapText: true }
  }
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer)
}
