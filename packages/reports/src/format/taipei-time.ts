import { formatRocDate } from '@leap/domain'

/**
 * An instant as a ROC date and 24-hour time in Taiwan (UTC+8, no daylight saving since 1979),
 * e.g. `114年3月5日 14:30`. Deterministic: no locale data, no local time zone.
 * @throws RangeError if `iso` is not a parseable instant.
 */
export function formatTaipeiDateTime(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${iso}`)
  const t = new Date(ms + 8 * 3_600_000)
  const date = t.toISOString().slice(0, 10)
  return `${formatRocDate(date)} ${t.toISOString().slice(11, 16)}`
}
