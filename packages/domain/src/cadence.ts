import { DomainError } from './errors.js'
import { compareIsoDates, isIsoDate, isoToRoc, ROC_YEAR_OFFSET, type IsoDate } from './roc-calendar.js'
import { describeValue } from './input.js'

/**
 * What the plan promises to do how often (seeds 003, 004): the committee meets at least once every
 * half year; phone courtesy tests and the attitude assessment are held monthly; the public survey quarterly.
 */
export type CadenceKind = 'meeting' | 'phoneTest' | 'attitudeAssessment' | 'survey'

/** How often each kind is due, and the words the documents and screens print for it. */
export const CADENCE_RULES: Readonly<Record<CadenceKind, { every: 'month' | 'quarter' | 'half'; zh: string; en: string }>> = {
  meeting: { every: 'half', zh: '召開服務躍升任務編組會議', en: 'committee meeting' },
  phoneTest: { every: 'month', zh: '辦理電話禮貌測試', en: 'phone courtesy test' },
  attitudeAssessment: { every: 'month', zh: '辦理執行態度考核', en: 'attitude assessment' },
  survey: { every: 'quarter', zh: '辦理為民服務意見調查', en: 'public service survey' },
}

/** A span of days something happened over (a survey's field period); a single day has start = end. */
export interface CadenceSpan {
  start: IsoDate
  end: IsoDate
}

/** Input of {@link cadenceGaps}. Give only the kinds whose data is kept: absent kinds are not checked. */
export interface CadenceInput {
  /** First and last day of the period looked at (e.g. a results-report period), inclusive. */
  from: IsoDate
  to: IsoDate
  /** Today (Asia/Taipei): a month, quarter or half not yet over is `pending`, not a gap. */
  asOf: IsoDate
  meetings?: readonly IsoDate[]
  phoneTests?: readonly IsoDate[]
  attitudeAssessments?: readonly IsoDate[]
  /** Survey periods; a survey counts for every quarter its period touches. Dates stand for one-day spans. */
  surveys?: readonly (IsoDate | CadenceSpan)[]
}

/** One slot of the rhythm (a month, quarter or half year) and whether it was kept. */
export interface CadenceSlot {
  kind: CadenceKind
  start: IsoDate
  end: IsoDate
  /** `114年10月`, `114年第4季`, `114年下半年`. */
  label: string
  status: 'done' | 'missed' | 'pending'
  /** For a missed slot, the sentence the documents print: `114年10月 未辦理電話禮貌測試`. */
  message: string | null
}

/** Result of {@link cadenceGaps}. */
export interface CadenceResult {
  slots: CadenceSlot[]
  /** The missed slots, oldest first (by end, then start). */
  gaps: CadenceSlot[]
}

function invalid(path: (string | number)[], message: string): DomainError {
  return new DomainError('INVALID_INDICATOR', `${path.join('.')}: ${message}`, [{ path, message }])
}

function requireDate(value: unknown, path: (string | number)[]): IsoDate {
  if (!isIsoDate(value)) throw invalid(path, `must be a YYYY-MM-DD date, got ${describeValue(value)}`)
  return value
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

function lastDay(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** Slots of `every` that overlap [from, to], clipped to it. */
function slotsOf(every: 'month' | 'quarter' | 'half', from: IsoDate, to: IsoDate): { start: IsoDate; end: IsoDate; label: string }[] {
  const months = every === 'month' ? 1 : every === 'quarter' ? 3 : 6
  const out: { start: IsoDate; end: IsoDate; label: string }[] = []
  let year = Number(from.slice(0, 4))
  let month = Math.floor((Number(from.slice(5, 7)) - 1) / months) * months + 1
  for (;;) {
    const start = `${year}-${pad(month)}-01`
    if (compareIsoDates(start, to) > 0) break
    const endMonth = month + months - 1
    const end = `${year}-${pad(endMonth)}-${pad(lastDay(year, endMonth))}`
    const roc = year - ROC_YEAR_OFFSET
    const yearText = roc === 1 ? '元年' : `${roc}年`
    const label =
      every === 'month' ? `${yearText}${month}月` : every === 'quarter' ? `${yearText}第${(month + 2) / 3}季` : `${yearText}${month === 1 ? '上' : '下'}半年`
    out.push({ start: compareIsoDates(start, from) < 0 ? from : start, end: compareIsoDates(end, to) > 0 ? to : end, label })
    month += months
    if (month > 12) {
      month = 1
      year += 1
    }
  }
  return out
}

function spansOf(kind: CadenceKind, values: unknown): CadenceSpan[] {
  if (!Array.isArray(values)) throw invalid([kind], 'must be a list of dates')
  return values.map((v, i) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const span = v as Record<string, unknown>
      const start = requireDate(span.start, [kind, i, 'start'])
      const end = requireDate(span.end, [kind, i, 'end'])
      if (compareIsoDates(end, start) < 0) throw invalid([kind, i, 'end'], `ends (${end}) before it starts (${start})`)
      return { start, end }
    }
    const day = requireDate(v, [kind, i])
    return { start: day, end: day }
  })
}

const INPUT_KEYS: Record<CadenceKind, keyof CadenceInput> = { meeting: 'meetings', phoneTest: 'phoneTests', attitudeAssessment: 'attitudeAssessments', survey: 'surveys' }

/**
 * Which promised activities were held in each month, quarter or half year of a period, and which
 * were missed (`114年10月 未辦理電話禮貌測試`). Slots are calendar months, quarters (1–3, 4–6, 7–9,
 * 10–12) and halves (1–6, 7–12) clipped to [from, to]; a slot not over on `asOf` is `pending`
 * unless already done. Only the kinds given are checked, so a kind whose data is not kept never
 * shows as missed.
 * @throws DomainError `INVALID_INDICATOR` naming the field: a missing or malformed date, `to` before
 *   `from`, a period longer than 20 years, or a survey span that ends before it starts.
 * @example cadenceGaps({ from: '2025-10-01', to: '2025-10-31', asOf: '2025-11-05', phoneTests: [] }).gaps[0].message // '114年10月 未辦理電話禮貌測試'
 */
export function cadenceGaps(input: CadenceInput): CadenceResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalid(['input'], 'must be an object with from, to and asOf')
  const from = requireDate(input.from, ['from'])
  const to = requireDate(input.to, ['to'])
  const asOf = requireDate(input.asOf, ['asOf'])
  if (compareIsoDates(to, from) < 0) throw invalid(['to'], `is before from (${from})`)
  if (isoToRoc(to).rocYear - isoToRoc(from).rocYear > 20) throw invalid(['to'], 'the period may span at most 20 years')
  const slots: CadenceSlot[] = []
  for (const kind of Object.keys(CADENCE_RULES) as CadenceKind[]) {
    const given = input[INPUT_KEYS[kind]]
    if (given === undefined) continue
    const spans = spansOf(kind, given)
    const rule = CADENCE_RULES[kind]
    for (const slot of slotsOf(rule.every, from, to)) {
      const done = spans.some((s) => compareIsoDates(s.start, slot.end) <= 0 && compareIsoDates(s.end, slot.start) >= 0)
      const over = compareIsoDates(asOf, slot.end) > 0
      const status = done ? 'done' : over ? 'missed' : 'pending'
      slots.push({ kind, ...slot, status, message: status === 'missed' ? `${slot.label} 未${rule.zh}` : null })
    }
  }
  // Oldest first: the slot that ended first, then the one that started first.
  slots.sort((a, b) => compareIsoDates(a.end, b.end) || compareIsoDates(a.start, b.start))
  return { slots, gaps: slots.filter((s) => s.status === 'missed') }
}
