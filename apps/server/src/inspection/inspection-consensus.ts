import { DomainError, resolveScoreValue, scoreSheet } from '@leap/domain'
import { z } from 'zod'
import { requireCommitteeRole, requireNotRecused } from '../access/committee.js'
import { rowId } from '../db/row-id.js'
import { authedProcedure, router } from '../trpc/init.js'
import { assertNotLocked, consensusResult, consensusView, loadInspection, markConsensus, propose, ruleNote, scoringMembers, seesCommitteeWork } from './inspection-sheet.js'
import { expectedVersion, illegal, scoreFields, toEntry } from './inspection-scoring.js'
import { listConsensusScores, listMemberScores, saveConsensusScores } from './inspection.repository.js'

/** The convener's consensus: `inspection.consensus.view`, `.save`. */
export const inspectionConsensusRouter = router({
  /**
   * The convener's consensus table (convener and secretary of the round, agency users): per
   * criterion each counted member's score and finding, the domain's proposal (lower median;
   * not applicable by strict majority) with its spread flag, and the saved consensus; members
   * recused from this branch are listed and left out. Also the proposal's and the saved
   * sheet's results (totals, pass/fail, remediation candidates).
   */
  view: authedProcedure.input(z.object({ inspectionId: rowId })).query(async ({ ctx, input }) => {
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
        inspectionId: rowId,
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
})
