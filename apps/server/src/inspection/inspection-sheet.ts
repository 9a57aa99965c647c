import {
  DomainError,
  isDomainError,
  DEFAULT_SPREAD_SHARE,
  proposeConsensus,
  scoreSheet,
  taipeiDate,
  type Catalogue,
  type CriterionConsensus,
  type MemberSheet,
  type ScoreEntry,
  type SheetResult,
} from '@leap/domain'
import type { Kysely } from 'kysely'
import { canSeeBranch } from '../access/branch-scope.js'
import { inspectionAnnounced } from '../access/scope-filter.js'
import { catalogueContent, type CatalogueRecord } from '../catalogue/catalogue.repository.js'
import type { AuditContext } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import { versionedUpdate } from '../db/versioned-write.js'
import { findImprovementPlan, type ImprovementPlanRecord } from '../improvement-plan/improvement-plan.repository.js'
import { listRoster, type RosterEntry } from '../round/round.repository.js'
import type { CommitteeRole, SessionUser } from '../trpc/context.js'
import { notFound } from '../trpc/refusal.js'
import {
  changeInspection,
  findInspection,
  findInspectionForUser,
  listConsensusScores,
  listMemberScores,
  recusedMemberIds,
  toScoreEntry,
  type ConsensusScoreRecord,
  type InspectionChange,
  type InspectionRecord,
  type MemberScoreRecord,
} from './inspection.repository.js'

type Db = Kysely<Database>

/** An inspection the caller may see, with its catalogue and the caller's standing in its round. */
export interface LoadedInspection {
  inspection: InspectionRecord
  catalogue: CatalogueRecord
  /** The caller's seat on the round's roster, if any. */
  myRole: CommitteeRole | null
  /** The caller declared a conflict of interest for this branch in this round. */
  recused: boolean
  /** Agency admin or viewer. */
  agency: boolean
}

/**
 * Loads an inspection for `user`: NOT_FOUND when missing or outside their scope (same error).
 * With `forUpdate`, locks the inspection row for the rest of the transaction (exclusive: status
 * changes); with `forShare`, a shared lock that keeps its status fixed until commit (score saves).
 * One statement reads the inspection, the caller's role and recusal and the catalogue's content
 * hash; the catalogue's content comes from the content-addressed cache (read on a miss only).
 * Visibility is the rule of `assertInspectionVisible`: agency, the caller's own branch from the
 * inspection day on (`now`, default the clock), or a seat on the round's committee.
 */
export async function loadInspection(
  db: Db,
  user: SessionUser,
  id: number,
  options: { forUpdate?: boolean; forShare?: boolean; now?: Date } = {},
): Promise<LoadedInspection> {
  const found = await findInspectionForUser(db, id, user.id, { forUpdate: options.forUpdate ?? false, forShare: options.forShare ?? false })
  if (!found) throw notFound()
  const { inspection, catalogue: heading, myRole, recused } = found
  // Unannounced: the inspected branch sees its inspection from the day on (Asia/Taipei), never before.
  const ownBranchSees = canSeeBranch(user, inspection.branchId) && (user.agencyRole !== null || inspectionAnnounced(inspection.inspectedOn, taipeiDate(options.now ?? new Date())))
  if (!ownBranchSees && myRole === null) throw notFound()
  const content = await catalogueContent(db, heading.id, heading.contentMd5)
  if (!content) throw notFound()
  const { contentMd5: _contentMd5, ...summary } = heading
  const catalogue: CatalogueRecord = { ...summary, totalPoints: content.totalPoints, passThreshold: content.passThreshold, catalogue: content }
  return { inspection, catalogue, myRole, recused, agency: user.agencyRole !== null }
}

/** Roles that score a sheet: the convener and the members (the secretary records, never scores). */
export const SCORING_ROLES: readonly CommitteeRole[] = ['convener', 'member']

/** Refuses a change to a signed or closed sheet. */
export function assertNotLocked(inspection: InspectionRecord): void {
  if (inspection.status === 'signed' || inspection.status === 'closed') {
    throw new DomainError('SHEET_LOCKED', 'the sheet is signed and can no longer change', [], { status: inspection.status })
  }
}

/** Re-raises a domain error with `prefix` removed from its issue paths (a one-entry sheet reads as a form). */
export function withPathsUnder<T>(prefix: readonly (string | number)[], run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (!isDomainError(error)) throw error
    const issues = error.issues.map((i) => ({
      ...i,
      path: prefix.every((p, k) => i.path[k] === p) ? i.path.slice(prefix.length) : i.path,
    }))
    throw new DomainError(error.code, error.message, issues, error.params)
  }
}

