import { DomainError, resolveScoreValue, scoreSheet, type ScoreEntry } from '@leap/domain'
import { z } from 'zod'
import { requireCommitteeRole, requireNotRecused } from '../access/committee.js'
import { MAX_INT4, rowId } from '../db/row-id.js'
import type { SessionUser } from '../trpc/context.js'
import { authedProcedure, router } from '../trpc/init.js'
import { assertNotLocked, loadInspection, withPathsUnder, type LoadedInspection } from './inspection-sheet.js'
import { listMemberScores, saveMemberScores } from './inspection.repository.js'

/** The version a client last saw of a row (0 for none). */
export const expectedVersion = z.number().int().min(0).max(MAX_INT4)

/** One criterion's score as a form sends it; the domain decides whether it is valid. */
export const scoreFields = {
  criterionCode: z.string().trim().min(1).max(64),
  tierId: z.string().trim().min(1).max(32).optional(),
  points: z.number().finite().min(0).max(10_000).optional(),
  notApplicable: z.boolean().optional(),
  finding: z.string().max(4000).optional(),
}

/** A form's score as the domain's entry: blank finding/unit dropped, the rest kept as sent. */
export function toEntry(input: { criterionCode: string; tierId?: string | undefined; points?: number | undefined; notApplicable?: boolean | undefined; finding?: string | undefined; unit?: string | undefined }): ScoreEntry {
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
export function illegal(reason: string, params: Record<string, unknown> = {}): DomainError {
  return new DomainError('ILLEGAL_TRANSITION', `illegal transition: ${reason}`, [], { reason, ...params })
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

/** A member's own scores: `inspection.score.save`, `.saveMany`, `.mine`. */
export const inspectionScoreRouter = router({
  /**
   * Saves the caller's score for one criterion (convener or member of the round, not recused,
   * while the inspection is scoring). `expectedVersion` is the version the caller last saw (0 for
   * none): when someone changed it since, CONFLICT with the current row in `cause.current` —
   * never a silent overwrite. The domain checks the tier/points and requires a finding on a
   * deduction (BAD_REQUEST, paths like `finding`).
   */
  save: authedProcedure.input(z.object({ inspectionId: rowId, ...scoreFields, expectedVersion })).mutation(async ({ ctx, input }) => {
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
    .input(z.object({ inspectionId: rowId, entries: z.array(z.object({ ...scoreFields, expectedVersion })).min(1).max(300) }))
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
  mine: authedProcedure.input(z.object({ inspectionId: rowId })).query(async ({ ctx, input }) => {
    const loaded = await loadInspection(ctx.db, ctx.user, input.inspectionId)
    if (!loaded.myRole) return []
    return listMemberScores(ctx.db, loaded.inspection.id, ctx.user.id)
  }),
})
