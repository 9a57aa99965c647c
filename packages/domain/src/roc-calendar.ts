import { z } from 'zod'
import { DomainError } from './errors.js'
import { describeValue } from './input.js'

/**
 * A calendar date as an ISO 8601 string `YYYY-MM-DD` (no time, no zone). The domain's dates are
 * calendar days in Asia/Taipei; arithmetic on them is pure integer day counting, so no time zone
 * or daylight-saving rule can shift a date.
 */
export type IsoDate = string

/** A date in the ROC (民國) calendar: `rocYear` = Gregorian year − 1911, month 1–12, day 1–31. */
export interface RocDate {
  rocYear: number
  month: number
  day: number
}

/** An inspection round (考核輪次): ROC year plus half (1 = 上半年 Jan–Jun, 2 = 下半年 Jul–Dec). */
export interface Round {
  rocYear: number
  half: 1 | 2
}

/**
 * A results-report period (執行成果報告): report 1 (第1次) covers Jan–Jun, report 2 (第2次) covers
 * the whole year Jan–Dec (seeds 002, 004) — the second report is cumulative, not Jul–Dec.
 */
export interface ReportPeriod {
  rocYear: number
  report: 1 | 2
}

/** Output styles of {@link formatRocDate}. */
export type RocDateStyle = 'long' | 'slash' | 'compact'

/** Offset between Gregorian and ROC years (民國元年 = 1912). */
export const ROC_YEAR_OFFSET = 1911

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000
/** Asia/Taipei is UTC+8 all year (no daylight saving since 1979). */
const TAIPEI_OFFSET_MS = 8 * 3_600_000

function invalidDate(input: unknown, why: string): DomainError {
  return new DomainError('INVALID_DATE', `無效的日期 (invalid date): ${describeValue(input)} — ${why}`, [
    { path: [], message: why },
  ])
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil): integer-only,
// so no Date object, time zone or DST rule is involved.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** The ROC year as documents write it: `114年`, and `元年` for the first year (民國元年 = 1912). */
function rocYearText(rocYear: number): string {
  return rocYear === 1 ? '元年' : `${rocYear}年`
}

/** Digits of a ROC year as written, with 元 read as 1. */
function rocYearDigits(text: string): string {
  return text === '元' ? '1' : text
}

function toIso(year: number, month: number, day: number): IsoDate {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
}

function checkCivil(input: unknown, year: number, month: number, day: number): void {
  if (!Number.isInteger(year) || year < 1912 || year > 9999) throw invalidDate(input, 'year must be 1912–9999 (ROC 1–8088)')
  if (!Number.isInteger(month) || month < 1 || month > 12) throw invalidDate(input, 'month must be 1–12')
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    throw invalidDate(input, `day must be 1–${daysInMonth(year, month)} in ${year}-${pad(month)}`)
  }
}

function splitIso(date: IsoDate): { year: number; month: number; day: number } {
  const m = typeof date === 'string' ? ISO_DATE.exec(date) : null
  if (!m) throw invalidDate(date, 'expected YYYY-MM-DD')
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  checkCivil(date, year, month, day)
  return { year, month, day }
}

/**
 * Checks that `input` is a real calendar date written `YYYY-MM-DD` (years 1912–9999) and returns it.
 * @throws DomainError `INVALID_DATE` naming the input (wrong shape, month 13, 2025-02-29, …).
 * @example parseIsoDate('2025-03-05') // '2025-03-05'
 */
export function parseIsoDate(input: string): IsoDate {
  splitIso(input)
  return input
}

/** True when `input` is a valid `YYYY-MM-DD` calendar date; never throws. */
export function isIsoDate(input: unknown): input is IsoDate {
  if (typeof input !== 'string') return false
  try {
    splitIso(input)
    return true
  } catch {
    return false
  }
}

/** zod schema for an ISO calendar date (`YYYY-MM-DD`, real date), for procedure inputs. */
export const isoDateSchema = z.string().refine(isIsoDate, { message: '日期格式應為 YYYY-MM-DD (expected a YYYY-MM-DD date)' })

