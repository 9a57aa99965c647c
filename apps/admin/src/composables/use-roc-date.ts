import { formatRocDate, isIsoDate, parseRocDate, roundLabel, type IsoDate, type RocDateStyle } from '@leap/domain'
import { currentLocale } from '../i18n/i18n'

/** Result of reading what a user typed into a ROC date field. */
export type RocDateParse = { ok: true; iso: IsoDate | null } | { ok: false; iso: null }

/**
 * Reads user input as a ROC date through @leap/domain: `114/03/05`, `114/3/5`, `114年3月5日`,
 * `1140305`, with full-width digits and a leading 民國 tolerated. Empty input is valid and means
 * "no date". Never throws.
 * @example parseRocInput('114年3月5日') // { ok: true, iso: '2025-03-05' }
 */
export function parseRocInput(text: string): RocDateParse {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: true, iso: null }
  try {
    return { ok: true, iso: parseRocDate(trimmed) }
  } catch {
    return { ok: false, iso: null }
  }
}

/**
 * Formats an ISO date (or an ISO timestamp, whose Taipei calendar day is used) as a ROC date;
 * empty string for null/invalid input so templates never crash. Never throws. The long style
 * follows the UI language (default: the current one): `114年3月5日` in Chinese, `ROC 114/03/05`
 * in English, saying the year is an ROC year instead of printing Chinese characters.
 * @example formatRoc('2025-03-05') // '114年3月5日'
 * @example formatRoc('2025-03-05', 'long', 'en') // 'ROC 114/03/05'
 */
export function formatRoc(value: string | null | undefined, style: RocDateStyle = 'long', locale: string = currentLocale()): string {
  if (style === 'long' && locale.startsWith('en')) {
    const slash = formatRoc(value, 'slash', 'zh-TW')
    return slash ? `ROC ${slash}` : ''
  }
  if (!value) return ''
  let iso = value
  if (!isIsoDate(iso)) {
    const at = new Date(value)
    if (Number.isNaN(at.getTime())) return ''
    // Timestamps are shown as their calendar day in Taipei (UTC+8, no DST).
    iso = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
  }
  try {
    return formatRocDate(iso, style)
  } catch {
    return ''
  }
}

/**
 * Formats a timestamp as ROC date plus Taipei clock time: `114年3月5日 14:07` (`ROC 114/03/05 14:07`
 * in English). Never throws.
 */
export function formatRocDateTime(value: string | Date | null | undefined, locale: string = currentLocale()): string {
  if (!value) return ''
  const at = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(at.getTime())) return ''
  const taipei = new Date(at.getTime() + 8 * 3_600_000).toISOString()
  return `${formatRoc(taipei.slice(0, 10), 'long', locale)} ${taipei.slice(11, 16)}`
}

/**
 * A round's label: `114年上半年` (the domain's form) in Chinese, `ROC 114, first half` in English.
 * Never throws (a malformed round shows its raw numbers).
 */
export function formatRound(round: { rocYear: number; half: number }, locale: string = 'zh-TW'): string {
  if (locale.startsWith('en')) return `ROC ${round.rocYear}, ${round.half === 1 ? 'first' : 'second'} half`
  try {
    return roundLabel({ rocYear: round.rocYear, half: round.half === 1 ? 1 : 2 })
  } catch {
    return `${round.rocYear}-${round.half}`
  }
}

/** ROC date helpers for components: format in the styles ROC documents use, parse what users type. */
export function useRocDate() {
  return { formatRoc, formatRocDateTime, formatRound, parseRocInput }
}
