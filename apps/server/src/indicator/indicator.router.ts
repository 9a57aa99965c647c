import { assertClosedAfterReceived, assertPartsAddUp, isoDateSchema, petitionTimeliness } from '@leap/domain'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { authedProcedure, router } from '../trpc/init.js'
import { refuse } from '../trpc/refusal.js'
import { assertMayReadIndicators, indicatorCorrection, indicatorPeriodInput } from './indicator-access.js'
import { petitionFields, phoneTestFields, surveyTallyInput } from './indicator-input.js'
import { correctRow, deleteProcedure, enterRows, listProcedure } from './indicator-rows.js'
import { computeTally, indicatorSummary } from './indicator-summary.js'
import {
  findPetition,
  findPhoneTest,
  findSurveyTally,
  insertPetitions,
  insertPhoneTests,
  listPetitions,
  listPhoneTests,
  listSurveyTallies,
  updatePetition,
  updatePhoneTest,
  upsertSurveyTallies,
} from './indicator.repository.js'

const id = rowId

/** The kinds of indicator rows, as the shared write cycles (indicator-rows.ts) reach and audit them. */
const SURVEY_TALLY = { table: 'surveyTally', find: findSurveyTally, entity: 'survey_tally' } as const
const PHONE_TEST = { table: 'phoneTest', find: findPhoneTest, entity: 'phone_test' } as const
const PETITION = { table: 'petition', find: findPetition, entity: 'petition' } as const

