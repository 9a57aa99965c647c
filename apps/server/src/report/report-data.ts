import {
  countShare,
  PETITION_CATEGORIES,
  PETITION_CHANNELS,
  petitionTimeliness,
  phoneCourtesySummary,
  poolTallies,
  isoToRoc,
  rocToIso,
  roundRange,
  surveySatisfaction,
  taipeiDate,
  waitingTimeSummary,
  type Catalogue,
  type IndicatorKey,
  type IsoDate,
  type Round,
  type SurveyScale,
} from '@leap/domain'
import {
  RESULTS_REPORT_PROGRAMME,
  RESULTS_REPORT_SECTIONS,
  resultsReportStructureFromCatalogue,
  SURVEY_ROW_INDICATORS,
  scoreSheetInputFromCatalogue,
  type IndicatorDataInput,
  type MeetingPackInput,
  type NationalWorkbookInput,
  type RemediationItemInput,
  type ResultsReportInput,
  type ResultsReportSection,
  type ScoreSheetInput,
} from '@leap/reports'
import type { Kysely } from 'kysely'
import { findCatalogue } from '../catalogue/catalogue.repository.js'
import { comparableTrend } from '../catalogue/catalogue-basis.js'
import type { Database } from '../db/database.js'
import { listPetitions, listPhoneTests, listSurveyTallies, type SurveyTally } from '../indicator/indicator.repository.js'
import { cadenceAndObjectionsFor } from '../indicator/cadence-report.js'
import { listObjections } from '../indicator/objection.repository.js'
import { consensusEntries, recusedMemberIds, type InspectionRecord } from '../inspection/inspection.repository.js'
import { findItems, type RemediationItem } from '../remediation/remediation.repository.js'
import { listRoster } from '../round/round.repository.js'
import { listNarratives } from './report-narrative.repository.js'
import {
  catalogueInForce,
  cataloguesOfRounds,
  findDisplayName,
  indicatorRowsBetween,
  listRoundsBetween,
  progressNotes,
  remediationItemIdsOfRounds,
  remediationItemIdsOfYear,
  signedConsensusOfRounds,
  signedInspectionsOfRounds,
} from './report.repository.js'
import { listBranches } from '../branch/branch.repository.js'

type Db = Kysely<Database>

/** Criterion code → title, over the given catalogues (later ones win). */
function criterionTitles(catalogues: readonly Catalogue[]): Map<string, string> {
  return new Map(catalogues.flatMap((c) => c.dimensions.flatMap((d) => d.criteria.map((k) => [k.code, k.title.zh] as const))))
}

/**
 * The official score sheet of an inspection from its consensus scores, roster (recused members
 * left out) and sign-off. Throws the domain's SHEET_INCOMPLETE while criteria lack a consensus.
 */
export async function scoreSheetFor(db: Db, inspection: InspectionRecord): Promise<ScoreSheetInput> {
  const catalogue = await findCatalogue(db, inspection.catalogueId)
  if (!catalogue) throw new Error(`catalogue ${inspection.catalogueId} of inspection ${inspection.id} is missing`)
  const [entries, roster, recused] = await Promise.all([
    consensusEntries(db, inspection.id),
    listRoster(db, inspection.roundId),
    recusedMemberIds(db, inspection.roundId, inspection.branchId),
  ])
  const signer = inspection.signedBy === null ? undefined : await findDisplayName(db, inspection.signedBy)
  return scoreSheetInputFromCatalogue(catalogue.catalogue, entries, {
    branch: { code: inspection.branchCode, name: inspection.branchName },
    round: { rocYear: inspection.rocYear, half: inspection.half },
    inspectedOn: inspection.inspectedOn,
    committee: roster.filter((m) => !recused.includes(m.userId)).map((m) => ({ name: m.displayName, role: m.role })),
    signOff: inspection.signedAt && signer ? { signedBy: signer.displayName, signedAt: inspection.signedAt.toISOString() } : null,
  })
}