/** The audit entry of an inspection status change: what changed, as `before`/`after`. */
export interface StatusAudit {
  action: string
  before: Record<string, unknown>
  after: Record<string, unknown>
}

/**
 * Changes a loaded inspection's status through the versioned-write path: the caller loaded it FOR
 * UPDATE and checked access; `rules` run after the version check (CONFLICT with the current
 * inspection when `expectedVersion` is stale). One audit entry. Returns the inspection as stored.
 */
export function changeStatus(
  trx: Db,
  ctx: AuditContext,
  loaded: LoadedInspection,
  expectedVersion: number,
  change: InspectionChange,
  audit: StatusAudit,
  rules?: (inspection: InspectionRecord) => void | Promise<void>,
): Promise<InspectionRecord> {
  const { inspection } = loaded
  let read = false
  return versionedUpdate(trx, ctx, {
    expectedVersion,
    // The first read is the locked row the caller holds; a stale write reads it again.
    find: async (db) => (read ? findInspection(db, inspection.id) : ((read = true), inspection)),
    ...(rules ? { rules: (row: InspectionRecord) => rules(row) } : {}),
    write: async (db) => ((await changeInspection(db, inspection.id, expectedVersion, change, ctx.now())) ? findInspection(db, inspection.id) : undefined),
    audit: { action: audit.action, entity: 'inspection', branchId: inspection.branchId, snapshot: (row) => (row === inspection ? audit.before : audit.after) },
  })
}

/** Moves a scoring inspection to `consensus` (the convener's first consensus save ends members' scoring). */
export function markConsensus(trx: Db, ctx: AuditContext, loaded: LoadedInspection): Promise<InspectionRecord> {
  const audit = { action: 'inspection.consensus.start', before: { status: loaded.inspection.status }, after: { status: 'consensus' } }
  return changeStatus(trx, ctx, loaded, loaded.inspection.version, { status: 'consensus' }, audit)
}

/** Scores stored consensus rows with the domain; null when nothing is stored yet. */
export function consensusResult(catalogue: Catalogue, rows: readonly ConsensusScoreRecord[]): SheetResult | null {
  if (rows.length === 0) return null
  return scoreSheet(catalogue, rows.map(toScoreEntry))
}

/** Describes, for `consensus_score.rule_note`, how the saved value relates to the domain's proposal. */
export function ruleNote(entry: ScoreEntry, proposal: CriterionConsensus | undefined, note: string | undefined): string {
  let base: string
  if (!proposal || (proposal.scoredBy === 0 && proposal.notApplicableBy === 0)) {
    base = '無委員評分，由召集人逕行評定 (no member scores: set by the convener)'
  } else {
    const matches = entry.notApplicable ? proposal.notApplicable : !proposal.notApplicable && proposal.tierId === entry.tierId
    const proposed = proposal.notApplicable ? '不適用 (not applicable)' : `${proposal.points} 分 (tier ${proposal.tierId})`
    base = matches
      ? `採 ${proposal.scoredBy + proposal.notApplicableBy} 位委員評分之共識建議：${proposed} (accepted the proposal: lower median of members' points; not applicable only by strict majority)`
      : `召集人裁定，與共識建議 ${proposed} 不同 (convener's decision, differs from the proposal)`
  }
  const extra = note?.trim()
  return extra ? `${base}；${extra}` : base
}

/** The members whose sheets count for an inspection: scorers on the roster who are not recused. */
export async function scoringMembers(db: Db, inspection: InspectionRecord): Promise<{ roster: RosterEntry[]; recused: number[]; scorers: RosterEntry[] }> {
  const [roster, recused] = await Promise.all([listRoster(db, inspection.roundId), recusedMemberIds(db, inspection.roundId, inspection.branchId)])
  const scorers = roster.filter((r) => SCORING_ROLES.includes(r.role) && !recused.includes(r.userId))
  return { roster, recused, scorers }
}

/** The domain's consensus proposal from the sheets of the counted members (recused members excluded). */
export function propose(catalogue: Catalogue, scorers: readonly RosterEntry[], scores: readonly MemberScoreRecord[]) {
  const counted = new Set(scorers.map((s) => s.userId))
  const byMember = new Map<number, ScoreEntry[]>()
  for (const s of scores) {
    if (!counted.has(s.memberId)) continue
    const list = byMember.get(s.memberId) ?? []
    list.push(toScoreEntry(s))
    byMember.set(s.memberId, list)
  }
  const sheets: MemberSheet[] = [...byMember].map(([memberId, entries]) => ({ memberId: String(memberId), entries }))
  return proposeConsensus(catalogue, { sheets })
}

/**
 * The convener's consensus table: per criterion each counted member's score, the domain's proposal
 * (lower median; not applicable by strict majority) with its spread flag, and the saved consensus;
 * members recused from this branch listed and left out; the proposal's and the saved sheet's results.
 */