export const indicatorRouter = router({
  /**
   * Records survey tallies of one branch and period (one row per question). Re-entering the same
   * question for the same period replaces it. Counts are checked by the domain calculators.
   */
  enterSurveyTallies: authedProcedure.input(surveyTallyInput).mutation(({ ctx, input }) => {
    if (input.periodStart > input.periodEnd) {
      throw refuse('BAD_REQUEST', 'DATE_BEFORE', { date: input.periodEnd, after: input.periodStart }, 'period start after end', [{ path: ['periodEnd'] }])
    }
    const { tallies, ...period } = input
    return enterRows(ctx, input.branchId, {
      action: 'indicator.enterSurveyTallies',
      entity: SURVEY_TALLY.entity,
      rules: () => tallies.forEach((t) => computeTally(t, { mode: 'published' })),
      insert: (trx) => upsertSurveyTallies(trx, tallies.map((t) => ({ ...period, ...t, createdBy: ctx.user.id }))),
      after: (ids) => ({ ids, ...input }),
    })
  }),

  /** Survey tallies of the branch within the period, each with the domain's computed figures. */
  listSurveyTallies: authedProcedure.input(indicatorPeriodInput).query(async ({ ctx, input }) => {
    await assertMayReadIndicators(ctx.db, ctx.user, input.branchId)
    const tallies = await listSurveyTallies(ctx.db, input.branchId, input)
    return tallies.map((t) => ({ ...t, computed: computeTally(t, { mode: 'published' }) }))
  }),

  /**
   * Deletes one survey tally (a question mistyped, or entered for the wrong period): the summary no
   * longer counts it. Same rights as entering tallies (agency admin, or the branch's own
   * manager/staff; another branch's tally is NOT_FOUND). CONFLICT with the current row in
   * `cause.current` when `expectedVersion` is stale (the tally was replaced by re-entry or an import
   * since it was read). One audit entry keeps the deleted row.
   */
  deleteSurveyTally: deleteProcedure(SURVEY_TALLY, 'indicator.deleteSurveyTally'),

  /** Records phone courtesy tests (one per person tested). `total` must equal the sum of `components` when given. */
  enterPhoneTests: authedProcedure
    .input(
      z.object({
        branchId: id,
        tests: z
          .array(
            z.object({
              ...phoneTestFields,
              extension: phoneTestFields.extension.default(null),
              components: phoneTestFields.components.default({}),
              note: phoneTestFields.note.default(null),
            }),
          )
          .min(1)
          .max(200),
      }),
    )
    .mutation(({ ctx, input }) =>
      enterRows(ctx, input.branchId, {
        action: 'indicator.enterPhoneTests',
        entity: PHONE_TEST.entity,
        rules: () => input.tests.forEach((t, i) => assertPartsAddUp(t.components, t.total, ['tests', i, 'total'])),
        insert: (trx) => insertPhoneTests(trx, input.tests.map((t) => ({ ...t, branchId: input.branchId, createdBy: ctx.user.id }))),
      }),
    ),

  /**
   * Corrects one phone test: the fields given replace the stored ones. Same rights as entering
   * (agency admin, or the branch's own manager/staff; another branch's test is NOT_FOUND).
   * CONFLICT with the current row in `cause.current` when `expectedVersion` is stale;
   * BAD_REQUEST naming `total` (or `components`) when the components would not add up to the total.
   * Returns the row as stored, with its new version. One audit entry with before and after.
   */
  correctPhoneTest: authedProcedure.input(indicatorCorrection(phoneTestFields)).mutation(({ ctx, input }) =>
    correctRow(ctx, input, {
      ...PHONE_TEST,
      action: 'indicator.correctPhoneTest',
      rules: (before, change) => assertPartsAddUp(change.components ?? before.components, change.total ?? before.total, [change.total !== undefined ? 'total' : 'components']),
      write: updatePhoneTest,
    }),
  ),

  /**
   * Deletes one phone test (a test entered by mistake). Same rights and version check as
   * `correctPhoneTest`; the audit entry keeps the deleted row.
   */
  deletePhoneTest: deleteProcedure(PHONE_TEST, 'indicator.deletePhoneTest'),

  /** Phone tests of the branch within the period. */
  listPhoneTests: listProcedure(listPhoneTests),

  /** Records petitions (人民陳情) with category and channel from the domain's lists. */
  enterPetitions: authedProcedure
    .input(
      z.object({
        branchId: id,
        petitions: z
          .array(
            z.object({
              ...petitionFields,
              closedOn: petitionFields.closedOn.default(null),
              subject: petitionFields.subject.default(''),
            }),
          )
          .min(1)
          .max(500),
      }),
    )
    .mutation(({ ctx, input }) =>
      enterRows(ctx, input.branchId, {
        action: 'indicator.enterPetitions',
        entity: PETITION.entity,
        // The domain refuses a petition closed before it was received, naming the row.
        rules: () => void petitionTimeliness(input.petitions),
        insert: (trx) => insertPetitions(trx, input.petitions.map((p) => ({ ...p, branchId: input.branchId, createdBy: ctx.user.id }))),
      }),
    ),

  /**
   * Corrects one petition: the fields given replace the stored ones. Same rights as entering;
   * CONFLICT with the current row when `expectedVersion` is stale; BAD_REQUEST naming `closedOn`
   * (or `receivedOn`) when it would be closed before it was received. Returns the stored row.
   */
  correctPetition: authedProcedure.input(indicatorCorrection(petitionFields)).mutation(({ ctx, input }) =>
    correctRow(ctx, input, {
      ...PETITION,
      action: 'indicator.correctPetition',
      rules: (before, change) =>
        assertClosedAfterReceived(change.receivedOn ?? before.receivedOn, change.closedOn !== undefined ? change.closedOn : before.closedOn, [
          change.closedOn !== undefined ? 'closedOn' : 'receivedOn',
        ]),
      write: updatePetition,
    }),
  ),

  /** Deletes one petition. Same rights and version check as `correctPetition`; the audit keeps the row. */
  deletePetition: deleteProcedure(PETITION, 'indicator.deletePetition'),

  /** Petitions of the branch received within the period. */
  listPetitions: listProcedure(listPetitions),

  /**
   * The branch's service indicators for the period, all computed by @leap/domain: satisfaction
   * per question and per indicator (questions feeding one indicator are pooled), waiting time in
   * published and corrected modes, phone courtesy average and band, petitions closed within 6 days
   * with breakdowns, and — for the round given by `roundId`, else the round the period ends in when
   * it exists — the share of the branch's items found in that round that are closed and the tiers
   * all these figures suggest on the round's catalogue.
   */
  summary: authedProcedure
    .input(
      z.object({
        branchId: id,
        from: isoDateSchema,
        to: isoDateSchema,
        roundId: id.optional(),
        openBucketMinutes: z.number().min(0).max(600).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      await assertMayReadIndicators(ctx.db, ctx.user, input.branchId)
      return indicatorSummary(ctx.db, input)
    }),
})
