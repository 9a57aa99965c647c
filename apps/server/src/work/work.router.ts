import { compareByUrgency, defaultDueDate, taipeiDate, urgencyRank } from '@leap/domain'
import { loadInspection, propose, scoringMembers } from '../inspection/inspection-sheet.js'
import { listMemberScores } from '../inspection/inspection.repository.js'
import { getSettings } from '../setting/setting.repository.js'
import { authedProcedure, router } from '../trpc/init.js'
import { countCompletions, countOpenItems, listBelowThreshold, listCommitteeInspections, listOpenItems, reviewRoundIds } from './work.repository.js'

/** How many of a branch's most urgent items its queue lists (the counts cover all of them). */
const BRANCH_QUEUE_LENGTH = 8

/**
 * "My work": what the signed-in person should do next, most urgent first, each entry with what the
 * admin needs to link to the place to act. Committee members: sheets still to finish (n / 22);
 * conveners and secretaries: consensus waiting (with 需討論 counts) and items 待審核; branch
 * users: their branch's returned, overdue and not-started items; agency users: branches below the
 * pass line in the latest signed round and overdue items per branch.
 */
export const workRouter = router({
  mine: authedProcedure.query(async ({ ctx }) => {
    const { user, db } = ctx
    const today = taipeiDate(ctx.now())
    const { dueSoonDays } = await getSettings(db)

    // Committee seats (anyone may hold one besides their other role, except branch users).
    const seats = user.branchId === null ? await listCommitteeInspections(db, user.id) : []
    const sheets = []
    const consensus = []
    for (const seat of seats) {
      if (seat.recused) continue
      if (seat.status === 'scoring' && (seat.role === 'member' || seat.role === 'convener') && !seat.completed) {
        const loaded = await loadInspection(db, user, seat.inspectionId)
        const criteria = loaded.catalogue.catalogue.dimensions.reduce((n, d) => n + d.criteria.length, 0)
        sheets.push({ inspectionId: seat.inspectionId, branchName: seat.branchName, rocYear: seat.rocYear, half: seat.half, scored: seat.scored, criteria })
      }
      if (seat.role === 'convener' || seat.role === 'secretary') {
        const loaded = await loadInspection(db, user, seat.inspectionId)
        const [{ scorers }, scores, done] = await Promise.all([
          scoringMembers(db, loaded.inspection),
          listMemberScores(db, seat.inspectionId),
          countCompletions(db, seat.inspectionId),
        ])
        const flagged = propose(loaded.catalogue.catalogue, scorers, scores).flaggedCriteria.length
        consensus.push({
          inspectionId: seat.inspectionId,
          branchName: seat.branchName,
          rocYear: seat.rocYear,
          half: seat.half,
          status: seat.status,
          membersDone: done,
          members: scorers.length,
          flagged,
        })
      }
    }
    // Consensus ready to gather first (everyone done), then by how much is left to discuss.
    consensus.sort((a, b) => Number(b.membersDone >= b.members) - Number(a.membersDone >= a.members) || b.flagged - a.flagged)
    sheets.sort((a, b) => a.scored / a.criteria - b.scored / b.criteria)

    // Items the branches submitted (待審核) in the rounds the user convenes or records.
    const reviewRounds = user.branchId === null ? await reviewRoundIds(db, user.id) : []
    const review = (reviewRounds.length > 0 ? await countOpenItems(db, today, { roundIds: reviewRounds }) : [])
      .filter((c) => c.submitted > 0)
      .map((c) => ({ branchId: c.branchId, branchName: c.branchName, submitted: c.submitted }))

    // Branch users: their own branch's open items, most urgent first.
    let branch = null
    if (user.branchId !== null) {
      const items = (await listOpenItems(db, user.branchId)).sort((a, b) => compareByUrgency(a, b, today, dueSoonDays))
      branch = {
        returned: items.filter((i) => i.status === 'returned').length,
        overdue: items.filter((i) => urgencyRank(i, today, dueSoonDays) === 1).length,
        notStarted: items.filter((i) => i.status === 'open').length,
        items: items.slice(0, BRANCH_QUEUE_LENGTH).map((i) => ({ ...i, urgency: urgencyRank(i, today, dueSoonDays) })),
      }
    }

    // Agency users: who fell below the line, and where items are overdue.
    let agency = null
    if (user.agencyRole !== null) {
      const [below, counts] = await Promise.all([listBelowThreshold(db), countOpenItems(db, today, { branchIds: null })])
      agency = {
        belowThreshold: below,
        overdueByBranch: counts.filter((c) => c.overdue > 0).sort((a, b) => b.overdue - a.overdue).map((c) => ({ branchId: c.branchId, branchName: c.branchName, overdue: c.overdue })),
      }
    }
    return { today, sheets, consensus, review, branch, agency }
  }),

  /**
   * Defaults the admin fills forms with: today (Asia/Taipei) and the due date of a remediation item
   * created today (`remediationDueDays` later, the agency's setting).
   */
  defaults: authedProcedure.query(async ({ ctx }) => {
    const today = taipeiDate(ctx.now())
    const { remediationDueDays } = await getSettings(ctx.db)
    return { today, remediationDueDays, remediationDueOn: defaultDueDate(today, remediationDueDays) }
  }),
})