export async function consensusView(db: Db, loaded: LoadedInspection) {
  const { inspection, catalogue } = loaded
  const [{ roster, recused, scorers }, scores, saved] = await Promise.all([
    scoringMembers(db, inspection),
    listMemberScores(db, inspection.id),
    listConsensusScores(db, inspection.id),
  ])
  const proposal = propose(catalogue.catalogue, scorers, scores)
  const counted = new Set(scorers.map((s) => s.userId))
  const savedBy = new Map(saved.map((s) => [s.criterionCode, s]))
  const criteria = catalogue.catalogue.dimensions.flatMap((d) =>
    d.criteria.map((c) => ({
      criterionCode: c.code,
      dimensionCode: d.code,
      title: c.title,
      maxPoints: c.maxPoints,
      scores: scores.filter((s) => s.criterionCode === c.code && counted.has(s.memberId)),
      proposal: proposal.criteria.find((p) => p.criterionCode === c.code) ?? null,
      saved: savedBy.get(c.code) ?? null,
    })),
  )
  return {
    inspection,
    members: roster
      .filter((r) => r.role === 'convener' || r.role === 'member')
      .map((r) => ({ ...r, recused: recused.includes(r.userId) })),
    excludedMemberIds: recused,
    /** The spread (share of the criterion's maximum) above which the proposal flags a criterion; the admin words the rule. */
    spreadShare: DEFAULT_SPREAD_SHARE,
    criteria,
    flaggedCriteria: proposal.flaggedCriteria,
    proposalResult: proposal.result,
    savedResult: consensusResult(catalogue.catalogue, saved),
  }
}

/** Whether the caller may see the committee's working (all members' scores, the consensus in progress). */
export function seesCommitteeWork(loaded: LoadedInspection): boolean {
  return loaded.agency || loaded.myRole === 'convener' || loaded.myRole === 'secretary'
}

/**
 * Who may see the evidence files of a score sheet the caller can already see: the round's
 * committee and agency admin/viewer; the inspected branch's users only once it is signed.
 */
export function seesScoreEvidence(loaded: LoadedInspection): boolean {
  return loaded.agency || loaded.myRole !== null || loaded.inspection.status === 'signed' || loaded.inspection.status === 'closed'
}

/** Everything the score sheet page shows, cut to what the caller may see. */
export interface SheetView {
  inspection: InspectionRecord
  catalogue: CatalogueRecord
  myRole: CommitteeRole | null
  /** The caller declared a conflict of interest for this branch in this round. */
  recused: boolean
  /** The caller's own scores (scorers only). */
  myScores: MemberScoreRecord[]
  /** Per scoring member: how many criteria they scored (agency, convener and secretary only). */
  progress: { memberId: number; displayName: string; role: CommitteeRole; scored: number; recused: boolean }[]
  /** Consensus rows (committee and agency always; branch users once signed). */
  consensus: ConsensusScoreRecord[]
  /** The consensus sheet scored by the domain: totals, pass/fail, remediation candidates. */
  result: SheetResult | null
  improvementPlan: ImprovementPlanRecord | null
}

/** Builds the {@link SheetView} of a loaded inspection for `user`. */
export async function sheetView(db: Db, user: SessionUser, loaded: LoadedInspection): Promise<SheetView> {
  const { inspection, catalogue } = loaded
  const signed = inspection.status === 'signed' || inspection.status === 'closed'
  const onCommittee = loaded.myRole !== null
  const [{ roster, recused }, consensus, myScores, plan] = await Promise.all([
    scoringMembers(db, inspection),
    loaded.agency || onCommittee || signed ? listConsensusScores(db, inspection.id) : Promise.resolve([]),
    loaded.myRole && SCORING_ROLES.includes(loaded.myRole) ? listMemberScores(db, inspection.id, user.id) : Promise.resolve([]),
    findImprovementPlan(db, inspection.id),
  ])
  let progress: SheetView['progress'] = []
  if (seesCommitteeWork(loaded)) {
    const all = await listMemberScores(db, inspection.id)
    progress = roster
      .filter((r) => SCORING_ROLES.includes(r.role))
      .map((r) => ({
        memberId: r.userId,
        displayName: r.displayName,
        role: r.role,
        scored: all.filter((s) => s.memberId === r.userId).length,
        recused: recused.includes(r.userId),
      }))
  }
  return {
    inspection,
    catalogue,
    myRole: loaded.myRole,
    recused: recused.includes(user.id),
    myScores,
    progress,
    consensus,
    result: consensusResult(catalogue.catalogue, consensus),
    improvementPlan: plan ?? null,
  }
}