/** zod schema for a {@link Round}. */
export const roundSchema = z.object({ rocYear: z.number().int().min(1).max(8088), half: z.union([z.literal(1), z.literal(2)]) })

/**
 * Converts an ISO date to its ROC date (year − 1911).
 * @throws DomainError `INVALID_DATE` if `iso` is not a valid date from 1912 on.
 * @example isoToRoc('2025-03-05') // { rocYear: 114, month: 3, day: 5 }
 */
export function isoToRoc(iso: IsoDate): RocDate {
  const { year, month, day } = splitIso(iso)
  return { rocYear: year - ROC_YEAR_OFFSET, month, day }
}

/**
 * Converts a ROC date to an ISO date (year + 1911).
 * @throws DomainError `INVALID_DATE` if the date does not exist (e.g. 113/02/30) or the year is below 1.
 * @example rocToIso({ rocYear: 114, month: 3, day: 5 }) // '2025-03-05'
 */
export function rocToIso(roc: RocDate): IsoDate {
  if (roc === null || typeof roc !== 'object') throw invalidDate(roc, 'expected { rocYear, month, day }')
  if (typeof roc.rocYear !== 'number' || !Number.isInteger(roc.rocYear) || roc.rocYear < 1) throw invalidDate(roc, 'rocYear must be a whole number ≥ 1')
  const year = roc.rocYear + ROC_YEAR_OFFSET
  checkCivil(roc, year, roc.month, roc.day)
  return toIso(year, roc.month, roc.day)
}

/**
 * Formats an ISO date the way ROC documents print it.
 * - `long` (default): `114年3月5日` — reports and letters; the first year prints `元年1月1日`, as documents write it;
 * - `slash`: `114/03/05` — tables and forms;
 * - `compact`: `1140305` — seven digits, the year zero-padded to three (`0990305`), as government systems store it.
 * @throws DomainError `INVALID_DATE` if `iso` is invalid.
 * @example formatRocDate('2025-03-05', 'slash') // '114/03/05'
 */
export function formatRocDate(iso: IsoDate, style: RocDateStyle = 'long'): string {
  const { rocYear, month, day } = isoToRoc(iso)
  switch (style) {
    case 'long':
      return `${rocYearText(rocYear)}${month}月${day}日`
    case 'slash':
      return `${rocYear}/${pad(month)}/${pad(day)}`
    case 'compact':
      return `${pad(rocYear, 3)}${pad(month)}${pad(day)}`
  }
}

const ROC_LONG = /^(?:中華民國|民國)?(\d{1,4}|元)年(\d{1,2})月(\d{1,2})日?$/
const ROC_SEPARATED = /^(?:民國)?(\d{1,4})([/.-])(\d{1,2})\2(\d{1,2})$/
const ROC_COMPACT = /^(\d{3})(\d{2})(\d{2})$/

/**
 * Parses a ROC date as written in documents and returns the ISO date. Accepted forms (spaces and
 * full-width digits are ignored, an optional leading 民國 too): `114年3月5日`, `114/03/05`, `114/3/5`,
 * `114.03.05`, `114-3-5`, `民國元年1月1日` (元年 = year 1) and the seven-digit `1140305` (three-digit year: `0990305` for 99年).
 * Six-digit strings are refused because `990305` and `1140305`-style inputs would be ambiguous.
 * A four-digit year in the `/`, `.` or `-` forms is also refused: it is almost certainly Gregorian.
 * @throws DomainError `INVALID_DATE` with the input when the shape or the date is wrong.
 * @example parseRocDate('114年3月5日') // '2025-03-05'
 */
