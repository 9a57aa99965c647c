import {
  assertSheetComplete,
  DomainError,
  isoDateSchema,
  resolveScoreValue,
  scoreSheet,
  taipeiDate,
  type ScoreEntry,
} from '@leap/domain'
import { z } from 'zod'
import { MAX_INT4, rowId } from '../db/row-id.js'
import { requireCommitteeRole, requireNotRecused } from '../access/committee.js'
import { inspectionScope } from '../access/scope-filter.js'
import { findImprovementPlan } from '../improvement-plan/improvement-plan.repository.js'
import { notifyInspectionSigned } from '../notification/notification-events.js'
import type { SessionUser } from '../trpc/context.js'
import { listScoreEvidence } from '../remediation/remediation.repository.js'
import { authedProcedure, router } from '../trpc/init.js'
import { versionConflict } from '../trpc/refusal.js'
import {
  assertNotLocked,
  consensusResult,
  loadInspection,
  propose,
  ruleNote,
  scoringMembers,
  seesCommitteeWork,
  seesScoreEvidence,
  sheetView,
  changeStatus,
  consensusView,
  markConsensus,
  withPathsUnder,
  type LoadedInspection,
} from './inspection-sheet.js'
import {
  listConsensusScores,
  listInspections,
  listMemberScores,
  saveConsensusScores,
  saveMemberScores,
  toScoreEntry,
} from './inspection.repository.js'
import { openInspection } from './inspection-open.js'
import { inspectionScheduleProcedures } from './inspection-schedule.js'
import { sheetCompletionRouter } from './sheet-completion.js'

const id = rowId
const expectedVersion = z.number().int().min(0).max(MAX_INT4)

/** One criterion's score as a form sends it; the domain decides whether it is valid. */
const scoreFields = {
  criterionCode: z.string().trim().min(1).max(64),
  tierId: z.string().trim().min(1).max(32).optional(),
  points: z.number().finite().min(0).max(10_000).optional(),
  notApplicable: z.boolean().optional(),
  finding: z.string().max(4000).optional(),
}

function toEntry(input: { criterionCode: string; tierId?: string | undefined; points?: number | undefined; notApplicable?: boolean | undefined; finding?: string | undefined; unit?: string | undefined }): ScoreEntry {
  const entry: ScoreEntry = { criterionCode: input.criterionCode }
  if (input.tierId !== undefined) entry.tierId = input.tierId
  if (input.points !== undefined) entry.points = input.points
  if (input.notApplicable) entry.notApplicable = true
  if (input.finding !== undefined && input.finding.trim() !== '') entry.finding = input.finding.trim()
  if (input.unit !== undefined && input.unit.trim() !== '') entry.unit = input.unit.trim()
  return entry
}


/**
 * ILLEGAL_TRANSITION with a stable `reason` in its params (the admin words each reason), e.g.
 * `notDraft`, `scoringNotStarted`, `scoringEnded`, `beforeInspectionDay`, `alreadyClosed`, `notSigned`.
 */
function illegal(reason: string, params: Record<string, unknown> = {}): DomainError {
  return new DomainError('ILLEGAL_TRANSITION', `illegal transition: ${reason}`, [], { reason, ...params })
}

function assertConvenerOrAdmin(loaded: LoadedInspection, user: SessionUser): void {
  if (user.agencyRole === 'admin') return
  requireCommitteeRole(loaded.myRole, ['convener'])
}

/**
 * Loads an inspection for a member's score write and refuses what a member may not write: not a
 * convener or member of the round, recused, signed/closed, not yet or no longer scoring.
 * Takes a shared lock on the inspection: saves on one inspection run side by side (each row has
 * its own version), while consensus/sign/close (FOR UPDATE) wait for them, and a save that starts
 * after a status change waits for it and reads the new status.
 */
async function loadForMemberScoring(trx: Parameters<typeof loadInspection>[0], user: SessionUser, inspectionId: number): Promise<LoadedInspection> {
  const loaded = await loadInspection(trx, user, inspectionId, { forShare: true })
  const { inspection } = loaded
  requireCommitteeRole(loaded.myRole, ['convener', 'member'])
  requireNotRecused(loaded.recused)
  assertNotLocked(inspection)
  if (inspection.status === 'draft') throw illegal('scoringNotStarted')
  if (inspection.status !== 'scoring') throw illegal('scoringEnded')
  return loaded
}

