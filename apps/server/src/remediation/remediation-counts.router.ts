import { taipeiDate } from '@leap/domain'
import { z } from 'zod'
import { rowId } from '../db/row-id.js'
import { authedProcedure } from '../trpc/init.js'
import { itemScopeFor } from './remediation-access.js'
import { countOpenByBranch } from './remediation.repository.js'

/** The remediation part of the dashboard: procedures the app router puts in its `dashboard` namespace. */
export const remediationDashboardProcedures = {
  /**
   * Items still tracked (not closed or cancelled) and how many of them are overdue today
   * (Asia/Taipei, from `ctx.now`), per branch and per round, within the user's scope; with
   * `roundId`, that round only. Also the totals per branch across the rounds returned.
   */
  remediationCounts: authedProcedure.input(z.object({ roundId: rowId.optional() }).optional()).query(async ({ ctx, input }) => {
    const scope = await itemScopeFor(ctx.db, ctx.user, ctx.now())
    const rows = await countOpenByBranch(ctx.db, scope, taipeiDate(ctx.now()), input?.roundId)
    const byBranch = new Map<number, { branchId: number; open: number; overdue: number }>()
    for (const r of rows) {
      const total = byBranch.get(r.branchId) ?? { branchId: r.branchId, open: 0, overdue: 0 }
      total.open += r.open
      total.overdue += r.overdue
      byBranch.set(r.branchId, total)
    }
    return { byBranchAndRound: rows, byBranch: [...byBranch.values()] }
  }),
}
