import { isOverdue, TERMINAL_STATUSES, type RemediationStatus } from './remediation.js'
import { addCalendarDays, compareIsoDates, parseIsoDate, type IsoDate } from './roc-calendar.js'
import { requireRecord } from './input.js'
import { DomainError } from './errors.js'

/**
 * The default due date (完成期限) of a remediation item created on `createdOn`: `days` calendar
 * days later (the agency's `remediationDueDays` setting). Counting from the day the item is
 * created — never from the inspection date — so a new item is never overdue the moment it exists.
 * @throws DomainError `INVALID_DATE` when `createdOn` is not an ISO date or `days` is not an integer ≥ 0.
 * @example defaultDueDate('2026-12-07', 90) // '2027-03-07'
 */
export function defaultDueDate(createdOn: IsoDate, days: number): IsoDate {
  parseIsoDate(createdOn)
  if (!Number.isInteger(days) || days < 0) return addCalendarDays(createdOn, Number.NaN)
  return addCalendarDays(createdOn, days)
}

/**
 * How urgent a remediation item is, lower first: 0 returned (退回補正: the branch must act), 1
 * overdue, 2 due within `dueSoonDays`, 3 not started, 4 the rest still open (in progress,
 * submitted), 5 closed or cancelled.
 */
export type UrgencyRank = 0 | 1 | 2 | 3 | 4 | 5

/** What `urgencyRank` needs of an item. */
export interface UrgencyItem {
  status: RemediationStatus
  dueDate: IsoDate | null
}

/**
 * The item's urgency on `today` (Asia/Taipei calendar date), see `UrgencyRank`.
 * @example urgencyRank({ status: 'open', dueDate: '2026-12-01' }, '2026-12-07') // 1 (overdue)
 */
export function urgencyRank(item: UrgencyItem, today: IsoDate, dueSoonDays = 14): UrgencyRank {
  requireRecord(item, 'item', 'INVALID_DATE')
  if (TERMINAL_STATUSES.includes(item.status)) return 5
  if (item.status === 'returned') return 0
  if (isOverdue(item, today)) return 1
  if (item.dueDate !== null && compareIsoDates(item.dueDate, addCalendarDays(today, dueSoonDays)) <= 0) return 2
  if (item.status === 'open') return 3
  return 4
}

/**
 * Orders items most urgent first: by `urgencyRank`, then the earlier due date (none last), then
 * `id` ascending so the order is stable. A comparator for `Array.prototype.sort`.
 * @example items.sort((a, b) => compareByUrgency(a, b, today))
 */
export function compareByUrgency<T extends UrgencyItem & { id: number }>(a: T, b: T, today: IsoDate, dueSoonDays = 14): number {
  for (const [name, item] of [['a', a], ['b', b]] as const) {
    if (typeof requireRecord(item, name, 'INVALID_DATE').id !== 'number') throw new DomainError('INVALID_DATE', `${name}.id: must be a number`, [{ path: [name, 'id'], message: 'must be a number' }])
  }
  const rank = urgencyRank(a, today, dueSoonDays) - urgencyRank(b, today, dueSoonDays)
  if (rank !== 0) return rank
  if (a.dueDate !== b.dueDate) {
    if (a.dueDate === null) return 1
    if (b.dueDate === null) return -1
    return compareIsoDates(a.dueDate, b.dueDate)
  }
  return a.id - b.id
}
