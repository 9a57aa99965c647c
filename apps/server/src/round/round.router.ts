import { DomainError } from '@leap/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { notFound } from '../access/branch-scope.js'
import { assertCommitteeRole, committeeRolesFor, inspectionScope } from '../access/committee.js'
import { recordAudit } from '../audit/audit.repository.js'
import { findCatalogue } from '../catalogue/catalogue.repository.js'
import { adminProcedure, authedProcedure, router } from '../trpc/init.js'
import {
  activeUserIds,
  findRound,
  insertConflict,
  insertRound,
  insertRoster,
  listConflicts,
  listRoster,
  listRounds,
  roundVisible,
} from './round.repository.js'

const id = rowId

const rosterInput = z
  .array(z.object({ userId: id, role: z.enum(['convener', 'member', 'secretary']) }))
  .min(2)
  .max(50)
  .superRefine((seats, ctx) => {
    const conveners = seats.filter((s) => s.role === 'convener').length
    if (conveners !== 1) ctx.addIssue({ code: 'custom', message: '任務編組須有一位召集人 (exactly one convener)', path: [] })
    if (!seats.some((s) => s.role === 'member')) ctx.addIssue({ code: 'custom', message: '至少一位委員 (at least one member)', path: [] })
    const seen = new Set<number>()
    seats.forEach((s, i) => {
      if (seen.has(s.userId)) ctx.addIssue({ code: 'custom', message: '同一人僅能擔任一個職務 (one seat per person)', path: [i, 'userId'] })
      seen.add(s.userId)
    })
  })

export const roundRouter = router({
  /**
   * Rounds the user may see, newest first: agency users all; committee users the rounds they sit
   * on; branch users the rounds in which their branch is inspected.
   */
  list: authedProcedure.query(async ({ ctx }) => listRounds(ctx.db, await inspectionScope(ctx.db, ctx.user))),

  /**
   * One round with its roster, the caller's own committee role, and the declared conflicts of
   * interest (agency users and the round's committee only). NOT_FOUND outside the user's scope.
   */
  byId: authedProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    const round = await findRound(ctx.db, input.id)
    const scope = await inspectionScope(ctx.db, ctx.user)
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
   * at least one member, a secretary optional; every user active. CONFLICT when the half year
   * already has a round; NOT_FOUND for an unknown catalogue.
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
        const existing = await trx
          .selectFrom('round')
          .select('id')
          .where('rocYear', '=', input.rocYear)
          .where('half', '=', input.half)
          .executeTakeFirst()
        if (existing) {
          throw new TRPCError({ code: 'CONFLICT', message: `${input.rocYear}年${input.half === 1 ? '上' : '下'}半年已有考核輪次 (round already exists)` })
        }
        const userIds = input.roster.map((s) => s.userId)
        const active = new Set(await activeUserIds(trx, userIds))
        const missing = input.roster.flatMap((s, i) => (active.has(s.userId) ? [] : [{ path: ['roster', i, 'userId'], message: '使用者不存在或已停用 (unknown or inactive user)' }]))
        if (missing.length > 0) {
          throw new TRPCError({ code: 'BAD_REQUEST', message: missing[0]?.message ?? 'invalid roster', cause: new z.ZodError(missing.map((m) => ({ code: 'custom', ...m, input: undefined }))) })
        }
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
        if (!round || !(await roundVisible(trx, await inspectionScope(trx, ctx.user), round.id))) throw notFound()
        await assertCommitteeRole(trx, ctx.user, round.id, ['convener', 'member', 'secretary'])
        const branch = await trx.selectFrom('branch').select('id').where('id', '=', input.branchId).executeTakeFirst()
        if (!branch) throw notFound()
        const inspection = await trx
          .selectFrom('inspection')
          .select(['id', 'status'])
          .where('roundId', '=', round.id)
          .where('branchId', '=', input.branchId)
          .executeTakeFirst()
        if (inspection && (inspection.status === 'signed' || inspection.status === 'closed')) {
          throw new DomainError('SHEET_LOCKED', '評分表已簽核，無法再申報迴避 (sheet already signed)')
        }
        const conflictId = await insertConflict(trx, { ...input, userId: ctx.user.id, declaredAt: ctx.now() })
        if (conflictId === undefined) {
          throw new TRPCError({ code: 'CONFLICT', message: '已申報過此分署之利益迴避 (already declared)' })
        }
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
