import {
  assertClosedAfterReceived,
  assertPartsAddUp,
  isoDateSchema,
  PETITION_CATEGORIES,
  PETITION_CHANNELS,
  petitionTimeliness,
} from '@leap/domain'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { recordAudit, type AuditContext } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import { versionedDelete, versionedUpdate } from '../db/versioned-write.js'
import type { SessionUser } from '../trpc/context.js'
import { authedProcedure, router } from '../trpc/init.js'
import { assertMayEnterIndicators, assertMayReadIndicators, indicatorCorrection, indicatorPeriodInput } from './indicator-access.js'
import { computeTally, indicatorSummary, SURVEY_INDICATORS } from './indicator-summary.js'
import { refuse } from '../trpc/refusal.js'
import {
  deleteIndicatorRow,
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
  type VersionedIndicatorTable,
} from './indicator.repository.js'

const id = rowId
const count = z.number().int().min(0).max(1_000_000)
/** The version of the row the caller last saw; rows start at 1. */
const expectedVersion = rowId

/** Fields of one phone test, as entered and as corrected. */
const phoneTestFields = {
  testedOn: isoDateSchema,
  person: z.string().trim().min(1).max(100),
  extension: z.string().trim().max(20).nullable(),
  components: z.record(z.string().min(1).max(40), z.number().min(0).max(100)),
  total: z.number().min(0).max(100),
  note: z.string().max(1000).nullable(),
}

/** Fields of one petition, as entered and as corrected. */
const petitionFields = {
  receivedOn: isoDateSchema,
  closedOn: isoDateSchema.nullable(),
  category: z.enum(PETITION_CATEGORIES),
  channel: z.enum(PETITION_CHANNELS),
  subject: z.string().trim().max(500),
}

/** Scales of survey questions: the domain's satisfaction scales, plus the waiting-time buckets. */
const SCALES = ['five', 'four', 'three', 'waitingTime'] as const

/** How `deleteRow` reaches one kind of indicator row, and how the audit names it. */
interface DeletableRows<T> {
  table: VersionedIndicatorTable
  find: (db: Kysely<Database>, id: number) => Promise<T | undefined>
  action: string
  entity: string
}

/**
 * The delete procedures of survey tallies, phone tests and petitions, through the versioned-write
 * path: rights of `assertMayEnterIndicators` (another branch's row is NOT_FOUND), CONFLICT with the current
 * row when `expectedVersion` is stale, NOT_FOUND when gone, one audit entry keeping the deleted row.
 */
async function deleteRow<T extends { id: number; branchId: number; version: number }>(
  ctx: AuditContext & { db: Kysely<Database>; user: SessionUser },
  input: { id: number; expectedVersion: number },
  rows: DeletableRows<T>,
): Promise<{ id: number }> {
  await versionedDelete(ctx.db, ctx, {
    expectedVersion: input.expectedVersion,
    find: (trx) => rows.find(trx, input.id),
    access: (row, trx) => assertMayEnterIndicators(trx, ctx.user, row.branchId),
    remove: (trx) => deleteIndicatorRow(trx, rows.table, input.id, input.expectedVersion),
    audit: { action: rows.action, entity: rows.entity },
  })
  return { id: input.id }
}

