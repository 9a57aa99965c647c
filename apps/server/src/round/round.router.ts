import { DomainError, nextRound, roundLabel, type Round } from '@leap/domain'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { notFound } from '../access/branch-scope.js'
import { assertCommitteeRole, committeeRolesFor, inspectionScope } from '../access/committee.js'
import { recordAudit } from '../audit/audit.repository.js'
import { branchExists } from '../branch/unit.repository.js'
import { findCatalogue } from '../catalogue/catalogue.repository.js'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { adminProcedure, authedProcedure, router } from '../trpc/init.js'
import { refuse } from '../trpc/refusal.js'
import { carryOverRoundItems, itemsToCarry } from './round-carry-over.js'
import {
  changeRoundStatus,
  findRound,
  findRoundOf,
  insertConflict,
  insertRound,
  inspectionStatusIn,
  insertRoster,
  listConflicts,
  listRoster,
  listRounds,
  memberScoreCounts,
  replaceRoster,
  rosterCandidates,
  roundVisible,
  unfinishedInspections,
} from './round.repository.js'

const id = rowId

const rosterInput = z
  .array(z.object({ userId: id, role: z.enum(['convener', 'member', 'secretary']) }))
  .min(2)
  .max(50)
  .superRefine((seats, ctx) => {
    const conveners = seats.filter((s) => s.role === 'convener').length
    const rule = (name: string, extra: Record<string, unknown> = {}) => ({ code: 'ROSTER_INVALID', rule: name, ...extra })
    if (conveners !== 1) ctx.addIssue({ code: 'custom', message: `exactly one convener (${conveners} given)`, path: [], params: rule('oneConvener', { count: conveners }) })
    if (!seats.some((s) => s.role === 'member')) ctx.addIssue({ code: 'custom', message: 'at least one member', path: [], params: rule('memberRequired') })
    if (seats.filter((s) => s.role === 'secretary').length > 1) ctx.addIssue({ code: 'custom', message: 'at most one secretary', path: [], params: rule('oneSecretary') })
    const seen = new Set<number>()
    seats.forEach((s, i) => {
      if (seen.has(s.userId)) ctx.addIssue({ code: 'custom', message: 'one seat per person', path: [i, 'userId'], params: rule('oneSeatPerPerson') })
      seen.add(s.userId)
    })
  })

type Seat = z.infer<typeof rosterInput>[number]

/**
 * Refuses roster seats for unknown or inactive users and for branch accounts: a branch's own staff
 * on the committee would learn the schedule that unannounced inspections keep from branches.
 * BAD_REQUEST naming `roster.<i>.userId`.
 */
async function assertRosterUsers(db: Kysely<Database>, roster: readonly Seat[]): Promise<void> {
  const byId = new Map((await rosterCandidates(db, roster.map((s) => s.userId))).map((c) => [c.id, c]))
  const fields = roster.flatMap((s, i) => {
    const user = byId.get(s.userId)
    if (!user || !user.active) return [{ path: ['roster', i, 'userId'], params: { rule: 'inactiveUser' } }]
    if (user.branchRole !== null) return [{ path: ['roster', i, 'userId'], params: { rule: 'branchAccount' } }]
    return []
  })
  if (fields.length > 0) throw refuse('BAD_REQUEST', 'ROSTER_INVALID', fields[0]!.params, 'roster seat for an unknown, inactive or branch account', fields)
}

function halfName(round: Round): string {
  return `${round.rocYear}年${round.half === 1 ? '上' : '下'}半年`
}

