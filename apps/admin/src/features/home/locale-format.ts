import { BRANCHES } from '@leap/domain'
import { formatRoc, formatRocDateTime } from '../../composables/use-roc-date'

const englishByName = new Map(BRANCHES.map((b) => [b.name, b.nameEn]))

/**
 * A ROC date in the UI language: `114年8月17日` in Chinese; in English `ROC 114/08/17`, saying the
 * year is an ROC year rather than showing Chinese characters. '' for no date. Never throws.
 */
export function formatRocIn(value: string | null | undefined, locale: string): string {
  if (!value) return ''
  return formatRoc(value, 'long', locale)
}

/** A date and time (Taipei) in the UI language, as `formatRocIn` plus `HH:mm`. Never throws. */
export function formatRocDateTimeIn(value: string | Date | null | undefined, locale: string): string {
  return formatRocDateTime(value, locale)
}

/** A branch's name (as the server sends it, in Chinese) in the UI language. Never throws. */
export function branchNameIn(name: string, locale: string): string {
  return locale.startsWith('en') ? (englishByName.get(name) ?? name) : name
}