export const inspectionRouter = router({
  // Scheduling: schedule, upcoming, reschedule, cancel (inspection-schedule.ts).
  ...inspectionScheduleProcedures,

  /**
   * Inspections within the caller's scope (agency: all; committee: their rounds; branch users:
   * their branch), newest round first; optional filters by round, branch and status.
   */
  list: authedProcedure
    .input(
      z
        .object({
          roundId: id.optional(),
          branchId: id.optional(),
          status: z.enum(['draft', 'scoring', 'consensus', 'signed', 'closed']).optional(),
        })
        .optional(),
    )
    .query(async ({ ctx, input }) => listInspections(ctx.db, await inspectionScope(ctx.db, ctx.user, ctx.now()), input ?? {})),

  /**
   * The score sheet: the inspection, its catalogue, the caller's role and own scores, scoring
   * progress (agency, convener, secretary), the consensus rows and their result from the domain
   * (total, pass/fail, dimension subtotals, remediation candidates) — for branch users only once
   * signed — and the improvement plan. NOT_FOUND outside the caller's scope.
   */
  byId: authedProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    const loaded = await loadInspection(ctx.db, ctx.user, input.id)
    return sheetView(ctx.db, ctx.user, loaded)
  }),

  evidence: router({
    /**
     * The evidence files of the sheet's criteria (metadata; bytes at `GET /api/evidence/:id`),
     * oldest first. NOT_FOUND outside the caller's scope; empty for the inspected branch's users
     * until the sheet is signed.
     */
    list: authedProcedure.input(z.object({ inspectionId: id })).query(async ({ ctx, input }) => {
      const loaded = await loadInspection(ctx.db, ctx.user, input.inspectionId)
      if (!seesScoreEvidence(loaded)) return []
      return listScoreEvidence(ctx.db, loaded.inspection.id)
    }),
  }),

  /**
   * Creates the draft inspection of a branch in a round (agency admin, or the round's convener).
   * `inspectedOn` must fall in the round's half year. Locks the round's catalogue: from now on it
   * can no longer change. CONFLICT when the branch already has an inspection in that round.
   */
  create: authedProcedure
    .input(z.object({ roundId: id, branchId: id, inspectedOn: isoDateSchema }))
    .mutation(async ({ ctx, input }) => {
      return ctx.db.transaction().execute((trx) => openInspection(trx, ctx, input))
    }),

  /** Opens a draft inspection for scoring (the round's convener, or agency admin). CONFLICT when `expectedVersion` is stale. */
  startScoring: authedProcedure.input(z.object({ id, expectedVersion })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const loaded = await loadInspection(trx, ctx.user, input.id, { forUpdate: true })
      assertConvenerOrAdmin(loaded, ctx.user)
      const audit = { action: 'inspection.startScoring', before: { status: loaded.inspection.status }, after: { status: 'scoring' } }
      return changeStatus(trx, ctx, loaded, input.expectedVersion, { status: 'scoring' }, audit, (inspection) => {
        if (inspection.status !== 'draft') throw illegal('notDraft', { status: inspection.status })
        // Scoring is what happens on the visit: never before the inspection day (Asia/Taipei), so no
        // scored or signed sheet exists while the branch may not yet learn of the inspection.
        if (inspection.inspectedOn > taipeiDate(ctx.now())) throw illegal('beforeInspectionDay', { inspectedOn: inspection.inspectedOn })
      })
    })
  }),

  score: router({
    /**
     * Saves the caller's score for one criterion (convener or member of the round, not recused,
     * while the inspection is scoring). `expectedVersion` is the version the caller last saw (0 for
     * none): when someone changed it since, CONFLICT with the current row in `cause.current` —
     * never a silent overwrite. The domain checks the tier/points and requires a finding on a
     * deduction (BAD_REQUEST, paths like `finding`).
     */
    save: authedProcedure.input(z.object({ inspectionId: id, ...scoreFields, expectedVersion })).mutation(async ({ ctx, input }) => {
      return ctx.db.transaction().execute(async (trx) => {
        const { inspection, catalogue } = await loadForMemberScoring(trx, ctx.user, input.inspectionId)
        const entry = toEntry(input)
        withPathsUnder(['entries', 0], () => scoreSheet(catalogue.catalogue, [entry]))
        const value = { ...resolveScoreValue(catalogue.catalogue, entry), expectedVersion: input.expectedVersion }
        const [saved] = await saveMemberScores(trx, ctx, { inspectionId: inspection.id, memberId: ctx.user.id, branchId: inspection.branchId }, [value], ctx.now(), 'row')
        return saved!
      })
    }),

    /**
     * Saves several of the caller's criteria in one transaction, all or nothing: same rules as
     * `save` for each entry, each with its own `expectedVersion`. A criterion named twice is
     * BAD_REQUEST (paths like `entries.3.criterionCode`); when any entry is stale, nothing is
     * saved and CONFLICT carries the current rows of the stale entries in `cause.current` (null
     * for a row that does not exist). One audit entry per saved criterion, as `save` writes.
     */
    saveMany: authedProcedure
      .input(z.object({ inspectionId: id, entries: z.array(z.object({ ...scoreFields, expectedVersion })).min(1).max(300) }))
      .mutation(async ({ ctx, input }) => {
        return ctx.db.transaction().execute(async (trx) => {
          const { inspection, catalogue } = await loadForMemberScoring(trx, ctx.user, input.inspectionId)
          const entries = input.entries.map(toEntry)
          scoreSheet(catalogue.catalogue, entries)
          const values = entries.map((entry, i) => ({ ...resolveScoreValue(catalogue.catalogue, entry), expectedVersion: input.entries[i]!.expectedVersion }))
          return saveMemberScores(trx, ctx, { inspectionId: inspection.id, memberId: ctx.user.id, branchId: inspection.branchId }, values, ctx.now())
        })
      }),

    /** The caller's own scores on an inspection (convener or member). */
    mine: authedProcedure.input(z.object({ inspectionId: id })).query(async ({ ctx, input }) => {
      const loaded = await loadInspection(ctx.db, ctx.user, input.inspectionId)
      if (!loaded.myRole) return []
      return listMemberScores(ctx.db, loaded.inspection.id, ctx.user.id)
    }),
  }),

  /** A member's 完成評分 state (see sheet-completion.ts). */
  completion: sheetCompletionRouter,

  consensus: router({
    /**
     * The convener's consensus table (convener and secretary of the round, agency users): per
     * criterion each counted member's score and finding, the domain's proposal (lower median;
     * not applicable by strict majority) with its spread flag, and the saved consensus; members
     * recused from this branch are listed and left out. Also the proposal's and the saved
     * sheet's results (totals, pass/fail, remediation candidates).
     */
    view: authedProcedure.input(z.object({ inspectionId: id })).query(async ({ ctx, input }) => {
      const loaded = await loadInspection(ctx.db, ctx.user, input.inspectionId)
      if (!seesCommitteeWork(loaded)) {
        throw new DomainError('ROLE_NOT_ALLOWED', 'convener, secretary and agency only', [], { roles: ['convener', 'secretary'] })
      }
      return consensusView(ctx.db, loaded)
    }),

    /**
     * Saves consensus scores (the round's convener, not recused, before signing), one or many
     * criteria in one transaction; the first save moves the inspection to `consensus`, which ends
     * members' scoring. Each entry carries the `expectedVersion` it was edited from (0 for new): any
     * stale entry refuses the whole save with CONFLICT and the current rows in `cause.current`.
     * Each row keeps a note of how it relates to the domain's proposal.
     */
    save: authedProcedure
      .input(
        z.object({
          inspectionId: id,
          entries: z
            .array(z.object({ ...scoreFields, unit: z.string().trim().max(64).optional(), note: z.string().trim().max(1000).optional(), expectedVersion }))
            .min(1)
            .max(300),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        return ctx.db.transaction().execute(async (trx) => {
          const loaded = await loadInspection(trx, ctx.user, input.inspectionId, { forUpdate: true })
          const { inspection, catalogue } = loaded
          requireCommitteeRole(loaded.myRole, ['convener'])
          requireNotRecused(loaded.recused)
          assertNotLocked(inspection)
          if (inspection.status === 'draft') throw illegal('scoringNotStarted')
          const entries = input.entries.map(toEntry)
          scoreSheet(catalogue.catalogue, entries)
          const { scorers } = await scoringMembers(trx, inspection)
          const proposal = propose(catalogue.catalogue, scorers, await listMemberScores(trx, inspection.id))
          const values = entries.map((entry, i) => {
            const source = input.entries[i]!
            const note = ruleNote(entry, proposal.criteria.find((p) => p.criterionCode === entry.criterionCode), source.note)
            return { ...resolveScoreValue(catalogue.catalogue, entry), unit: entry.unit ?? null, ruleNote: note, decidedBy: ctx.user.id, expectedVersion: source.expectedVersion }
          })
          const rows = await saveConsensusScores(trx, ctx, { inspectionId: inspection.id, branchId: inspection.branchId }, values, ctx.now())
          // The first consensus save ends members' scoring.
          if (inspection.status === 'scoring') await markConsensus(trx, ctx, loaded)
          return { saved: rows, result: consensusResult(catalogue.catalogue, await listConsensusScores(trx, inspection.id)) }
        })
      }),
  }),

  /**
   * Signs the consensus sheet (the round's convener): refuses an incomplete sheet
   * (PRECONDITION_FAILED SHEET_INCOMPLETE, one issue per missing criterion), stores the domain's
   * result (total, pass/fail, dimension subtotals) and locks the sheet: nothing on it changes
   * afterwards. CONFLICT when `expectedVersion` is stale.
   */
  sign: authedProcedure.input(z.object({ id, expectedVersion })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const loaded = await loadInspection(trx, ctx.user, input.id, { forUpdate: true })
      const { inspection, catalogue } = loaded
      requireCommitteeRole(loaded.myRole, ['convener'])
      requireNotRecused(loaded.recused)
      if (inspection.version !== input.expectedVersion) throw versionConflict(`inspection ${inspection.id}`, inspection)
      assertNotLocked(inspection)
      if (inspection.status === 'draft') throw illegal('scoringNotStarted')
      const consensus = await listConsensusScores(trx, inspection.id)
      const result = scoreSheet(catalogue.catalogue, consensus.map(toScoreEntry))
      assertSheetComplete(result)
      const now = ctx.now()
      const change = {
        status: 'signed' as const,
        totalPoints: result.total,
        passThreshold: result.passThreshold,
        passed: result.passed,
        dimensionTotals: result.dimensions,
        signedAt: now,
        signedBy: ctx.user.id,
      }
      const audit = { action: 'inspection.sign', before: { status: inspection.status }, after: { status: 'signed', total: result.total, passed: result.passed } }
      const signed = await changeStatus(trx, ctx, loaded, input.expectedVersion, change, audit)
      await notifyInspectionSigned(trx, inspection.id, now)
      return sheetView(trx, ctx.user, { ...loaded, inspection: signed })
    })
  }),

  /**
   * Closes a signed inspection (the round's convener, or agency admin). Below the pass threshold
   * it needs an improvement plan with at least one measure first: PRECONDITION_FAILED
   * IMPROVEMENT_PLAN_REQUIRED otherwise. CONFLICT when `expectedVersion` is stale.
   */
  close: authedProcedure.input(z.object({ id, expectedVersion })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const loaded = await loadInspection(trx, ctx.user, input.id, { forUpdate: true })
      assertConvenerOrAdmin(loaded, ctx.user)
      const audit = { action: 'inspection.close', before: { status: loaded.inspection.status }, after: { status: 'closed' } }
      return changeStatus(trx, ctx, loaded, input.expectedVersion, { status: 'closed', closedAt: ctx.now(), closedBy: ctx.user.id }, audit, async (inspection) => {
        if (inspection.status === 'closed') throw illegal('alreadyClosed')
        if (inspection.status !== 'signed') throw illegal('notSigned')
        if (inspection.passed === false) {
          const plan = await findImprovementPlan(trx, inspection.id)
          if (!plan || plan.measures.length === 0) {
            const params = { total: inspection.totalPoints, passThreshold: inspection.passThreshold }
            throw new DomainError('IMPROVEMENT_PLAN_REQUIRED', 'below the pass threshold: an improvement plan is required', [], params)
          }
        }
      })
    })
  }),
})