export const roundRouter = router({
  /**
   * Rounds the user may see, newest first: agency users all; committee users the rounds they sit
   * on; branch users the rounds in which their branch has been inspected (from the inspection day
   * on: inspections are unannounced).
   */
  list: authedProcedure.query(async ({ ctx }) => listRounds(ctx.db, await inspectionScope(ctx.db, ctx.user, ctx.now()))),

  /**
   * One round with its roster, the caller's own committee role, and the declared conflicts of
   * interest (agency users and the round's committee only). NOT_FOUND outside the user's scope.
   */
  byId: authedProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    const round = await findRound(ctx.db, input.id)
    const scope = await inspectionScope(ctx.db, ctx.user, ctx.now())
    if (!round || !(await roundVisible(ctx.db, scope, round.id))) throw notFound()
    const [roster, myRoles] = await Promise.all([listRoster(ctx.db, round.id), committeeRolesFor(ctx.db, ctx.user.id, round.id)])
    const seesConflicts = scope.all || myRoles.length > 0
    return {
      ...round,
      roster,
      myRole: myRoles[0] ?? null,
      conflicts: seesConflicts ? await listConflicts(ctx.db, round.id) : [],
    }
  }),

  /**
   * Opens a round for a half year with its committee roster (agency admin): exactly one convener,
   * at least one member, at most one secretary; every user active and none a branch account.
   * CONFLICT naming `rocYear`/`half` when the half year already has a round; NOT_FOUND for an
   * unknown catalogue.
   */
  create: adminProcedure
    .input(
      z.object({
        rocYear: z.number().int().min(100).max(300),
        half: z.union([z.literal(1), z.literal(2)]),
        catalogueId: id,
        roster: rosterInput,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction().execute(async (trx) => {
        if (!(await findCatalogue(trx, input.catalogueId))) throw notFound()
        if (await findRoundOf(trx, input)) {
          throw refuse('CONFLICT', 'DUPLICATE', { field: 'rocYear', rocYear: input.rocYear, half: input.half }, `a round for ${halfName(input)} already exists`, [
            { path: ['rocYear'] },
            { path: ['half'] },
          ])
        }
        await assertRosterUsers(trx, input.roster)
        const roundId = await insertRound(trx, { rocYear: input.rocYear, half: input.half, catalogueId: input.catalogueId })
        await insertRoster(trx, roundId, input.roster)
        await recordAudit(trx, ctx, {
          action: 'round.create',
          entity: 'round',
          entityId: roundId,
          after: { rocYear: input.rocYear, half: input.half, catalogueId: input.catalogueId, roster: input.roster },
        })
        const round = await findRound(trx, roundId)
        if (!round) throw notFound()
        return { ...round, roster: await listRoster(trx, roundId) }
      })
    }),

  /**
   * Replaces the committee of an open round (agency admin), under the same rules as `create`.
   * A member taken off the roster (or moved to secretary) KEEPS the scores they already saved:
   * nothing is deleted, but from then on they no longer count towards the consensus (only seated
   * convener and members count), and a member seated again finds their sheet as they left it.
   * The audit entry records the roster before and after and, per member who left a scoring seat,
   * how many saved scores were kept. PRECONDITION_FAILED for a closed round.
   */
  updateRoster: adminProcedure.input(z.object({ roundId: id, roster: rosterInput })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const round = await findRound(trx, input.roundId)
      if (!round) throw notFound()
      if (round.status !== 'open') throw refuse('PRECONDITION_FAILED', 'ROUND_CLOSED', { roundId: round.id }, 'the round is closed')
      await assertRosterUsers(trx, input.roster)
      const before = await listRoster(trx, round.id)
      const scoringAfter = new Set(input.roster.filter((s) => s.role !== 'secretary').map((s) => s.userId))
      const leftScoring = before.filter((s) => s.role !== 'secretary' && !scoringAfter.has(s.userId)).map((s) => s.userId)
      const kept = await memberScoreCounts(trx, round.id, leftScoring)
      await replaceRoster(trx, round.id, input.roster)
      await recordAudit(trx, ctx, {
        action: 'round.updateRoster',
        entity: 'round',
        entityId: round.id,
        before: { roster: before.map((s) => ({ userId: s.userId, role: s.role })) },
        after: {
          roster: input.roster,
          scoresKept: leftScoring.filter((u) => (kept.get(u) ?? 0) > 0).map((u) => ({ userId: u, scores: kept.get(u) })),
        },
      })
      return { ...round, roster: await listRoster(trx, round.id), scoresKept: leftScoring.map((u) => ({ userId: u, scores: kept.get(u) ?? 0 })).filter((k) => k.scores > 0) }
    })
  }),

  /**
   * What closing a round would do (agency admin): the inspections not yet signed (which block
   * closing), how many open remediation items would be carried over, and into which half year
   * (whether that round exists yet).
   */
  closePreview: adminProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    const round = await findRound(ctx.db, input.id)
    if (!round) throw notFound()
    const next = nextRound(round)
    const [unfinished, items, target] = await Promise.all([unfinishedInspections(ctx.db, round.id), itemsToCarry(ctx.db, round, ctx.now()), findRoundOf(ctx.db, next)])
    return { round, unfinished, carryCount: items.length, nextRound: { ...next, label: roundLabel(next), exists: target !== undefined } }
  }),

  /**
   * Closes an open round (agency admin) and carries its open remediation items over into the next
   * half year's round (remediation.carryOver's rule), all in one transaction. `expectedCarryCount`
   * is the count the admin confirmed: CONFLICT when it changed meanwhile. PRECONDITION_FAILED when
   * an inspection is not yet signed, when items are to be carried and the next round does not
   * exist yet, or when the round is already closed.
   */
  close: adminProcedure.input(z.object({ id, expectedCarryCount: z.number().int().min(0).max(1_000_000) })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const round = await findRound(trx, input.id)
      if (!round) throw notFound()
      if (!(await changeRoundStatus(trx, round.id, 'open', 'closed'))) throw refuse('PRECONDITION_FAILED', 'ROUND_CLOSED', { roundId: round.id }, 'the round is already closed')
      const unfinished = await unfinishedInspections(trx, round.id)
      if (unfinished.length > 0) {
        throw refuse('PRECONDITION_FAILED', 'ROUND_UNFINISHED', { branches: unfinished.map((u) => u.branchName) }, `${unfinished.length} inspections not yet signed`)
      }
      const toCarry = await itemsToCarry(trx, round, ctx.now())
      if (toCarry.length !== input.expectedCarryCount) {
        throw refuse('CONFLICT', 'VERSION_CONFLICT', { current: toCarry.length, what: 'carryCount' }, `open items changed to ${toCarry.length}`, [{ path: ['expectedCarryCount'] }])
      }
      const carried = toCarry.length > 0 ? await carryOverRoundItems(trx, ctx, round) : { toRoundId: null, carried: [] }
      await recordAudit(trx, ctx, {
        action: 'round.close',
        entity: 'round',
        entityId: round.id,
        before: { status: 'open' },
        after: { status: 'closed', carriedItems: carried.carried.length, toRoundId: carried.toRoundId },
      })
      return { ...(await findRound(trx, round.id))!, carried: carried.carried.length, toRoundId: carried.toRoundId }
    })
  }),

  /**
   * Declares the caller's own conflict of interest (利益迴避) with a branch for a round: from then on
   * their scores for that branch are refused and left out of the consensus. Any roster seat may
   * declare. NOT_FOUND outside scope; FORBIDDEN when not on the roster; PRECONDITION_FAILED when
   * that branch's sheet is already signed; CONFLICT when already declared.
   */
  declareConflict: authedProcedure
    .input(z.object({ roundId: id, branchId: id, reason: z.string().trim().min(1).max(1000) }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction().execute(async (trx) => {
        const round = await findRound(trx, input.roundId)
        if (!round || !(await roundVisible(trx, await inspectionScope(trx, ctx.user, ctx.now()), round.id))) throw notFound()
        await assertCommitteeRole(trx, ctx.user, round.id, ['convener', 'member', 'secretary'])
        if (!(await branchExists(trx, input.branchId))) throw notFound()
        const status = await inspectionStatusIn(trx, round.id, input.branchId)
        if (status === 'signed' || status === 'closed') {
          throw new DomainError('SHEET_LOCKED', '評分表已簽核，無法再申報迴避 (sheet already signed)')
        }
        const conflictId = await insertConflict(trx, { ...input, userId: ctx.user.id, declaredAt: ctx.now() })
        if (conflictId === undefined) throw refuse('CONFLICT', 'DUPLICATE', { field: 'branchId' }, 'conflict already declared', [{ path: ['branchId'] }])
        await recordAudit(trx, ctx, {
          action: 'round.declareConflict',
          entity: 'conflict_of_interest',
          entityId: conflictId,
          branchId: input.branchId,
          after: { roundId: round.id, userId: ctx.user.id, branchId: input.branchId, reason: input.reason },
        })
        return { id: conflictId, roundId: round.id, branchId: input.branchId, userId: ctx.user.id, reason: input.reason }
      })
    }),
})
