import {
  isDomainError,
  PETITION_CATEGORIES,
  PETITION_CHANNELS,
  petitionTimeliness,
  phoneCourtesySummary,
  SURVEY_SCALES,
  surveySatisfaction,
  WAITING_TIME_BUCKETS,
  waitingTimeSummary,
  type IsoDate,
  type PetitionCategory,
  type PetitionChannel,
  type PetitionTimeliness,
  type PhoneCourtesySummary,
} from '@leap/domain'

/** Scales a survey question can use: the domain's satisfaction scales and the waiting-time buckets. */
export type EntryScale = 'five' | 'four' | 'three' | 'waitingTime'
export const ENTRY_SCALES: readonly EntryScale[] = ['five', 'four', 'three', 'waitingTime']

/** Indicators a survey question may feed (the server's list). */
export const SURVEY_INDICATORS = ['environmentSatisfaction', 'courtesySatisfaction', 'professionalismSatisfaction', 'overallSatisfaction', 'within15MinutesShare'] as const
export type SurveyIndicator = (typeof SURVEY_INDICATORS)[number]

/** A number field as typed: a number, or '' while empty (what `v-model.number` gives). */
export type Typed = number | ''

/** One survey question being entered. */
export interface SurveyRow {
  question: string
  scale: EntryScale
  indicator: SurveyIndicator | null
  counts: Typed[]
  invalid: Typed
}

/** Level labels of a scale (best first), from the domain. */
export function levelsOf(scale: EntryScale): readonly string[] {
  return scale === 'waitingTime' ? WAITING_TIME_BUCKETS.map((b) => b.label) : SURVEY_SCALES[scale].levels
}

/** A new question row with zero counts for the scale. */
export function newSurveyRow(scale: EntryScale = 'five'): SurveyRow {
  return { question: '', scale, indicator: null, counts: levelsOf(scale).map(() => 0), invalid: 0 }
}

/** Changes a row's scale, keeping the counts that still have a level. */
export function withScale(row: SurveyRow, scale: EntryScale): SurveyRow {
  const n = levelsOf(scale).length
  return { ...row, scale, counts: Array.from({ length: n }, (_, i) => row.counts[i] ?? 0), indicator: scale === 'waitingTime' ? 'within15MinutesShare' : row.indicator === 'within15MinutesShare' ? null : row.indicator }
}

/** Which field of a row is wrong, as the domain names it (`counts.2`, `invalid`, `scores.3`…). */
export interface FieldIssue {
  field: string
  kind: 'count' | 'score' | 'order' | 'other'
}

function issueOf(error: unknown): FieldIssue {
  if (isDomainError(error) && error.issues[0]) {
    const path = error.issues[0].path.map(String)
    const field = path.filter((p) => p !== 'petitions').join('.')
    const kind = path.includes('closedOn') ? 'order' : path[0] === 'scores' ? 'score' : /counts|buckets|invalid/.test(path[0] ?? '') ? 'count' : 'other'
    return { field, kind }
  }
  return { field: '', kind: 'other' }
}

const asNumber = (v: Typed): number => (v === '' ? 0 : v)

/** What a question's figures are, or which field stops them. */
export type SurveyFigures =
  | { kind: 'satisfaction'; valid: number; rate: number | null; neutralShare: number | null }
  | { kind: 'waitingTime'; valid: number; within15Share: number | null; averagePublished: number | null; averageCorrected: number | null }
  | { kind: 'invalid'; issue: FieldIssue }

/**
 * The figures of one question as the domain computes them (rate half up to 2 decimals; waiting time
 * in the published mode, where ≥60 counts as 30 minutes, and corrected with 60). Empty fields count
 * as 0. Never throws: a bad count comes back as the field to fix.
 * @example surveyFigures({ scale: 'five', counts: [112, 50, 3, 0, 0], invalid: 1, … }) // rate 98.18
 */
export function surveyFigures(row: SurveyRow): SurveyFigures {
  const counts = row.counts.map(asNumber)
  const invalid = asNumber(row.invalid)
  try {
    if (row.scale === 'waitingTime') {
      const published = waitingTimeSummary({ buckets: counts, invalid }, { mode: 'published' })
      const corrected = waitingTimeSummary({ buckets: counts, invalid }, { mode: 'corrected' })
      return { kind: 'waitingTime', valid: published.valid, within15Share: published.within15Share, averagePublished: published.averageMinutes, averageCorrected: corrected.averageMinutes }
    }
    const s = surveySatisfaction({ scale: row.scale, counts, invalid })
    return { kind: 'satisfaction', valid: s.valid, rate: s.rate, neutralShare: s.neutralShare }
  } catch (e) {
    return { kind: 'invalid', issue: issueOf(e) }
  }
}

/** One phone courtesy test being entered. */
export interface PhoneRow {
  testedOn: IsoDate | null
  person: string
  total: Typed
}

/** Average and band of the scores typed so far (empty rows skipped); or the score to fix. */
export function phoneFigures(rows: readonly PhoneRow[]): PhoneCourtesySummary | { issue: FieldIssue; row: number } {
  const filled = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.total !== '')
  try {
    return phoneCourtesySummary(filled.map(({ r }) => r.total as number))
  } catch (e) {
    const issue = issueOf(e)
    const index = Number(issue.field.split('.')[1] ?? 0)
    return { issue, row: filled[index]?.i ?? 0 }
  }
}

/** One petition being entered. */
export interface PetitionRow {
  receivedOn: IsoDate | null
  closedOn: IsoDate | null
  category: PetitionCategory
  channel: PetitionChannel
  subject: string
}

export function newPetitionRow(): PetitionRow {
  return { receivedOn: null, closedOn: null, category: PETITION_CATEGORIES[0], channel: PETITION_CHANNELS[0], subject: '' }
}

/** Timeliness of the petitions with a received date (closed within 6 days, day 6 on time); or the row to fix. */
export function petitionFigures(rows: readonly PetitionRow[]): PetitionTimeliness | { issue: FieldIssue; row: number } {
  const dated = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.receivedOn !== null)
  try {
    return petitionTimeliness(dated.map(({ r }) => ({ category: r.category, channel: r.channel, receivedOn: r.receivedOn!, closedOn: r.closedOn })))
  } catch (e) {
    const issue = issueOf(e)
    const index = Number(issue.field.split('.')[0] ?? 0)
    return { issue, row: dated[index]?.i ?? 0 }
  }
}

/** A figure with two decimals in the UI locale; '—' when there is none. Never throws. */
export function formatFigure(n: number | null, locale: string): string {
  return n === null ? '—' : n.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}
