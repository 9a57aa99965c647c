import {
  countShare,
  INDICATOR_KEYS,
  petitionTimeliness,
  phoneCourtesySummary,
  poolTallies,
  roundOf,
  suggestTiers,
  surveySatisfaction,
  waitingTimeSummary,
  type IndicatorKey,
  type IndicatorValues,
  type IsoDate,
  type PETITION_CATEGORIES,
  type PETITION_CHANNELS,
  type SurveyScale,
} from '@leap/domain'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { itemStatusesFoundIn } from '../remediation/remediation.repository.js'
import { notFound } from '../trpc/refusal.js'
import { findRoundCatalogue, listPetitions, listPhoneTests, listSurveyTallies, type Period, type SurveyTally } from './indicator.repository.js'

type Db = Kysely<Database>

/** Indicators a survey question may feed. */
export const SURVEY_INDICATORS = ['environmentSatisfaction', 'courtesySatisfaction', 'professionalismSatisfaction', 'overallSatisfaction', 'within15MinutesShare'] as const

/** Runs the domain calculator on a tally so bad counts are refused at entry with the domain's message. */
export function computeTally(t: Pick<SurveyTally, 'scale' | 'counts' | 'invalid'>, waiting: { mode: 'published' | 'corrected'; openBucketMinutes?: number }) {
  if (t.scale === 'waitingTime') return { kind: 'waitingTime' as const, ...waitingTimeSummary({ buckets: t.counts, invalid: t.invalid }, waiting) }
  return { kind: 'satisfaction' as const, ...surveySatisfaction({ scale: t.scale as SurveyScale, counts: t.counts, invalid: t.invalid }) }
}

/** What `indicator.summary` asks for: a branch, a period, optionally the round and the open bucket's minutes. */
export interface SummaryRequest {
  branchId: number
  from: IsoDate
  to: IsoDate
  roundId?: number | undefined
  openBucketMinutes?: number | undefined
}

/**
 * The branch's service indicators for the period, all computed by @leap/domain (see
 * `indicator.summary`). NOT_FOUND when `roundId` names no round. The caller checks access.
 */
export async function indicatorSummary(db: Db, input: SummaryRequest) {
  const period: Period = { from: input.from, to: input.to }
  const [tallies, phoneTests, petitions] = await Promise.all([
    listSurveyTallies(db, input.branchId, period),
    listPhoneTests(db, input.branchId, period),
    listPetitions(db, input.branchId, period),
  ])
  const corrected = { mode: 'corrected' as const, ...(input.openBucketMinutes !== undefined ? { openBucketMinutes: input.openBucketMinutes } : {}) }
  const questions = tallies.map((t) => ({
    id: t.id,
    surveyKind: t.surveyKind,
    question: t.question,
    indicator: t.indicator,
    periodStart: t.periodStart,
    periodEnd: t.periodEnd,
    computed: computeTally(t, { mode: 'published' }),
  }))

  const values: IndicatorValues = {}
  const satisfaction: Partial<Record<IndicatorKey, ReturnType<typeof surveySatisfaction>>> = {}
  for (const key of SURVEY_INDICATORS) {
    if (key === 'within15MinutesShare') continue
    const tally = poolTallies(tallies.filter((t) => t.indicator === key && t.scale !== 'waitingTime'))
    if (!tally) continue
    const result = surveySatisfaction({ scale: tally.scale as SurveyScale, counts: tally.counts, invalid: tally.invalid })
    satisfaction[key] = result
    if (result.rate !== null) values[key] = result.rate
  }
  const waitingTally = poolTallies(tallies.filter((t) => t.scale === 'waitingTime'))
  const waitingTime = waitingTally
    ? {
        published: waitingTimeSummary({ buckets: waitingTally.counts, invalid: waitingTally.invalid }, { mode: 'published' }),
        corrected: waitingTimeSummary({ buckets: waitingTally.counts, invalid: waitingTally.invalid }, corrected),
      }
    : null
  if (waitingTime?.published.within15Share != null) values.within15MinutesShare = waitingTime.published.within15Share

  const phone = phoneCourtesySummary(phoneTests.map((p) => p.total))
  if (phone.average !== null) values.phoneCourtesyAverage = phone.average
  const petitionSummary = petitionTimeliness(
    petitions.map((p) => ({ category: p.category as (typeof PETITION_CATEGORIES)[number], channel: p.channel as (typeof PETITION_CHANNELS)[number], receivedOn: p.receivedOn, closedOn: p.closedOn })),
  )
  if (petitionSummary.onTimeShare !== null) values.petitionsWithin6DaysShare = petitionSummary.onTimeShare

  let remediation: { closed: number; tracked: number; closedShare: number | null } | null = null
  let tierSuggestions: ReturnType<typeof suggestTiers> | null = null
  // The round asked for, else the round the period ends in, if it has been created.
  const inferred = roundOf(input.to)
  const round = await findRoundCatalogue(db, input.roundId !== undefined ? { id: input.roundId } : inferred)
  if (!round && input.roundId !== undefined) throw notFound()
  if (round) {
    // Items found in this round (wherever they are tracked now), cancelled ones left out.
    const items = await itemStatusesFoundIn(db, input.branchId, round.id)
    const closed = items.filter((i) => i.status === 'closed').length
    const closedShare = items.length === 0 ? null : countShare(closed, items.length, 'closed', 'tracked')
    remediation = { closed, tracked: items.length, closedShare }
    if (closedShare !== null) values.remediationClosedShare = closedShare
    tierSuggestions = suggestTiers(round.catalogue, values)
  }
  const indicators = Object.fromEntries(INDICATOR_KEYS.filter((k) => values[k] !== undefined).map((k) => [k, values[k]!]))
  return { branchId: input.branchId, period, questions, satisfaction, waitingTime, phone, petitions: petitionSummary, remediation, indicators, tierSuggestions }
}