export const indicatorRouter = router({
  /**
   * Records survey tallies of one branch and period (one row per question). Re-entering the same
   * question for the same period replaces it. Counts are checked by the domain calculators.
   */
  enterSurveyTallies: authedProcedure
    .input(
      z.object({
        branchId: id,
        periodStart: isoDateSchema,
        periodEnd: isoDateSchema,
        surveyKind: z.string().trim().min(1).max(50),
        tallies: z
          .array(
            z.object({
              question: z.string().trim().min(1).max(200),
              scale: z.enum(SCALES),
              indicator: z.enum(SURVEY_INDICATORS).nullable().default(null),
              counts: z.array(count).min(3).max(5),
              invalid: count.default(0),
            }),
          )
          .min(1)
          .max(50),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.periodStart > input.periodEnd) {
        throw refuse('BAD_REQUEST', 'DATE_BEFORE', { date: input.periodEnd, after: input.periodStart }, 'period start after end', [{ path: ['periodEnd'] }])
      }
      await assertMayEnterIndicators(ctx.db, ctx.user, input.branchId)
      input.tallies.forEach((t) => computeTally(t, { mode: 'published' }))
      const rows = input.tallies.map((t) => ({
        branchId: input.branchId,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        surveyKind: input.surveyKind,
        ...t,
        createdBy: ctx.user.id,
      }))
      const ids = await ctx.db.transaction().execute(async (trx) => {
        const ids = await upsertSurveyTallies(trx, rows)
        await recordAudit(trx, ctx, { action: 'indicator.enterSurveyTallies', entity: 'survey_tally', branchId: input.branchId, after: { ids, ...input } })
        return ids
      })
      return { ids }
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
  deleteSurveyTally: authedProcedure
    .input(z.object({ id, expectedVersion }))
    .mutation(({ ctx, input }) => deleteRow(ctx, input, { table: 'surveyTally', find: findSurveyTally, action: 'indicator.deleteSurveyTally', entity: 'survey_tally' })),

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
    .mutation(async ({ ctx, input }) => {
      await assertMayEnterIndicators(ctx.db, ctx.user, input.branchId)
      input.tests.forEach((t, i) => assertPartsAddUp(t.components, t.total, ['tests', i, 'total']))
      const ids = await ctx.db.transaction().execute(async (trx) => {
        const ids = await insertPhoneTests(trx, input.tests.map((t) => ({ ...t, branchId: input.branchId, createdBy: ctx.user.id })))
        await recordAudit(trx, ctx, { action: 'indicator.enterPhoneTests', entity: 'phone_test', branchId: input.branchId, after: { ids, count: ids.length } })
        return ids
      })
      return { ids }
    }),

  /**
   * Corrects one phone test: the fields given replace the stored ones. Same rights as entering
   * (agency admin, or the branch's own manager/staff; another branch's test is NOT_FOUND).
   * CONFLICT with the current row in `cause.current` when `expectedVersion` is stale;
   * BAD_REQUEST naming `total` (or `components`) when the components would not add up to the total.
   * Returns the row as stored, with its new version. One audit entry with before and after.
   */
  correctPhoneTest: authedProcedure.input(indicatorCorrection(phoneTestFields)).mutation(({ ctx, input }) => {
    const { id: testId, expectedVersion: version, ...change } = input
    return versionedUpdate(ctx.db, ctx, {
      expectedVersion: version,
      find: (trx) => findPhoneTest(trx, testId),
      access: (before, trx) => assertMayEnterIndicators(trx, ctx.user, before.branchId),
      rules: (before) => assertPartsAddUp(change.components ?? before.components, change.total ?? before.total, [change.total !== undefined ? 'total' : 'components']),
      write: (trx) => updatePhoneTest(trx, testId, version, change, ctx.now()),
      audit: { action: 'indicator.correctPhoneTest', entity: 'phone_test' },
    })
  }),

  /**
   * Deletes one phone test (a test entered by mistake). Same rights and version check as
   * `correctPhoneTest`; the audit entry keeps the deleted row.
   */
  deletePhoneTest: authedProcedure
    .input(z.object({ id, expectedVersion }))
    .mutation(({ ctx, input }) => deleteRow(ctx, input, { table: 'phoneTest', find: findPhoneTest, action: 'indicator.deletePhoneTest', entity: 'phone_test' })),

  /** Phone tests of the branch within the period. */
  listPhoneTests: authedProcedure.input(indicatorPeriodInput).query(async ({ ctx, input }) => {
    await assertMayReadIndicators(ctx.db, ctx.user, input.branchId)
    return listPhoneTests(ctx.db, input.branchId, input)
  }),

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
    .mutation(async ({ ctx, input }) => {
      await assertMayEnterIndicators(ctx.db, ctx.user, input.branchId)
      // The domain refuses a petition closed before it was received, naming the row.
      petitionTimeliness(input.petitions)
      const ids = await ctx.db.transaction().execute(async (trx) => {
        const ids = await insertPetitions(trx, input.petitions.map((p) => ({ ...p, branchId: input.branchId, createdBy: ctx.user.id })))
        await recordAudit(trx, ctx, { action: 'indicator.enterPetitions', entity: 'petition', branchId: input.branchId, after: { ids, count: ids.length } })
        return ids
      })
      return { ids }
    }),

  /**
   * Corrects one petition: the fields given replace the stored ones. Same rights as entering;
   * CONFLICT with the current row when `expectedVersion` is stale; BAD_REQUEST naming `closedOn`
   * (or `receivedOn`) when it would be closed before it was received. Returns the stored row.
   */
  correctPetition: authedProcedure.input(indicatorCorrection(petitionFields)).mutation(({ ctx, input }) => {
    const { id: petitionId, expectedVersion: version, ...change } = input
    return versionedUpdate(ctx.db, ctx, {
      expectedVersion: version,
      find: (trx) => findPetition(trx, petitionId),
      access: (before, trx) => assertMayEnterIndicators(trx, ctx.user, before.branchId),
      rules: (before) =>
        assertClosedAfterReceived(change.receivedOn ?? before.receivedOn, change.closedOn !== undefined ? change.closedOn : before.closedOn, [
          change.closedOn !== undefined ? 'closedOn' : 'receivedOn',
        ]),
      write: (trx) => updatePetition(trx, petitionId, version, change, ctx.now()),
      audit: { action: 'indicator.correctPetition', entity: 'petition' },
    })
  }),

  /** Deletes one petition. Same rights and version check as `correctPetition`; the audit keeps the row. */
  deletePetition: authedProcedure
    .input(z.object({ id, expectedVersion }))
    .mutation(({ ctx, input }) => deleteRow(ctx, input, { table: 'petition', find: findPetition, action: 'indicator.deletePetition', entity: 'petition' })),

  /** Petitions of the branch received within the period. */
  listPetitions: authedProcedure.input(indicatorPeriodInput).query(async ({ ctx, input }) => {
    await assertMayReadIndicators(ctx.db, ctx.user, input.branchId)
    return listPetitions(ctx.db, input.branchId, input)
  }),

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
