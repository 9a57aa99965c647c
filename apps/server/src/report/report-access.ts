import type { Kysely } from 'kysely'
import { canSeeBranch, notFound } from '../access/branch-scope.js'
import { findBranch } from '../branch/branch.repository.js'
import type { Database } from '../db/database.js'
import type { SessionUser } from '../trpc/context.js'
import { refuse } from '../trpc/refusal.js'
import { hasRoundSeatBetween } from './report.repository.js'

type Db = Kysely<Database>

/**
 * Refuses (NOT_FOUND, as for a missing branch) a results report the user may not read. Readers:
 * agency admin and viewer, the branch's own users, and committee members sitting on a round of
 * that ROC year (they inspect every branch of it).
 */
export async function assertReportVisible(db: Db, user: SessionUser, branchId: number, rocYear: number): Promise<void> {
  await assertBranchDataVisible(db, user, branchId, { fromRocYear: rocYear, toRocYear: rocYear })
}

/**
 * Refuses (NOT_FOUND) a branch's data over ROC years `fromRocYear`–`toRocYear` the user may not
 * read: readers are agency admin and viewer, the branch's own users, and committee members sitting
 * on a round of one of those years.
 */
export async function assertBranchDataVisible(db: Db, user: SessionUser, branchId: number, years: { fromRocYear: number; toRocYear: number }): Promise<void> {
  if (!(await findBranch(db, branchId))) throw notFound()
  if (canSeeBranch(user, branchId)) return
  if (!(await hasRoundSeatBetween(db, user.id, years))) throw notFound()
}

/**
 * Refuses a change to a report's narratives: another branch's users get NOT_FOUND; only the
 * branch's manager/staff and agency admin write (committee members read, FORBIDDEN).
 */
export async function assertNarrativeWriter(db: Db, user: SessionUser, branchId: number, rocYear: number): Promise<void> {
  await assertReportVisible(db, user, branchId, rocYear)
  const ownBranch = user.branchId === branchId && user.branchRole !== null
  if (user.agencyRole !== 'admin' && !ownBranch) {
    throw refuse('FORBIDDEN', 'NOT_ALLOWED', {}, 'only the branch or an agency admin may edit the results report')
  }
}
