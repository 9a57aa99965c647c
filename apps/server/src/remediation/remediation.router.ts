import {
  allowedActions,
  applyRemediationAction,
  carryOver,
  DomainError,
  isDomainError,
  isOverdue,
  isoDateSchema,
  nextRound,
  parseCatalogue,
  remediationStatusSchema,
  scoreSheet,
  taipeiDate,
  type RemediationAction,
  type RemediationState,
} from '@leap/domain'
import { TRPCError } from '@trpc/server'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { notFound } from '../access/branch-scope.js'
import { assertCommitteeRole, assertInspectionVisible } from '../access/committee.js'
import { recordAudit } from '../audit/audit.repository.js'
import { notifyRemediationChange } from '../notification/notification-events.js'
import type { Database } from '../db/database.js'
import type { Context, SessionUser } from '../trpc/context.js'
import { authedProcedure, router } from '../trpc/init.js'
import { actorRolesFor, itemScopeFor, loadVisibleItem, roleForAction } from './remediation-access.js'
import {
  attachEvidence,
  findItems,
  insertEvents,
  insertItems,
  listEvidence,
  listItems,
  listTimeline,
  moveItemsToRound,
  updateItemStatus,
  type RemediationItem,
} from './remediation.repository.js'

type AuthedContext = Context & { user: SessionUser }

const id = rowId
const note = z.string().trim().max(4000)

/** Refuses writes by viewers before anything else, with the same FORBIDDEN everywhere. */
function assertMayWrite(user: SessionUser): void {
  if (user.agencyRole === 'viewer') throw new TRPCError({ code: 'FORBIDDEN', message: '檢視者僅能查閱 (viewers read only)' })
}

/** What the lifecycle needs of a stored item (the server keeps the timeline in its own table). */
function lifecycleState(item: RemediationItem): RemediationState {
  return { status: item.status, dueDate: item.dueDate, round: { rocYear: item.rocYear, half: item.half }, timeline: [] }
}

/** The item with what the UI needs: overdue today (Asia/Taipei) per the domain. */
function withOverdue(item: RemediationItem, now: Date) {
  return { ...item, overdue: isOverdue(item, taipeiDate(now)) }
}

/** A human CONFLICT carrying the current row, so the client can show what changed. */
function conflict(current: RemediationItem | undefined): TRPCError {
  return new TRPCError({
    code: 'CONFLICT',
    message: `此項目已被他人更新 (目前第 ${current?.version ?? '?'} 版，狀態 ${current?.status ?? '?'})，請重新載入 (changed by someone else: reload)`,
    cause: Object.assign(new Error('version conflict'), { current }),
  })
}

interface TransitionInput {
  id: number
  expectedVersion: number
  action: RemediationAction
  note?: string | undefined
  evidenceIds?: number[] | undefined
}

/**
 * Applies one lifecycle action inside `trx`: visibility (NOT_FOUND), viewer refusal, the domain's
 * state machine with the user's role for this item, the version check (CONFLICT), the timeline
 * entry, evidence attachment and the audit entry.
 */
async function transition(trx: Kysely<Database>, ctx: AuthedContext, input: TransitionInput): Promise<RemediationItem> {
  const item = await loadVisibleItem(trx, ctx.user, input.id)
  assertMayWrite(ctx.user)
  if (item.version !== input.expectedVersion) throw conflict(item)
  const roles = await actorRolesFor(trx, ctx.user, item)
  const now = ctx.now()
  const evidenceRefs = (input.evidenceIds ?? []).map((e) => `file:${e}`)
  const { event } = applyRemediationAction(lifecycleState(item), {
    action: input.action,
    actorRole: roleForAction(roles, input.action),
    at: now.toISOString(),
    note: input.note ?? null,
    evidence: evidenceRefs,
  })
  const closedAt = event.to === 'closed' ? now : null
  if (!(await updateItemStatus(trx, item.id, input.expectedVersion, { status: event.to, closedAt, now }))) {
    throw conflict((await findItems(trx, [item.id]))[0])
  }
  const [eventId] = await insertEvents(trx, [
    { remediationItemId: item.id, action: event.action, fromStatus: event.from, toStatus: event.to, actorId: ctx.user.id, note: event.note, at: now },
  ])
  const wanted = input.evidenceIds ?? []
  const attached = await attachEvidence(trx, item.id, eventId!, wanted)
  const missing = wanted.filter((e) => !attached.includes(e))
  if (missing.length) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `佐證檔案 ${missing.map((m) => `#${m}`).join('、')} 不屬於此項目或已使用 (evidence not uploaded for this item, or already attached)` })
  }
  const after = (await findItems(trx, [item.id]))[0]!
  await recordAudit(trx, ctx, {
    action: `remediation.${input.action}`,
    entity: 'remediation_item',
    entityId: item.id,
    branchId: item.branchId,
    before: { status: item.status, version: item.version },
    after: { status: after.status, version: after.version, note: event.note, evidenceIds: attached },
  })
  await notifyRemediationChange(trx, { itemId: item.id, eventId: eventId!, action: event.action, note: event.note }, now)
  return after
}

