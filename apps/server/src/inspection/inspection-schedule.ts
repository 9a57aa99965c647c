import { isoDateSchema, roundRange, taipeiDate, type IsoDate } from '@leap/domain'
import { z } from 'zod'
import { committeeRolesFor, inspectionScope, requireCommitteeRole } from '../access/committee.js'
import { recordAudit } from '../audit/audit.repository.js'
import { MAX_INT4, rowId } from '../db/row-id.js'
import { findRound, type RoundRecord } from '../round/round.repository.js'
import type { SessionUser } from '../trpc/context.js'
import { authedProcedure } from '../trpc/init.js'
import { notFound, refuse, versionConflict } from '../trpc/refusal.js'
import {
  countInspectionEvidence,
  deleteDraftInspection,
  rescheduleInspection,
  roundSchedule,
  upcomingInspections,
} from './inspection-schedule.repository.js'
import { findInspection, type InspectionRecord } from './inspection.repository.js'

type Db = Parameters<typeof findInspection>[0]

const expectedVersion = z.number().int().min(0).max(MAX_INT4)

/**
 * Refuses a date outside the round's half year, naming the field (`inspectedOn`).
 * @throws BAD_REQUEST DATE_OUTSIDE_ROUND (params `start`, `end`).
 */
export function assertInRound(round: Pick<RoundRecord, 'rocYear' | 'half'>, inspectedOn: IsoDate): void {
  const range = roundRange(round)
  if (inspectedOn < range.start || inspectedOn > range.end) {
    throw refuse('BAD_REQUEST', 'DATE_OUTSIDE_ROUND', { ...range, rocYear: round.rocYear, half: round.half }, `inspectedOn outside the round (${range.start}–${range.end})`, [{ path: ['inspectedOn'] }])
  }
}

/**
 * Branch accounts never reach the schedule: refused by their role alone, before any record is
 * read, so the answer is the same whether an inspection exists or not (unannounced inspections).
 * @throws FORBIDDEN NOT_ALLOWED.
 */
function refuseBranchAccounts(user: SessionUser): void {
  if (user.agencyRole === null && user.branchRole !== null) {
    throw refuse('FORBIDDEN', 'NOT_ALLOWED', { action: 'schedule' }, 'branch accounts never see the inspection schedule')
  }
}

/** Agency admin, or the convener of the round. @throws DomainError ROLE_NOT_ALLOWED (→ FORBIDDEN). */
async function assertScheduler(db: Db, user: SessionUser, roundId: number): Promise<void> {
  if (user.agencyRole === 'admin') return
  requireCommitteeRole(await committeeRolesFor(db, user.id, roundId), ['convener'])
}

/**
 * Loads a draft inspection for a schedule change by the agency admin or the round's convener, at
 * `expectedVersion`. FORBIDDEN for branch accounts (before anything is read) and other roles;
 * NOT_FOUND for a missing inspection; PRECONDITION_FAILED INSPECTION_STARTED once
 * scoring started; CONFLICT VERSION_CONFLICT (with the current row) when stale.
 */
async function loadDraft(db: Db, user: SessionUser, id: number, version: number): Promise<{ inspection: InspectionRecord; round: RoundRecord }> {
  refuseBranchAccounts(user)
  const inspection = await findInspection(db, id, { forUpdate: true })
  if (!inspection) throw notFound()
  await assertScheduler(db, user, inspection.roundId)
  const round = await findRound(db, inspection.roundId)
  if (!round) throw notFound()
  if (round.status !== 'open') throw refuse('PRECONDITION_FAILED', 'ROUND_CLOSED', { roundId: round.id }, 'the round is closed')
  if (inspection.status !== 'draft') throw refuse('PRECONDITION_FAILED', 'INSPECTION_STARTED', { status: inspection.status }, 'scoring has started')
  if (inspection.version !== version) throw versionConflict(`inspection ${inspection.id}`, inspection)
  return { inspection, round }
}

/**
 * Scheduling procedures of `inspection` (issue 15): a round's schedule, moving and cancelling a
 * draft, and the committee's list of today's and upcoming inspections. Creating one is
 * `inspection.create`. None of them is open to branch users: inspections are unannounced.
 */
