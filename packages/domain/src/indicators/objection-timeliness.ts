import { addCalendarDays, compareIsoDates, isIsoDate, type IsoDate } from '../roc-calendar.js'
import { ratioPercent } from '../rounding.js'
import { invalidIndicator, requireCount } from './validate.js'
import { describeValue } from '../input.js'

/**
 * 行政執行法 §9 II (seed 003): a branch that finds an objection (聲明異議) well founded stops the
 * enforcement and revokes or corrects it at once; otherwise it forwards the objection with its
 * opinion within 10 days, and the agency decides within 30 days.
 */
export const OBJECTION_FORWARD_DAYS = 10
/** Days the agency has to decide a forwarded objection, counted from the day it was forwarded. */
export const OBJECTION_DECISION_DAYS = 30
/**
 * "At once" (應即) for a well-founded objection, as a count we can check: corrected no later than
 * the forwarding deadline (10 days). Our reading, not the statute's words; `correctionDays` changes it.
 */
export const OBJECTION_CORRECTION_DAYS = OBJECTION_FORWARD_DAYS

/** How the branch found the objection: 有理由 (well founded), 無理由 (unfounded), or not yet decided. */
export type ObjectionFinding = 'wellFounded' | 'unfounded'

/** Every {@link ObjectionFinding}, with the words the documents print. */
export const OBJECTION_FINDINGS: Readonly<Record<ObjectionFinding, string>> = { wellFounded: '有理由', unfounded: '無理由' }

/**
 * One objection. Day counting is in calendar days (日曆天) from the day received (day 0): received
 * Mar 1 and forwarded Mar 11 is 10 days, on time; Mar 12 is late.
 */
export interface ObjectionRecord {
  receivedOn: IsoDate
  /** `null`/absent while the branch has not decided. */
  finding?: ObjectionFinding | null
  /** Well founded: the day the enforcement was stopped and revoked or corrected. */
  correctedOn?: IsoDate | null
  /** Unfounded: the day it was forwarded with the branch's opinion to the agency. */
  forwardedOn?: IsoDate | null
  /** Unfounded: the day the agency decided. */
  decidedOn?: IsoDate | null
}

/** Options of {@link objectionTimeliness} and {@link objectionDeadlines}. */
export interface ObjectionOptions {
  /** Today (Asia/Taipei): open objections past a deadline on this day are overdue. Default: none counted. */
  asOf?: IsoDate
  forwardDays?: number
  decisionDays?: number
  correctionDays?: number
}

/** The deadlines of one objection and whether each was met. `null` where a step does not apply yet. */
export interface ObjectionDeadlines {
  /** Last day to correct (well founded) or forward (unfounded, or not yet decided). */
  branchDeadline: IsoDate
  /** Whether the branch's step was done by its deadline; `null` while it is not done. */
  branchOnTime: boolean | null
  /** Last day for the agency's decision (forwarded + 30 days); `null` until forwarded. */
  decisionDeadline: IsoDate | null
  decisionOnTime: boolean | null
  /** A step still open on `asOf` after its deadline (false without `asOf`). */
  overdue: boolean
}

/** Result of {@link objectionTimeliness}. Shares are percentages, half up to 2 decimals; `null` with nothing to count. */
export interface ObjectionTimeliness {
  total: number
  wellFounded: number
  unfounded: number
  /** Not yet found either way. */
  pending: number
  corrected: number
  correctedOnTime: number
  correctedOnTimeShare: number | null
  forwarded: number
  forwardedOnTime: number
  forwardedOnTimeShare: number | null
  decided: number
  decidedOnTime: number
  decidedOnTimeShare: number | null
  /** Objections with a step open past its deadline on `asOf`. */
  overdue: number
}

function days(value: unknown, path: string): number {
  return requireCount(value, ['options', path])
}

function optionsOf(options: unknown): Required<Omit<ObjectionOptions, 'asOf'>> & { asOf: IsoDate | null } {
  if (options === undefined || options === null) return { asOf: null, forwardDays: OBJECTION_FORWARD_DAYS, decisionDays: OBJECTION_DECISION_DAYS, correctionDays: OBJECTION_CORRECTION_DAYS }
  if (typeof options !== 'object' || Array.isArray(options)) throw invalidIndicator('options', 'must be an object')
  const o = options as ObjectionOptions
  if (o.asOf !== undefined && !isIsoDate(o.asOf)) throw invalidIndicator(['options', 'asOf'], 'must be a YYYY-MM-DD date')
  return {
    asOf: o.asOf ?? null,
    forwardDays: days(o.forwardDays ?? OBJECTION_FORWARD_DAYS, 'forwardDays'),
    decisionDays: days(o.decisionDays ?? OBJECTION_DECISION_DAYS, 'decisionDays'),
    correctionDays: days(o.correctionDays ?? OBJECTION_CORRECTION_DAYS, 'correctionDays'),
  }
}

function dateField(record: Record<string, unknown>, field: string, path: (string | number)[], required = false): IsoDate | null {
  const value = record[field]
  if (value === undefined || value === null) {
    if (required) throw invalidIndicator([...path, field], 'must be a YYYY-MM-DD date')
    return null
  }
  if (!isIsoDate(value)) throw invalidIndicator([...path, field], `must be a YYYY-MM-DD date, got ${describeValue(value)}`)
  return value
}

function notBefore(later: IsoDate | null, earlier: IsoDate | null, path: (string | number)[], what: string): void {
  if (later !== null && earlier !== null && compareIsoDates(later, earlier) < 0) throw invalidIndicator(path, `${what} (${later}) is before ${earlier}`)
}

