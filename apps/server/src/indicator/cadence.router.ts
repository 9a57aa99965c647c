import { cadenceGaps, isoDateSchema, taipeiDate, type CadenceKind, type CadenceSlot } from '@leap/domain'
import { z } from 'zod'
import { visibleBranchIds } from '../access/branch-scope.js'
import { sitsOnAnyCommittee } from '../access/committee.js'
import { listBranches } from '../branch/branch.repository.js'
import { rowId } from '../db/row-id.js'
import { authedProcedure, router } from '../trpc/init.js'
import { cadenceFacts } from './cadence.repository.js'
import { assertMayReadIndicators } from './indicator-access.js'

/** The kinds of the plan's rhythm the system keeps data for; attitude assessments are not stored. */
export const CHECKED_CADENCE_KINDS: readonly CadenceKind[] = ['meeting', 'phoneTest', 'survey']
/** Kinds the seeds promise that the system cannot check (no data kept), said on screen and in documents. */
export const UNCHECKED_CADENCE_KINDS: readonly CadenceKind[] = ['attitudeAssessment']

/** One branch's slots of the rhythm in the period and its missed ones (oldest first). */
export interface BranchCadence {
  branchId: number
  slots: CadenceSlot[]
  gaps: CadenceSlot[]
}

const cadenceInput = z
  .object({ from: isoDateSchema, to: isoDateSchema, branchId: rowId.optional() })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'], params: { code: 'DATE_BEFORE', after: 'from' } })

/**
 * 服務躍升 cadence (seeds 003/004): per branch, which promised activities were held in each
 * month, quarter or half year of the period — the committee's meetings (each counts for every
 * branch), phone courtesy tests (monthly), the public survey (quarterly) — and the gaps
 * (`114年10月 未辦理電話禮貌測試`). Slots not over today (Asia/Taipei) are pending, not gaps.
 */
export const cadenceRouter = router({
  /**
   * The period's cadence of one branch (`branchId`: readers as for indicators, another branch is
   * NOT_FOUND) or of every branch the caller may read (agency and committee: all; branch users:
   * their own).
   */
  branches: authedProcedure.input(cadenceInput).query(async ({ ctx, input }) => {
    let branchIds: number[]
    if (input.branchId !== undefined) {
      await assertMayReadIndicators(ctx.db, ctx.user, input.branchId)
      branchIds = [input.branchId]
    } else {
      const visible = visibleBranchIds(ctx.user)
      const all = (await listBranches(ctx.db)).map((b) => b.id)
      if (visible === null || (await sitsOnAnyCommittee(ctx.db, ctx.user.id))) branchIds = all
      else branchIds = all.filter((id) => visible.includes(id))
    }
    const asOf = taipeiDate(ctx.now())
    const facts = await cadenceFacts(ctx.db, branchIds, input)
    const branches: BranchCadence[] = branchIds.map((branchId) => {
      const { slots, gaps } = cadenceGaps({
        from: input.from,
        to: input.to,
        asOf,
        meetings: facts.meetings,
        phoneTests: facts.phoneTests.get(branchId) ?? [],
        surveys: facts.surveys.get(branchId) ?? [],
      })
      return { branchId, slots, gaps }
    })
    return { asOf, checked: CHECKED_CADENCE_KINDS, notChecked: UNCHECKED_CADENCE_KINDS, branches }
  }),
})
