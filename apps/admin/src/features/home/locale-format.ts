import { formatRoc, formatRocDateTime } from '../../composables/use-roc-date'

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
