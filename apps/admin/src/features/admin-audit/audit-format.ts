import { ACCOUNT_ROLE_LABELS, auditFieldLabel } from '@leap/domain'
import { formatRoc, formatRocDateTime } from '../../composables/use-roc-date'

/** One field of a before/after snapshot as the audit screen shows it. */
export interface AuditFieldRow {
  key: string
  label: string
  before: string | null
  after: string | null
}

export interface AuditFormatContext {
  locale: string
  /** Branch names by id (for `branchId`). */
  branchName: (id: number) => string | undefined
  /** "是"/"否", "（無）" in the UI language. */
  words: { yes: string; no: string; none: string }
}

const isRole = (v: unknown): v is keyof typeof ACCOUNT_ROLE_LABELS => typeof v === 'string' && v in ACCOUNT_ROLE_LABELS

/**
 * A snapshot value in words: booleans as 是/否, roles and branches by name, timestamps as ROC
 * date and Taipei time, dates as ROC dates, lists joined; other objects as compact JSON. Never throws.
 */
export function formatAuditValue(key: string, value: unknown, ctx: AuditFormatContext): string {
  const lang = ctx.locale.startsWith('en') ? 'en' : 'zh'
  if (value === null || value === undefined) return ctx.words.none
  if (typeof value === 'boolean') return value ? ctx.words.yes : ctx.words.no
  if (key === 'role' && isRole(value)) return ACCOUNT_ROLE_LABELS[value][lang]
  if (key === 'branchId' && typeof value === 'number') return ctx.branchName(value) ?? String(value)
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatRocDateTime(value) || value
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatRoc(value) || value
    return value
  }
  if (typeof value === 'number') return String(value)
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join('、')
  return JSON.stringify(value)
}

/**
 * The rows worth reading: fields whose value changed (or that only one side has). When nothing
 * differs (e.g. a snapshot repeated), every row.
 */
export function changedRows(rows: readonly AuditFieldRow[]): AuditFieldRow[] {
  const changed = rows.filter((r) => r.before === null || r.after === null || r.before !== r.after)
  return changed.length > 0 ? changed : [...rows]
}

/**
 * The fields of an entry's before and after snapshots side by side, labelled in the UI language
 * (an unknown field is "其他欄位", never its identifier). A snapshot that is not an object is one
 * row labelled by the locale's "other field".
 */
export function auditFieldRows(before: unknown, after: unknown, ctx: AuditFormatContext): AuditFieldRow[] {
  const asObject = (v: unknown): Record<string, unknown> | null =>
    v === null || v === undefined ? null : typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v }
  const b = asObject(before)
  const a = asObject(after)
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])]
  return keys.map((key) => ({
    key,
    label: auditFieldLabel(key, ctx.locale),
    before: b && key in b ? formatAuditValue(key, b[key], ctx) : null,
    after: a && key in a ? formatAuditValue(key, a[key], ctx) : null,
  }))
}