const versioned = z.object({ id, expectedVersion: rowId })

const withNote = versioned.extend({ note: note.optional() })
const withReason = versioned.extend({ note: note.min(1, '請填寫理由 (a reason is required)') })
const withEvidence = versioned.extend({ note: note.optional(), evidenceIds: z.array(id).max(20).optional() })

type TransitionFields = { id: number; expectedVersion: number; note?: string | undefined; evidenceIds?: number[] | undefined }

function transitionProcedure<S extends z.ZodType<TransitionFields>>(action: RemediationAction, schema: S) {
  return authedProcedure.input(schema).mutation(async ({ ctx, input }) => {
    const fields: TransitionFields = input
    const item = await ctx.db.transaction().execute((trx) => transition(trx, ctx, { ...fields, action }))
    return withOverdue(item, ctx.now())
  })
}

const bulkActions = ['verify', 'return', 'cancel'] as const

export const remediationRouter = router({
  /**
   * Items the user may see, filtered and paged (`page` from 1, `pageSize` ≤ 100), ordered by due
   * date. `overdue: true` keeps items due before today (Asia/Taipei, from `ctx.now`) that are
   * not closed or cancelled.
   */
  list: authedProcedure
    .input(
      z.object({
        branchId: id.optional(),
        unitId: id.optional(),
        roundId: id.optional(),
        status: z.array(remediationStatusSchema).max(6).optional(),
        overdue: z.boolean().optional(),
        page: z.number().int().min(1).default(1),
        pageSize: z.number().int().min(1).max(100).default(20),
      }),
    )
    .query(async ({ ctx, input }) => {
      const scope = await itemScopeFor(ctx.db, ctx.user)
      const today = taipeiDate(ctx.now())
      const { items, total } = await listItems(
        ctx.db,
        scope,
        { ...input, overdueOn: input.overdue ? today : undefined },
        { limit: input.pageSize, offset: (input.page - 1) * input.pageSize },
      )
      return { items: items.map((i) => withOverdue(i, ctx.now())), total, page: input.page, pageSize: input.pageSize }
    }),

  /** One item with its timeline, evidence and the actions the user may take now. NOT_FOUND outside scope. */
  byId: authedProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    const item = await loadVisibleItem(ctx.db, ctx.user, input.id)
    const roles = await actorRolesFor(ctx.db, ctx.user, item)
    const actions = [...new Set(roles.flatMap((r) => allowedActions(item, r)))]
    const [timeline, evidence] = await Promise.all([listTimeline(ctx.db, item.id), listEvidence(ctx.db, item.id)])
    return { ...withOverdue(item, ctx.now()), timeline, evidence, allowedActions: actions }
  }),

  /**
   * Places the deductions of a signed inspection under tracking, in one transaction: one item per
   * requested criterion with its unit (default: the criterion's unit in the branch) and due date.
   * Criteria already tracked for this inspection are skipped and reported. Convener or secretary
   * of the inspection's round, or agency admin.
   * @throws PRECONDITION_FAILED when the inspection is not signed; BAD_REQUEST for a criterion
   *   that was not deducted or an unknown unit.
   */
  createFromInspection: authedProcedure
    .input(
      z.object({
        inspectionId: id,
        items: z
          .array(
            z.object({
              criterionCode: z.string().min(1).max(50),
              unitId: id.optional(),
              dueDate: isoDateSchema,
              title: z.string().trim().min(1).max(200).optional(),
            }),
          )
          .min(1)
          .max(200),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction().execute(async (trx) => {
        const inspection = await trx
          .selectFrom('inspection as i')
          .innerJoin('round as r', 'r.id', 'i.roundId')
          .innerJoin('catalogue as c', 'c.id', 'r.catalogueId')
          .select(['i.id', 'i.roundId', 'i.branchId', 'i.status', 'c.data'])
          .where('i.id', '=', input.inspectionId)
          .executeTakeFirst()
        await assertInspectionVisible(trx, ctx.user, inspection)
        if (!inspection) throw notFound()
        assertMayWrite(ctx.user)
        if (ctx.user.agencyRole !== 'admin') await assertCommitteeRole(trx, ctx.user, inspection.roundId, ['convener', 'secretary'])
        if (inspection.status !== 'signed' && inspection.status !== 'closed') {
          throw new TRPCError({ code: 'PRECONDITION_FAILED', message: '考核尚未簽核，不能列管 (the inspection is not signed yet)' })
        }
        const catalogue = parseCatalogue(inspection.data)
        const scores = await trx
          .selectFrom('consensusScore')
          .select(['criterionCode', 'tierId', 'points', 'notApplicable', 'finding'])
          .where('inspectionId', '=', inspection.id)
          .execute()
        const sheet = scoreSheet(
          catalogue,
          scores.map((s) => ({
            criterionCode: s.criterionCode,
            ...(s.notApplicable ? { notApplicable: true } : { ...(s.tierId ? { tierId: s.tierId } : {}), ...(s.points !== null ? { points: Number(s.points) } : {}) }),
            ...(s.finding ? { finding: s.finding } : {}),
          })),
        )
        const candidates = new Map(sheet.remediationCandidates.map((c) => [c.criterionCode, c]))
        const titles = new Map(catalogue.dimensions.flatMap((d) => d.criteria.map((c) => [c.code, c.title.zh] as const)))
        const units = await trx.selectFrom('unit').select(['id', 'name']).where('branchId', '=', inspection.branchId).execute()
        const rows = input.items.map((wanted, index) => {
          const candidate = candidates.get(wanted.criterionCode)
          if (!candidate) {
            throw new DomainError('UNKNOWN_CRITERION', `項目 ${wanted.criterionCode} 沒有扣分，不需列管 (criterion ${wanted.criterionCode} was not deducted)`, [
              { path: ['items', index, 'criterionCode'], message: 'not a deduction of this inspection' },
            ])
          }
          const unit = wanted.unitId !== undefined ? units.find((u) => u.id === wanted.unitId) : units.find((u) => u.name === candidate.unit)
          if (!unit) {
            throw new TRPCError({
              code: 'BAD_REQUEST',
              message: `第 ${index + 1} 項：分署沒有承辦單位「${wanted.unitId ?? candidate.unit}」 (unknown unit for item ${index + 1})`,
            })
          }
          return {
            inspectionId: inspection.id,
            branchId: inspection.branchId,
            roundId: inspection.roundId,
            criterionCode: candidate.criterionCode,
            unitId: unit.id,
            title: wanted.title ?? titles.get(candidate.criterionCode) ?? candidate.criterionCode,
            finding: candidate.finding,
            dueDate: wanted.dueDate,
            status: 'open' as const,
            createdBy: ctx.user.id,
          }
        })
        const created = await insertItems(trx, rows)
        const now = ctx.now()
        await insertEvents(
          trx,
          created.map((c) => ({ remediationItemId: c.id, action: 'create', fromStatus: null, toStatus: 'open' as const, actorId: ctx.user.id, note: null, at: now })),
        )
        const createdCodes = new Set(created.map((c) => c.criterionCode))
        await recordAudit(trx, ctx, {
          action: 'remediation.createFromInspection',
          entity: 'inspection',
          entityId: inspection.id,
          branchId: inspection.branchId,
          after: { created: created.map((c) => ({ id: c.id, criterionCode: c.criterionCode })) },
        })
        return {
          created: created.map((c) => c.id),
          skipped: rows.map((r) => r.criterionCode).filter((code) => !createdCodes.has(code)),
        }
      })
    }),

  /** Branch starts work (open/returned → in_progress). */
  start: transitionProcedure('start', versioned),
  /** Branch reports progress with a note and/or evidence ids; the status stays. */
  postProgress: transitionProcedure('postProgress', withEvidence),
  /** Branch manager submits the fix with evidence ids (uploaded via POST /api/evidence) and/or a note. */
  submit: transitionProcedure('submit', withEvidence),
  /** Committee accepts the fix: released from tracking (解除列管). */
  verify: transitionProcedure('verify', withNote),
  /** Committee returns the submission with a reason. */
  return: transitionProcedure('return', withReason),
  /** Committee withdraws the item with a reason. */
  cancel: transitionProcedure('cancel', withReason),
  /** Committee puts a closed or cancelled item back under tracking, with a reason. */
  reopen: transitionProcedure('reopen', withReason),

  /**
   * One committee decision on several items, all or nothing: if any item fails (not found, wrong
   * state, role, version), nothing changes and the error names that item.
   */
  bulk: authedProcedure
    .input(
      z.object({
        action: z.enum(bulkActions),
        note: note.optional(),
        items: z.array(versioned).min(1).max(200),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const done = await ctx.db.transaction().execute(async (trx) => {
        const results: RemediationItem[] = []
        for (const [index, entry] of input.items.entries()) {
          try {
            results.push(await transition(trx, ctx, { ...entry, action: input.action, note: input.note }))
          } catch (error) {
            const label = `第 ${index + 1} 筆 (項目 #${entry.id})`
            if (isDomainError(error)) {
              throw new DomainError(error.code, `${label}：${error.message}`, error.issues.map((i) => ({ ...i, path: ['items', index, ...i.path] })))
            }
            if (error instanceof TRPCError) throw new TRPCError({ code: error.code, message: `${label}：${error.message}`, cause: error.cause ?? error })
            throw error
          }
        }
        return results
      })
      return { items: done.map((i) => withOverdue(i, ctx.now())) }
    }),

  /**
   * Carries the round's items still tracked into the next round (same items, same status and due
   * date, timeline kept, origin round remembered), as the domain's `carryOver` decides. Agency
   * admin, or convener/secretary of the round.
   * @throws PRECONDITION_FAILED when the next round has not been created yet.
   */
  carryOver: authedProcedure.input(z.object({ roundId: id })).mutation(async ({ ctx, input }) => {
    assertMayWrite(ctx.user)
    return ctx.db.transaction().execute(async (trx) => {
      const round = await trx.selectFrom('round').select(['id', 'rocYear', 'half']).where('id', '=', input.roundId).executeTakeFirst()
      if (!round) throw notFound()
      if (ctx.user.agencyRole !== 'admin') await assertCommitteeRole(trx, ctx.user, round.id, ['convener', 'secretary'])
      const next = nextRound({ rocYear: round.rocYear, half: round.half === 2 ? 2 : 1 })
      const target = await trx.selectFrom('round').select('id').where('rocYear', '=', next.rocYear).where('half', '=', next.half).executeTakeFirst()
      if (!target) {
        throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `請先建立 ${next.rocYear} 年${next.half === 1 ? '上' : '下'}半年考核輪次 (create the next round first)` })
      }
      const ids = (await trx.selectFrom('remediationItem').select('id').where('roundId', '=', round.id).orderBy('id').execute()).map((r) => r.id)
      const items = await findItems(trx, ids)
      const now = ctx.now()
      const carried = carryOver(
        items.map((item) => ({ ...lifecycleState(item), id: item.id })),
        next,
        now.toISOString(),
      )
      const carriedIds = carried.map((c) => c.id)
      await moveItemsToRound(trx, carriedIds, round.id, target.id, now)
      await insertEvents(
        trx,
        carried.map((c) => {
          const event = c.timeline[c.timeline.length - 1]!
          return { remediationItemId: c.id, action: event.action, fromStatus: event.from, toStatus: event.to, actorId: ctx.user.id, note: event.note, at: now }
        }),
      )
      await recordAudit(trx, ctx, { action: 'remediation.carryOver', entity: 'round', entityId: round.id, after: { toRoundId: target.id, itemIds: carriedIds } })
      return { toRoundId: target.id, carried: carriedIds }
    })
  }),
})
