import { daysBetween, type IsoDate } from '../roc-calendar.js'
import { ratioPercent, roundRatio } from '../rounding.js'
import { invalidIndicator, requireCount } from './validate.js'

/** Petition categories (受理案件類別, seed 002), in the seeds' column order. */
export const PETITION_CATEGORIES = ['行政興革建議', '行政法令查詢', '行政違失舉發', '行政權益維護', '其他'] as const
/** One of {@link PETITION_CATEGORIES}. */
export type PetitionCategory = (typeof PETITION_CATEGORIES)[number]

/** Petition channels (受理案件方式, seed 002), in the seeds' column order. */
export const PETITION_CHANNELS = ['口頭', '書面', '電話', '電子郵件', '其他'] as const
/** One of {@link PETITION_CHANNELS}. */
export type PetitionChannel = (typeof PETITION_CHANNELS)[number]

/** Ordinary petitions must be closed within 6 days; day 6 itself is on time (seed 003, 文書處理手冊). */
export const PETITION_DEADLINE_DAYS = 6

/**
 * One petition. Give either `days` (days taken to close, e.g. working days counted by the caller) or
 * `receivedOn` + `closedOn` (calendar days `closedOn − receivedOn`: received Mar 1, closed Mar 7 → 6).
 * An open petition has `closedOn: null` (or `days: null`).
 */
export interface PetitionRecord {
  category: PetitionCategory
  channel: PetitionChannel
  days?: number | null
  receivedOn?: IsoDate
  closedOn?: IsoDate | null
}

/** One row of a breakdown: how many petitions have this key, and their share of all petitions. */
export interface PetitionBreakdownRow<K extends string> {
  key: K
  count: number
  /** count / total × 100, half up to 2 decimals; `null` when there are no petitions. */
  share: number | null
}

/** Result of {@link petitionTimeliness}. */
export interface PetitionTimeliness {
  total: number
  closed: number
  open: number
  /** Closed within the deadline (days ≤ deadline). */
  onTime: number
  /** Closed after the deadline. */
  late: number
  /** onTime / closed × 100, half up to 2 decimals; `null` when none is closed. Open petitions are not in it. */
  onTimeShare: number | null
  /** Mean days to close over closed petitions, half up to 2 decimals; `null` when none is closed. */
  averageDays: number | null
  byCategory: PetitionBreakdownRow<PetitionCategory>[]
  byChannel: PetitionBreakdownRow<PetitionChannel>[]
}

function daysOf(p: PetitionRecord, i: number): number | null {
  if (p.days !== undefined) return p.days === null ? null : requireCount(p.days, ['petitions', i, 'days'])
  if (p.receivedOn === undefined) throw invalidIndicator(['petitions', i, 'days'], 'give days, or receivedOn and closedOn')
  if (p.closedOn === null || p.closedOn === undefined) return null
  const days = daysBetween(p.receivedOn, p.closedOn)
  if (days < 0) throw invalidIndicator(['petitions', i, 'closedOn'], `closed (${p.closedOn}) before received (${p.receivedOn})`)
  return days
}

/**
 * Timeliness of petitions (人民陳情): on-time = closed within `deadlineDays` (default 6, day 6 on
 * time), average days to close, and breakdowns by category and channel (every key listed, zero
 * counts included, in the seeds' column order).
 * @throws DomainError `INVALID_INDICATOR` naming `petitions.i.<field>` for an unknown category or
 *   channel, negative or fractional days, closedOn before receivedOn, or neither days nor dates;
 *   `INVALID_DATE` for a malformed date.
 * @example petitionTimeliness([{ category: '行政權益維護', channel: '口頭', days: 2 }, { category: '行政權益維護', channel: '電話', days: 3 }]).averageDays // 2.5
 */
export function petitionTimeliness(petitions: readonly PetitionRecord[], options: { deadlineDays?: number } = {}): PetitionTimeliness {
  if (!Array.isArray(petitions)) throw invalidIndicator('petitions', 'must be a list of petitions')
  const opts = options ?? {}
  if (typeof opts !== 'object' || Array.isArray(opts)) throw invalidIndicator('options', 'must be an object')
  const deadline = requireCount(opts.deadlineDays ?? PETITION_DEADLINE_DAYS, ['options', 'deadlineDays'])
  const days: (number | null)[] = petitions.map((p, i) => {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) throw invalidIndicator(['petitions', i], 'must be a petition record')
    if (!(PETITION_CATEGORIES as readonly string[]).includes(p.category)) {
      throw invalidIndicator(['petitions', i, 'category'], `must be one of ${PETITION_CATEGORIES.join('、')}`)
    }
    if (!(PETITION_CHANNELS as readonly string[]).includes(p.channel)) {
      throw invalidIndicator(['petitions', i, 'channel'], `must be one of ${PETITION_CHANNELS.join('、')}`)
    }
    return daysOf(p, i)
  })
  const closedDays = days.filter((d): d is number => d !== null)
  const onTime = closedDays.filter((d) => d <= deadline).length
  const total = petitions.length
  const share = (n: number): number | null => (total === 0 ? null : ratioPercent(n, total))
  return {
    total,
    closed: closedDays.length,
    open: total - closedDays.length,
    onTime,
    late: closedDays.length - onTime,
    onTimeShare: closedDays.length === 0 ? null : ratioPercent(onTime, closedDays.length),
    averageDays: closedDays.length === 0 ? null : roundRatio(closedDays.reduce((a, b) => a + b, 0), closedDays.length),
    byCategory: PETITION_CATEGORIES.map((key) => {
      const count = petitions.filter((p) => p.category === key).length
      return { key, count, share: share(count) }
    }),
    byChannel: PETITION_CHANNELS.map((key) => {
      const count = petitions.filter((p) => p.channel === key).length
      return { key, count, share: share(count) }
    }),
  }
}