/**
 * Remediation items in the shape the register, report and minutes print: criterion titles from
 * the catalogues of their rounds, the latest progress note and the day (Taipei) they were closed.
 */
export async function remediationInputs(db: Db, items: readonly RemediationItem[]): Promise<RemediationItemInput[]> {
  if (items.length === 0) return []
  const ids = items.map((i) => i.id)
  const [notes, catalogues] = await Promise.all([progressNotes(db, ids), cataloguesOfRounds(db, [...new Set(items.map((i) => i.roundId))])])
  const latest = new Map(notes.map((n) => [n.remediationItemId, n.note]))
  const titles = criterionTitles(catalogues.map((c) => c.data as Catalogue))
  return items.map((i) => ({
    // Printed in Chinese documents: the round (114上) and the item's number, no English branch code.
    ref: `${i.rocYear}${i.half === 1 ? '上' : '下'}-${String(i.id).padStart(3, '0')}`,
    branch: { code: i.branchCode, name: i.branchName },
    round: { rocYear: i.rocYear, half: i.half },
    criterion: titles.get(i.criterionCode) ?? i.criterionCode,
    title: i.title,
    unit: i.unitName,
    dueDate: i.dueDate,
    status: i.status,
    latestProgress: latest.get(i.id)?.slice(0, 4000) ?? null,
    closedOn: i.status === 'closed' && i.closedAt ? taipeiDate(i.closedAt) : null,
  }))
}

/** Adds up tallies question by question (several months or quarters of one form). */
function pooledByQuestion(tallies: readonly SurveyTally[]): { label: string; counts: number[]; invalid: number }[] {
  const byQuestion = new Map<string, { label: string; counts: number[]; invalid: number }>()
  for (const t of tallies) {
    const q = byQuestion.get(t.question)
    if (!q) byQuestion.set(t.question, { label: t.question.slice(0, 200), counts: [...t.counts], invalid: t.invalid })
    else if (q.counts.length === t.counts.length) {
      q.counts = q.counts.map((c, k) => c + t.counts[k]!)
      q.invalid += t.invalid
    }
  }
  return [...byQuestion.values()]
}

/** The structure (programme and sections) of a results report. */
export interface ResultsReportStructure {
  programme: string
  sections: ResultsReportSection[]
}

/**
 * The results-report structure of a ROC year, from the catalogue in force: that of the year's
 * latest round, else of the latest earlier round; the default 服務躍升 (v2) structure when no round
 * reaches back that far. A 100年 report thus follows the v1 catalogue's dimensions and sub-areas.
 */
export async function resultsReportStructureFor(db: Db, rocYear: number): Promise<ResultsReportStructure> {
  const round = await catalogueInForce(db, rocYear)
  const catalogue = round ? await findCatalogue(db, round.id) : undefined
  if (!catalogue) return { programme: RESULTS_REPORT_PROGRAMME, sections: RESULTS_REPORT_SECTIONS.map((s) => ({ ...s, data: [...s.data] })) }
  return resultsReportStructureFromCatalogue(catalogue.catalogue)
}

/**
 * The results-report input of a branch for a ROC year: report 1 covers January–June, report 2
 * January–December, in the structure of the catalogue in force that year (`resultsReportStructureFor`;
 * narratives stored under sections of another structure are left out). Survey and waiting-time
 * tables pool the period's tallies; petitions are counted per month by category and channel;
 * remediation items are those of the year's rounds.
 */