function deadlinesOf(record: unknown, path: (string | number)[], o: ReturnType<typeof optionsOf>): ObjectionDeadlines & { finding: ObjectionFinding | null; corrected: boolean; forwarded: boolean; decided: boolean } {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) throw invalidIndicator(path, 'must be an objection record')
  const r = record as Record<string, unknown>
  const receivedOn = dateField(r, 'receivedOn', path, true)!
  const finding = r.finding ?? null
  if (finding !== null && finding !== 'wellFounded' && finding !== 'unfounded') throw invalidIndicator([...path, 'finding'], 'must be wellFounded, unfounded or null')
  const correctedOn = dateField(r, 'correctedOn', path)
  const forwardedOn = dateField(r, 'forwardedOn', path)
  const decidedOn = dateField(r, 'decidedOn', path)
  if (finding === 'wellFounded' && (forwardedOn !== null || decidedOn !== null)) throw invalidIndicator([...path, 'forwardedOn'], 'a well-founded objection is corrected by the branch, not forwarded')
  if (finding !== 'wellFounded' && correctedOn !== null) throw invalidIndicator([...path, 'correctedOn'], 'only a well-founded objection is corrected')
  if (finding === null && forwardedOn !== null) throw invalidIndicator([...path, 'finding'], 'a forwarded objection was found unfounded: set finding')
  if (decidedOn !== null && forwardedOn === null) throw invalidIndicator([...path, 'decidedOn'], 'the agency decides only a forwarded objection')
  notBefore(correctedOn, receivedOn, [...path, 'correctedOn'], 'corrected')
  notBefore(forwardedOn, receivedOn, [...path, 'forwardedOn'], 'forwarded')
  notBefore(decidedOn, forwardedOn, [...path, 'decidedOn'], 'decided')
  const branchDeadline = addCalendarDays(receivedOn, finding === 'wellFounded' ? o.correctionDays : o.forwardDays)
  const branchDone = finding === 'wellFounded' ? correctedOn : forwardedOn
  const decisionDeadline = forwardedOn === null ? null : addCalendarDays(forwardedOn, o.decisionDays)
  const late = (deadline: IsoDate | null, done: IsoDate | null) => deadline !== null && done === null && o.asOf !== null && compareIsoDates(o.asOf, deadline) > 0
  return {
    finding,
    corrected: correctedOn !== null,
    forwarded: forwardedOn !== null,
    decided: decidedOn !== null,
    branchDeadline,
    branchOnTime: branchDone === null ? null : compareIsoDates(branchDone, branchDeadline) <= 0,
    decisionDeadline,
    decisionOnTime: decidedOn === null || decisionDeadline === null ? null : compareIsoDates(decidedOn, decisionDeadline) <= 0,
    overdue: late(branchDeadline, branchDone) || late(decisionDeadline, decidedOn),
  }
}

/**
 * The deadlines of one objection (行政執行法 §9): correct a well-founded one within
 * `correctionDays` (our reading of 應即, default 10), forward an unfounded (or undecided) one within
 * 10 days of receipt, and the agency's decision within 30 days of forwarding — calendar days, the
 * day of receipt being day 0, the last day on time.
 * @throws DomainError `INVALID_INDICATOR` naming the field: a missing or malformed date, a finding
 *   other than wellFounded/unfounded, steps that contradict the finding, or a step dated before the one it follows.
 * @example objectionDeadlines({ receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-03-11' }).branchOnTime // true
 */
export function objectionDeadlines(record: ObjectionRecord, options: ObjectionOptions = {}): ObjectionDeadlines {
  const { branchDeadline, branchOnTime, decisionDeadline, decisionOnTime, overdue } = deadlinesOf(record, ['objection'], optionsOf(options))
  return { branchDeadline, branchOnTime, decisionDeadline, decisionOnTime, overdue }
}

/**
 * Timeliness of a branch's objections (聲明異議) for a period: how many were well founded and
 * corrected in time, how many were forwarded within 10 days and decided within 30, and how many
 * are open past a deadline on `asOf`. Shares count only the steps done (an open step is not late
 * until its deadline passes, and then it is `overdue`, not in a share).
 * @throws DomainError `INVALID_INDICATOR` naming `objections.i.<field>` (see {@link objectionDeadlines}).
 * @example objectionTimeliness([{ receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-03-12' }]).forwardedOnTimeShare // 0
 */
export function objectionTimeliness(objections: readonly ObjectionRecord[], options: ObjectionOptions = {}): ObjectionTimeliness {
  if (!Array.isArray(objections)) throw invalidIndicator('objections', 'must be a list of objection records')
  const o = optionsOf(options)
  const all = objections.map((r, i) => deadlinesOf(r, ['objections', i], o))
  const count = (f: (d: (typeof all)[number]) => boolean) => all.filter(f).length
  const share = (part: number, whole: number) => (whole === 0 ? null : ratioPercent(part, whole))
  const corrected = count((d) => d.corrected)
  const correctedOnTime = count((d) => d.corrected && d.branchOnTime === true)
  const forwarded = count((d) => d.forwarded)
  const forwardedOnTime = count((d) => d.forwarded && d.branchOnTime === true)
  const decided = count((d) => d.decided)
  const decidedOnTime = count((d) => d.decisionOnTime === true)
  return {
    total: all.length,
    wellFounded: count((d) => d.finding === 'wellFounded'),
    unfounded: count((d) => d.finding === 'unfounded'),
    pending: count((d) => d.finding === null),
    corrected,
    correctedOnTime,
    correctedOnTimeShare: share(correctedOnTime, corrected),
    forwarded,
    forwardedOnTime,
    forwardedOnTimeShare: share(forwardedOnTime, forwarded),
    decided,
    decidedOnTime,
    decidedOnTimeShare: share(decidedOnTime, decided),
    overdue: count((d) => d.overdue),
  }
}
