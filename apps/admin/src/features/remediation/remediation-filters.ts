import { REMEDIATION_STATUSES, TERMINAL_STATUSES, type RemediationStatus } from '@leap/domain'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'

/** The board's filters, as the page keeps them (the URL query is their only store). */
export interface RemediationFilters {
  branchId: number | null
  unitId: number | null
  roundId: number | null
  status: RemediationStatus[]
  overdue: boolean
  /** Text searched in titles, findings, units and branches ('' for none). */
  q: string
  /** Closed and cancelled items too (they are hidden unless asked for, or picked by status). */
  closed: boolean
  /** From 1. */
  page: number
}

export const emptyFilters: RemediationFilters = { branchId: null, unitId: null, roundId: null, status: [], overdue: false, q: '', closed: false, page: 1 }

/** Statuses still being worked on: what the lists show unless closed items are asked for. */
export const OPEN_STATUSES: readonly RemediationStatus[] = REMEDIATION_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s))

function firstValue(value: LocationQuery[string] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' && v !== '' ? v : null
}

function positiveInt(value: LocationQuery[string] | undefined): number | null {
  const v = firstValue(value)
  if (v === null || !/^\d{1,9}$/.test(v)) return null
  const n = Number(v)
  return n > 0 ? n : null
}

/**
 * Reads filters from a route query (`?branch=1&status=open,submitted&overdue=1&round=3&unit=7&page=2`).
 * Unknown statuses and malformed numbers are dropped rather than refused, so an edited or old
 * link still opens. A unit without a branch is dropped: units belong to one branch. Never throws.
 */
export function filtersFromQuery(query: LocationQuery): RemediationFilters {
  const rawStatus = ([] as string[]).concat(...[query.status ?? []].flat().map((s) => (typeof s === 'string' ? s.split(',') : [])))
  const status = REMEDIATION_STATUSES.filter((s) => rawStatus.includes(s))
  const branchId = positiveInt(query.branch)
  return {
    branchId,
    unitId: branchId === null ? null : positiveInt(query.unit),
    roundId: positiveInt(query.round),
    status,
    overdue: firstValue(query.overdue) === '1',
    q: (firstValue(query.q) ?? '').slice(0, 100),
    closed: firstValue(query.closed) === '1',
    page: positiveInt(query.page) ?? 1,
  }
}

/** The query that encodes `filters`; defaults are left out so shared links stay short. */
export function filtersToQuery(filters: RemediationFilters): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (filters.branchId !== null) query.branch = String(filters.branchId)
  if (filters.branchId !== null && filters.unitId !== null) query.unit = String(filters.unitId)
  if (filters.roundId !== null) query.round = String(filters.roundId)
  if (filters.status.length > 0) query.status = REMEDIATION_STATUSES.filter((s) => filters.status.includes(s)).join(',')
  if (filters.overdue) query.overdue = '1'
  if (filters.q.trim() !== '') query.q = filters.q.trim()
  if (filters.closed) query.closed = '1'
  if (filters.page > 1) query.page = String(filters.page)
  return query
}

/** The `remediation.list` input for `filters` (only the fields that narrow). */
export function filtersToListInput(filters: RemediationFilters, pageSize: number) {
  return {
    ...(filters.branchId !== null ? { branchId: filters.branchId } : {}),
    ...(filters.branchId !== null && filters.unitId !== null ? { unitId: filters.unitId } : {}),
    ...(filters.roundId !== null ? { roundId: filters.roundId } : {}),
    // No status picked: every open status, plus closed and cancelled only when asked for.
    ...(filters.status.length > 0 ? { status: filters.status } : filters.closed ? {} : { status: [...OPEN_STATUSES] }),
    ...(filters.overdue ? { overdue: true } : {}),
    ...(filters.q.trim() !== '' ? { q: filters.q.trim() } : {}),
    page: filters.page,
    pageSize,
  }
}