export async function resultsReportFor(
  db: Db,
  branch: { id: number; code: string; name: string },
  rocYear: number,
  report: 1 | 2,
  now: Date,
): Promise<ResultsReportInput> {
  const period = { from: rocToIso({ rocYear, month: 1, day: 1 }), to: rocToIso({ rocYear, month: report === 1 ? 6 : 12, day: report === 1 ? 30 : 31 }) }
  const [structure, stored, tallies, phones, petitions, items] = await Promise.all([
    resultsReportStructureFor(db, rocYear),
    listNarratives(db, { branchId: branch.id, rocYear, report }),
    listSurveyTallies(db, branch.id, period),
    listPhoneTests(db, branch.id, period),
    listPetitions(db, branch.id, period),
    remediationItemIdsOfYear(db, branch.id, rocYear),
  ])
  const satisfaction = tallies.filter((t) => t.scale === 'five' || t.scale === 'four' || t.scale === 'three')
  const scale = satisfaction[0]?.scale as 'five' | 'four' | 'three' | undefined
  const questions = scale ? pooledByQuestion(satisfaction.filter((t) => t.scale === scale)).slice(0, 50) : []
  const waiting = pooledByQuestion(tallies.filter((t) => t.scale === 'waitingTime' && t.counts.length === 5))
  const waitingTotal = waiting.reduce<{ buckets: number[]; invalid: number } | null>(
    (acc, q) => (acc ? { buckets: acc.buckets.map((b, k) => b + q.counts[k]!), invalid: acc.invalid + q.invalid } : { buckets: [...q.counts], invalid: q.invalid }),
    null,
  )
  const months = new Map<number, { month: number; byCategory: number[]; byChannel: number[] }>()
  let closedWithin6Days = 0
  for (const p of petitions) {
    const month = Number(p.receivedOn.slice(5, 7))
    const m = months.get(month) ?? { month, byCategory: [0, 0, 0, 0, 0], byChannel: [0, 0, 0, 0, 0] }
    months.set(month, m)
    const category = PETITION_CATEGORIES.indexOf(p.category as (typeof PETITION_CATEGORIES)[number])
    const channel = PETITION_CHANNELS.indexOf(p.channel as (typeof PETITION_CHANNELS)[number])
    m.byCategory[category < 0 ? 4 : category]! += 1
    m.byChannel[channel < 0 ? 4 : channel]! += 1
    if (p.closedOn && daysBetween(p.receivedOn, p.closedOn) <= 6) closedWithin6Days += 1
  }
  const keys = new Set(structure.sections.map((s) => s.key))
  const narratives = Object.fromEntries(Object.entries(stored).filter(([key]) => keys.has(key)))
  return {
    branch: { code: branch.code, name: branch.name },
    rocYear,
    period: report,
    // 截至: the end of the report's period, or today while the period is still running.
    asOf: taipeiDate(now) < period.to ? taipeiDate(now) : period.to,
    ...structure,
    narratives,
    survey: scale && questions.length ? { scale, questions } : null,
    waitingTime: waitingTotal ? { buckets: waitingTotal.buckets, invalid: waitingTotal.invalid } : null,
    phoneTests: phones.slice(0, 1000).map((p) => ({ testedOn: p.testedOn, unit: (p.note?.trim() || branch.name).slice(0, 50), person: p.person.slice(0, 50), score: Math.min(100, Math.max(0, p.total)) })),
    petitions: petitions.length ? { months: [...months.values()].sort((a, b) => a.month - b.month), closedWithin6Days } : null,
    remediation: (await remediationInputs(db, await findItems(db, items.map((i) => i.id)))).slice(0, 5000),
  }
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/**
 * The meeting pack of a committee meeting: minutes, the items reported (already scope-filtered by
 * the caller) and the given signed score sheets. The meeting is the agency committee's, so the
 * header names 法務部行政執行署; the chair is the round's convener, the recorder its secretary.
 */
export async function meetingPackFor(
  db: Db,
  meeting: { roundId: number; heldOn: IsoDate; title: string; minutes: string; startTime: string | null; place: string | null },
  items: readonly (RemediationItemInput & { note: string })[],
  sheets: readonly ScoreSheetInput[],
): Promise<MeetingPackInput> {
  const roster = await listRoster(db, meeting.roundId)
  const chair = roster.find((m) => m.role === 'convener')?.displayName ?? '召集人'
  return {
    meeting: {
      title: meeting.title,
      branch: { code: 'AEA', name: '法務部行政執行署' },
      heldOn: meeting.heldOn,
      time: meeting.startTime ?? '',
      place: meeting.place ?? '',
      chair,
      attendees: roster.map((m) => m.displayName),
      recorder: roster.find((m) => m.role === 'secretary')?.displayName ?? '',
      resolutions: meeting.minutes,
    },
    items: items.map((i) => ({ ...i, note: i.note.trim() ? i.note.slice(0, 4000) : null, decision: i.status === 'closed' ? 'close' : i.status === 'cancelled' ? null : 'continue' })),
    scoreSheets: [...sheets],
  }
}

/**
 * The national workbook over the rounds of ROC years `fromYear`–`toYear` (all when absent):
 * every branch, one entry per signed or closed inspection (consensus points per criterion of the
 * latest round's catalogue), and every remediation item of those rounds. Null when no round matches.
 */
export async function nationalWorkbookFor(db: Db, range: { fromYear?: number | undefined; toYear?: number | undefined }, now: Date): Promise<NationalWorkbookInput | null> {
  const rounds = await listRoundsBetween(db, range)
  if (rounds.length === 0) return null
  const latest = await findCatalogue(db, rounds[rounds.length - 1]!.catalogueId)
  if (!latest) return null
  const criteria = latest.catalogue.dimensions.flatMap((d) => d.criteria.map((c) => ({ code: c.code, dimension: d.title.zh, title: c.title.zh, maxPoints: c.maxPoints })))
  const known = new Map(criteria.map((c) => [c.code, c.maxPoints]))
  const roundIds = rounds.map((r) => r.id)
  const [branches, inspections, scores, itemRows] = await Promise.all([listBranches(db), signedInspectionsOfRounds(db, roundIds), signedConsensusOfRounds(db, roundIds), remediationItemIdsOfRounds(db, roundIds)])
  const byInspection = new Map<number, Record<string, number | null>>()
  for (const s of scores) {
    const max = known.get(s.criterionCode)
    if (max === undefined) continue
    const record = byInspection.get(s.inspectionId) ?? {}
    byInspection.set(s.inspectionId, record)
    record[s.criterionCode] = s.notApplicable || s.points === null ? null : Math.min(max, Number(s.points))
  }
  const workbookRounds = rounds.map((r) => ({ id: r.id, rocYear: r.rocYear, half: (r.half === 2 ? 2 : 1) as 1 | 2 }))
  // Issue 19: each total also on the basis of the newest round's catalogue (carried by the recorded
  // mapping, or marked not comparable with the reason), per branch as the dashboard's trend does.
  const comparableOf = new Map<number, { total: number | null; reason: 'same' | 'carried' | 'noMapping' | 'notSigned' }>()
  for (const branch of branches) {
    const own = inspections.filter((i) => i.branchId === branch.id).map((i) => ({ inspectionId: i.id, roundId: i.roundId, total: Number(i.totalPoints), passed: i.passed }))
    if (own.length === 0) continue
    const trend = await comparableTrend(db, own, rounds)
    for (const p of trend.points) comparableOf.set(p.inspectionId, { total: p.total === null ? null : Math.round(p.total * 100) / 100, reason: p.reason })
  }
  return {
    criteria,
    branches: branches.map((b) => ({ code: b.code, name: b.name })),
    rounds: workbookRounds.map((r) => ({ rocYear: r.rocYear, half: r.half })),
    sheets: inspections.map((i) => ({
      branchCode: i.code,
      round: { rocYear: i.rocYear, half: i.half === 2 ? 2 : 1 },
      inspectedOn: i.inspectedOn,
      total: Number(i.totalPoints),
      scores: byInspection.get(i.id) ?? {},
      ...(comparableOf.has(i.id) ? { comparable: comparableOf.get(i.id)! } : {}),
    })),
    comparisonBasis: `${latest.title}（第${latest.version}版）`,
    remediation: await remediationInputs(db, await findItems(db, itemRows.map((r) => r.id))),
    indicators: await roundIndicatorsFor(db, branches, workbookRounds),
    // Issue 19: the plan's cadence missed and the objections (聲明異議) of each branch and round.
    ...(await cadenceAndObjectionsFor(db, branches, workbookRounds, now)),
    passThreshold: latest.passThreshold,
    asOf: taipeiDate(now),
  }
}

/** One measured indicator of a branch in a round, as the national workbook's 指標 sheet prints it. */
export interface RoundIndicator {
  branchCode: string
  round: Round
  key: IndicatorKey
  value: number
  detail: string | null
}

/** Survey indicators a tally may feed (its `indicator` column); waiting time has its own scale. */
const SATISFACTION_KEYS = ['environmentSatisfaction', 'courtesySatisfaction', 'professionalismSatisfaction', 'overallSatisfaction'] as const

/**
 * The measured indicators of every branch in every round, each computed by @leap/domain from the
 * data stored for the round's half year (roundRange) exactly as `indicator.summary` computes them
 * for that period and round: satisfaction per indicator (tallies tagged with it pooled), served
 * within 15 minutes (waiting-time tallies pooled, published formula; the note gives the average),
 * phone-courtesy average (note: band and persons tested), petitions closed within 6 days (note:
 * closed of received), and the share of the round's remediation items closed (cancelled left out).
 * Branch × round pairs without data have no rows. Four queries, whatever the number of rounds.
 */
export async function roundIndicatorsFor(db: Db, branches: readonly { id: number; code: string }[], rounds: readonly (Round & { id: number })[]): Promise<RoundIndicator[]> {
  if (rounds.length === 0 || branches.length === 0) return []
  const ranges = rounds.map((r) => ({ round: r, ...roundRange(r) }))
  const from = ranges.reduce((min, r) => (r.start < min ? r.start : min), ranges[0]!.start)
  const to = ranges.reduce((max, r) => (r.end > max ? r.end : max), ranges[0]!.end)
  const branchIds = branches.map((b) => b.id)
  const { tallies, phones, petitions, items } = await indicatorRowsBetween(db, branchIds, rounds.map((r) => r.id), { from, to })
  const out: RoundIndicator[] = []
  for (const branch of branches) {
    for (const { round, start, end } of ranges) {
      const add = (key: IndicatorKey, value: number | null, detail: string | null = null) => {
        if (value !== null) out.push({ branchCode: branch.code, round: { rocYear: round.rocYear, half: round.half }, key, value, detail })
      }
      const mine = tallies.filter((t) => t.branchId === branch.id && t.periodStart >= start && t.periodEnd <= end).map((t) => ({ ...t, counts: t.counts.map(Number) }))
      for (const key of SATISFACTION_KEYS) {
        const tally = poolTallies(mine.filter((t) => t.indicator === key && t.scale !== 'waitingTime'))
        if (!tally) continue
        const result = surveySatisfaction({ scale: tally.scale as SurveyScale, counts: tally.counts, invalid: tally.invalid })
        add(key, result.rate, `有效樣本 ${result.valid} 份`)
      }
      const waiting = poolTallies(mine.filter((t) => t.scale === 'waitingTime'))
      if (waiting) {
        const w = waitingTimeSummary({ buckets: waiting.counts, invalid: waiting.invalid }, { mode: 'published' })
        add('within15MinutesShare', w.within15Share, `有效樣本 ${w.valid} 份，平均 ${w.averageMinutes ?? '—'} 分鐘（≥60 分以 30 分計）`)
      }
      const phone = phoneCourtesySummary(phones.filter((p) => p.branchId === branch.id && p.testedOn >= start && p.testedOn <= end).map((p) => Number(p.total)))
      add('phoneCourtesyAverage', phone.average, phone.band === null ? null : `${phone.band}（${phone.count} 人次）`)
      const received = petitions.filter((p) => p.branchId === branch.id && p.receivedOn >= start && p.receivedOn <= end)
      if (received.length > 0) {
        const timeliness = petitionTimeliness(
          received.map((p) => ({ category: p.category as (typeof PETITION_CATEGORIES)[number], channel: p.channel as (typeof PETITION_CHANNELS)[number], receivedOn: p.receivedOn, closedOn: p.closedOn })),
        )
        const closed = received.filter((p) => p.closedOn !== null).length
        add('petitionsWithin6DaysShare', timeliness.onTimeShare, `已結案 ${closed} 件／受理 ${received.length} 件`)
      }
      const found = items.filter((i) => i.branchId === branch.id && Number(i.foundIn) === round.id)
      if (found.length > 0) {
        const closed = found.filter((i) => i.status === 'closed').length
        add('remediationClosedShare', countShare(closed, found.length, 'closed', 'tracked'), `解除列管 ${closed} 件／列管 ${found.length} 件`)
      }
    }
  }
  return out
}

/** What an indicator export could not carry, by reason (the template has one row per month and question). */
export interface IndicatorExportLeftOut {
  /** Waiting-time tallies: the template has satisfaction scales only. */
  waitingTime: number
  /** Tallies whose period is not one calendar month. */
  notOneMonth: number
  /** Phone tests whose component scores (speed, courtesy…) are not carried: only their total is. */
  phoneComponents: number
}

function isWholeMonth(start: IsoDate, end: IsoDate): boolean {
  if (!start.endsWith('-01') || start.slice(0, 7) !== end.slice(0, 7)) return false
  const [y, m] = start.split('-').map(Number) as [number, number]
  return Number(end.slice(8)) === new Date(Date.UTC(y, m, 0)).getUTCDate()
}

/**
 * The stored indicator data of a branch in a period, in the shape of the indicator template the
 * import reads: one survey row per monthly tally on a satisfaction scale (with its form and
 * indicator), one phone row per test (unit = the stored note, blank when none; 編號 = its id, so
 * importing the file again updates those tests instead of adding them). Rows the template
 * cannot carry are counted in `leftOut` rather than bent to fit.
 */
export async function indicatorExportFor(
  db: Db,
  branch: { id: number; code: string },
  period: { from: IsoDate; to: IsoDate },
): Promise<{ data: IndicatorDataInput; leftOut: IndicatorExportLeftOut }> {
  const [tallies, phones, objectionRows] = await Promise.all([listSurveyTallies(db, branch.id, period), listPhoneTests(db, branch.id, period), listObjections(db, branch.id, period)])
  const leftOut: IndicatorExportLeftOut = { waitingTime: 0, notOneMonth: 0, phoneComponents: 0 }
  const surveys: NonNullable<IndicatorDataInput['surveys']> = []
  for (const t of tallies) {
    if (t.scale !== 'five' && t.scale !== 'four' && t.scale !== 'three') {
      leftOut.waitingTime += 1
      continue
    }
    if (!isWholeMonth(t.periodStart, t.periodEnd)) {
      leftOut.notOneMonth += 1
      continue
    }
    const { rocYear, month } = isoToRoc(t.periodStart)
    const indicator = SURVEY_ROW_INDICATORS.find((k) => k === t.indicator) ?? null
    surveys.push({
      branchCode: branch.code,
      rocYear,
      month,
      scale: t.scale,
      question: t.question,
      counts: t.counts,
      invalid: t.invalid,
      returned: t.counts.reduce((a, b) => a + b, 0) + t.invalid,
      surveyKind: t.surveyKind,
      indicator,
    })
  }
  const phoneTests = phones.map((p) => {
    if (Object.keys(p.components).length > 0) leftOut.phoneComponents += 1
    return { branchCode: branch.code, testedOn: p.testedOn, unit: p.note ?? '', person: p.person, score: p.total, extension: p.extension ?? '', id: p.id, version: p.version }
  })
  // 聲明異議 (issue 19): every field the template carries, with 編號 and 版本 so an import updates in place.
  const objections = objectionRows.map((o) => ({
    branchCode: branch.code,
    receivedOn: o.receivedOn,
    subject: o.subject,
    finding: o.finding,
    correctedOn: o.correctedOn,
    forwardedOn: o.forwardedOn,
    decidedOn: o.decidedOn,
    id: o.id,
    version: o.version,
  }))
  return { data: { surveys, phoneTests, objections }, leftOut }
}