export function parseRocDate(input: string): IsoDate {
  if (typeof input !== 'string') throw invalidDate(input, 'expected a string')
  const text = input
    .replace(/\s+/g, '')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/／/g, '/')
  let parts: [string, string, string] | null = null
  let m = ROC_LONG.exec(text)
  if (m) parts = [rocYearDigits(m[1]!), m[2]!, m[3]!]
  else if ((m = ROC_SEPARATED.exec(text))) parts = [m[1]!, m[3]!, m[4]!]
  else if ((m = ROC_COMPACT.exec(text))) parts = [m[1]!, m[2]!, m[3]!]
  if (!parts) throw invalidDate(input, 'expected a ROC date such as 114年3月5日, 114/03/05 or 1140305')
  const [y, mo, d] = parts.map(Number) as [number, number, number]
  if (parts[0].length === 4) throw invalidDate(input, 'a four-digit year looks Gregorian; write the ROC year (e.g. 114)')
  if (y < 1) throw invalidDate(input, 'ROC year must be 1 or later')
  try {
    return rocToIso({ rocYear: y, month: mo, day: d })
  } catch {
    throw invalidDate(input, 'no such day in the calendar')
  }
}

/**
 * Adds `days` calendar days (may be negative) to an ISO date. Due dates count calendar days
 * (日曆天), weekends and holidays included.
 * @throws DomainError `INVALID_DATE` if `iso` is invalid, `days` is not an integer, or the result leaves 1912–9999.
 * @example addCalendarDays('2025-02-27', 2) // '2025-03-01'
 */
export function addCalendarDays(iso: IsoDate, days: number): IsoDate {
  const { year, month, day } = splitIso(iso)
  if (!Number.isInteger(days)) throw invalidDate(days, 'days must be an integer')
  const c = civilFromDays(daysFromCivil(year, month, day) + days)
  checkCivil(`${iso} + ${days}`, c.year, c.month, c.day)
  return toIso(c.year, c.month, c.day)
}

/**
 * Signed number of calendar days from `from` to `to` (`to − from`): 0 for the same day, 1 for the next day.
 * @throws DomainError `INVALID_DATE` if either date is invalid.
 * @example daysBetween('2025-03-01', '2025-03-07') // 6
 */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  const a = splitIso(from)
  const b = splitIso(to)
  return daysFromCivil(b.year, b.month, b.day) - daysFromCivil(a.year, a.month, a.day)
}

/**
 * Compares two ISO dates: negative if `a` is earlier, 0 if equal, positive if later.
 * @throws DomainError `INVALID_DATE` if either date is invalid.
 */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return -daysBetween(a, b)
}

/**
 * The calendar date in Asia/Taipei (UTC+8) at the instant `now` — how the server turns its clock
 * into "today" for overdue checks. 2025-03-04T16:00:00Z is already 2025-03-05 in Taipei.
 * @throws DomainError `INVALID_DATE` if `now` is an invalid Date.
 * @example taipeiDate(new Date('2025-03-04T16:00:00Z')) // '2025-03-05'
 */
export function taipeiDate(now: Date): IsoDate {
  const ms = now instanceof Date ? now.getTime() : Number.NaN
  if (!Number.isFinite(ms)) throw invalidDate(describeValue(now), 'not a valid instant')
  const c = civilFromDays(Math.floor((ms + TAIPEI_OFFSET_MS) / MS_PER_DAY))
  checkCivil(now.toISOString(), c.year, c.month, c.day)
  return toIso(c.year, c.month, c.day)
}

function checkRound(round: Round): void {
  if (round === null || typeof round !== 'object') throw invalidDate(round, 'expected a round { rocYear, half }')
  if (!Number.isInteger(round.rocYear) || round.rocYear < 1 || round.rocYear > 8088 || (round.half !== 1 && round.half !== 2)) {
    throw invalidDate(round, 'a round needs an integer ROC year 1–8088 and half 1 or 2')
  }
}

/**
 * The label of a round: `114年上半年` / `114年下半年`.
 * @throws DomainError `INVALID_DATE` if the round is malformed.
 */
export function roundLabel(round: Round): string {
  checkRound(round)
  return `${rocYearText(round.rocYear)}${round.half === 1 ? '上' : '下'}半年`
}

/**
 * Parses `114年上半年` (also `114上半年`, `114-1`, `114-2`) into a round.
 * @throws DomainError `INVALID_DATE` with the input when it matches none of those forms.
 * @example parseRound('114年下半年') // { rocYear: 114, half: 2 }
 */
