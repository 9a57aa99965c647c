import { meanHalfUp } from '../rounding.js'
import { invalidIndicator } from './validate.js'
import { describeValue } from '../input.js'

/** A band of the phone-courtesy test: averages ≥ `min` (and below the next band's min) get `label`. */
export interface PhoneCourtesyBand {
  label: string
  min: number
}

/**
 * Default bands (model, DOMAIN.md §4): ≥90 優, 80–89 甲, 70–79 乙, <70 丙. Data, not code: pass your
 * own list to {@link phoneCourtesyBand} — highest first, each `min` lower than the previous,
 * the last one ≤ 0 so every score has a band.
 */
export const DEFAULT_PHONE_COURTESY_BANDS: readonly PhoneCourtesyBand[] = [
  { label: '優', min: 90 },
  { label: '甲', min: 80 },
  { label: '乙', min: 70 },
  { label: '丙', min: 0 },
]

function checkBands(bands: readonly PhoneCourtesyBand[]): void {
  if (!Array.isArray(bands) || bands.length === 0) throw invalidIndicator('bands', 'needs at least one band')
  bands.forEach((band, i) => {
    if (band === null || typeof band !== 'object') throw invalidIndicator(['bands', i], 'must be a band { label, min }')
    if (typeof band.label !== 'string' || band.label.trim() === '') throw invalidIndicator(['bands', i, 'label'], 'must not be blank')
    if (!Number.isFinite(band.min)) throw invalidIndicator(['bands', i, 'min'], 'must be a number')
    if (i > 0 && !(band.min < bands[i - 1]!.min)) throw invalidIndicator(['bands', i, 'min'], 'bands must go from the highest min down')
  })
  if (bands.at(-1)!.min > 0) throw invalidIndicator(['bands', bands.length - 1, 'min'], 'the lowest band must start at 0 or below')
}

/**
 * The band label of an average score: the first band whose `min` ≤ average (89.99 → 甲, 90 → 優).
 * @throws DomainError `INVALID_INDICATOR` if the average is outside 0–100 or the bands are malformed.
 * @example phoneCourtesyBand(92.17) // '優'
 */
export function phoneCourtesyBand(average: number, bands: readonly PhoneCourtesyBand[] = DEFAULT_PHONE_COURTESY_BANDS): string {
  if (!Number.isFinite(average) || average < 0 || average > 100) throw invalidIndicator('average', `must be 0–100, got ${describeValue(average)}`)
  checkBands(bands)
  return bands.find((b) => average >= b.min)!.label
}

/** Result of {@link phoneCourtesySummary}. */
export interface PhoneCourtesySummary {
  /** Number of persons tested (人次). */
  count: number
  /** Mean score, half up to 2 decimals; `null` when nobody was tested. */
  average: number | null
  /** Band of the rounded average; `null` when nobody was tested. */
  band: string | null
}

/**
 * Mean of individual phone-test scores (0–100 each, decimals allowed), half up to 2 decimals and
 * exact, with its band (the band is decided on the rounded average, as reports print it).
 * @throws DomainError `INVALID_INDICATOR` naming `scores.i` for a score outside 0–100, or the bands.
 * @example phoneCourtesySummary([...Array(15).fill(92), 93, 93, 93]) // { count: 18, average: 92.17, band: '優' }
 */
export function phoneCourtesySummary(scores: readonly number[], bands: readonly PhoneCourtesyBand[] = DEFAULT_PHONE_COURTESY_BANDS): PhoneCourtesySummary {
  if (!Array.isArray(scores)) throw invalidIndicator('scores', 'must be a list of scores')
  scores.forEach((s, i) => {
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > 100) throw invalidIndicator(['scores', i], `must be 0–100, got ${describeValue(s)}`)
  })
  checkBands(bands)
  if (scores.length === 0) return { count: 0, average: null, band: null }
  const average = meanHalfUp(scores)
  return { count: scores.length, average, band: phoneCourtesyBand(average, bands) }
}