export const inspectionScheduleProcedures = {
  /**
   * A round's schedule: every branch in branch order with its inspection (date, status, version),
   * or null when it still lacks one. Agency users and the round's committee; branch users get
   * FORBIDDEN (the schedule is what an unannounced inspection must keep from them).
   */
  schedule: authedProcedure.input(z.object({ roundId: rowId })).query(async ({ ctx, input }) => {
    refuseBranchAccounts(ctx.user)
    const round = await findRound(ctx.db, input.roundId)
    if (!round) throw notFound()
    if (ctx.user.agencyRole === null) {
      requireCommitteeRole(await committeeRolesFor(ctx.db, ctx.user.id, round.id), ['convener', 'member', 'secretary'])
    }
    const lines = await roundSchedule(ctx.db, round.id)
    return { round, range: roundRange(round), lines, unscheduled: lines.filter((l) => l.inspection === null).length }
  }),

  /**
   * Today's and upcoming inspections, soonest first, not yet signed: agency users all of them, a
   * committee user those of the rounds they sit on (each with their seat). `today` is the
   * Asia/Taipei date the list was cut at. Branch users: FORBIDDEN.
   */
  upcoming: authedProcedure.query(async ({ ctx }) => {
    refuseBranchAccounts(ctx.user)
    const today = taipeiDate(ctx.now())
    const scope = await inspectionScope(ctx.db, ctx.user, ctx.now())
    if (!scope.all && scope.roundIds.length === 0) {
      throw refuse('FORBIDDEN', 'NOT_ALLOWED', { action: 'schedule' }, 'agency and committee only')
    }
    const items = await upcomingInspections(ctx.db, ctx.user.id, scope.all ? null : scope.roundIds, today)
    return { today, items: items.map((i) => ({ ...i, isToday: i.inspectedOn === today })) }
  }),

  /**
   * Moves a draft inspection to another day within its round's half year (agency admin or the
   * round's convener). BAD_REQUEST naming `inspectedOn` outside the half year; CONFLICT when
   * `expectedVersion` is stale; PRECONDITION_FAILED INSPECTION_STARTED once scoring started.
   * Audited with the old and new day.
   */
  reschedule: authedProcedure
    .input(z.object({ id: rowId, expectedVersion, inspectedOn: isoDateSchema }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction().execute(async (trx) => {
        const { inspection, round } = await loadDraft(trx, ctx.user, input.id, input.expectedVersion)
        assertInRound(round, input.inspectedOn)
        if (!(await rescheduleInspection(trx, inspection.id, input.expectedVersion, input.inspectedOn, ctx.now()))) throw notFound()
        await recordAudit(trx, ctx, {
          action: 'inspection.reschedule',
          entity: 'inspection',
          entityId: inspection.id,
          branchId: inspection.branchId,
          before: { inspectedOn: inspection.inspectedOn },
          after: { inspectedOn: input.inspectedOn },
        })
        return (await findInspection(trx, inspection.id))!
      })
    }),

  /**
   * Cancels a draft inspection (agency admin or the round's convener): the branch is back among
   * those lacking one. Refused once scoring started, or when evidence is already attached to its
   * sheet (PRECONDITION_FAILED). Audited with what was removed.
   */
  cancel: authedProcedure.input(z.object({ id: rowId, expectedVersion })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const { inspection } = await loadDraft(trx, ctx.user, input.id, input.expectedVersion)
      if ((await countInspectionEvidence(trx, inspection.id)) > 0) {
        throw refuse('PRECONDITION_FAILED', 'INSPECTION_STARTED', { evidenceFiles: true }, 'evidence is attached to the sheet')
      }
      if (!(await deleteDraftInspection(trx, inspection.id, input.expectedVersion))) throw notFound()
      await recordAudit(trx, ctx, {
        action: 'inspection.cancel',
        entity: 'inspection',
        entityId: inspection.id,
        branchId: inspection.branchId,
        before: { roundId: inspection.roundId, branchId: inspection.branchId, inspectedOn: inspection.inspectedOn, status: inspection.status },
      })
      return { id: inspection.id, roundId: inspection.roundId, branchId: inspection.branchId }
    })
  }),
}