export function parseRound(input: string): Round {
  const text = typeof input === 'string' ? input.replace(/\s+/g, '') : ''
  const m = /^(?:民國)?(\d{1,4}|元)年?([上下])半年$/.exec(text) ?? /^(\d{1,4})-([12])$/.exec(text)
  if (!m) throw invalidDate(input, 'expected a round such as 114年上半年 or 114-1')
  const half = m[2] === '上' || m[2] === '1' ? 1 : 2
  const round: Round = { rocYear: Number(rocYearDigits(m[1]!)), half }
  checkRound(round)
  return round
}

/**
 * Stable key of a round, `114-1`, for maps and URLs; sorts correctly as text for years 100–999.
 * @throws DomainError `INVALID_DATE` if the round is malformed.
 */
export function roundKey(round: Round): string {
  checkRound(round)
  return `${round.rocYear}-${round.half}`
}

/**
 * The round a date falls in (Jan–Jun → half 1, Jul–Dec → half 2).
 * @throws DomainError `INVALID_DATE` if `iso` is invalid.
 * @example roundOf('2025-07-01') // { rocYear: 114, half: 2 }
 */
export function roundOf(iso: IsoDate): Round {
  const { rocYear, month } = isoToRoc(iso)
  return { rocYear, half: month <= 6 ? 1 : 2 }
}

/**
 * First and last calendar day of a round, inclusive.
 * @throws DomainError `INVALID_DATE` if the round is malformed.
 * @example roundRange({ rocYear: 114, half: 1 }) // { start: '2025-01-01', end: '2025-06-30' }
 */
export function roundRange(round: Round): { start: IsoDate; end: IsoDate } {
  checkRound(round)
  const year = round.rocYear + ROC_YEAR_OFFSET
  return round.half === 1 ? { start: `${year}-01-01`, end: `${year}-06-30` } : { start: `${year}-07-01`, end: `${year}-12-31` }
}

/**
 * The round after `round`: 114 上半年 → 114 下半年 → 115 上半年.
 * @throws DomainError `INVALID_DATE` if the round is malformed.
 */
export function nextRound(round: Round): Round {
  checkRound(round)
  return round.half === 1 ? { rocYear: round.rocYear, half: 2 } : { rocYear: round.rocYear + 1, half: 1 }
}

/**
 * Orders rounds chronologically: negative if `a` is earlier.
 * @throws DomainError `INVALID_DATE` if either round is malformed.
 */
export function compareRounds(a: Round, b: Round): number {
  checkRound(a)
  checkRound(b)
  return a.rocYear - b.rocYear || a.half - b.half
}

/**
 * First and last day of a results-report period: 第1次 = Jan 1 – Jun 30, 第2次 = Jan 1 – Dec 31.
 * @throws DomainError `INVALID_DATE` if the period is malformed.
 * @example reportPeriodRange({ rocYear: 106, report: 1 }) // { start: '2017-01-01', end: '2017-06-30' }
 */
export function reportPeriodRange(period: ReportPeriod): { start: IsoDate; end: IsoDate } {
  if (period === null || typeof period !== 'object') throw invalidDate(period, 'expected a report period { rocYear, report }')
  if (!Number.isInteger(period.rocYear) || period.rocYear < 1 || period.rocYear > 8088 || (period.report !== 1 && period.report !== 2)) {
    throw invalidDate(period, 'a report period needs an integer ROC year 1–8088 and report 1 or 2')
  }
  const year = period.rocYear + ROC_YEAR_OFFSET
  return { start: `${year}-01-01`, end: period.report === 1 ? `${year}-06-30` : `${year}-12-31` }
}

/**
 * Label of a report period as the seeds print it: `106年第1次（1至6月）`, `114年第2次（1至12月）`.
 * @throws DomainError `INVALID_DATE` if the period is malformed.
 */
export function reportPeriodLabel(period: ReportPeriod): string {
  reportPeriodRange(period)
  return `${rocYearText(period.rocYear)}第${period.report}次（1至${period.report === 1 ? 6 : 12}月）`
}
