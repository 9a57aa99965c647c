import {
  assertSheetComplete,
  DEFAULT_SPREAD_SHARE,
  DomainError,
  isoDateSchema,
  roundLabel,
  roundRange,
  scoreSheet,
  type Catalogue,
  type ScoreEntry,
} from '@leap/domain'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { MAX_INT4, rowId } from '../db/row-id.js'
import { notFound } from '../access/branch-scope.js'
import { assertCommitteeRole, inspectionScope, requireCommitteeRole, requireNotRecused } from '../access/committee.js'
import { recordAudit } from '../audit/audit.repository.js'
import { lockCatalogue } from '../catalogue/catalogue.repository.js'
import { findImprovementPlan } from '../improvement-plan/improvement-plan.repository.js'
import { notifyInspectionSigned } from '../notification/notification-events.js'
import { findRound } from '../round/round.repository.js'
import type { SessionUser } from '../trpc/context.js'
import { listScoreEvidence } from '../remediation/remediation.repository.js'
import { authedProcedure, router } from '../trpc/init.js'
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
  staleWrite,
  withPathsUnder,
  type LoadedInspection,
} from './inspection-sheet.js'
import {
  changeInspection,
  findInspection,
  findInspectionOf,
  insertInspection,
  listConsensusScores,
  listInspections,
  listMemberScores,
  saveConsensusScore,
  saveMemberScore,
  toScoreEntry,
  type ConsensusScoreRecord,
  type MemberScoreRecord,
  type ScoreValue,
} from './inspection.repository.js'
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

/** The stored form of an entry the domain accepted: the tier named by id or points, with its points. */
function toValue(catalogue: Catalogue, entry: ScoreEntry): ScoreValue {
  const finding = entry.finding ?? null
  if (entry.notApplicable) return { criterionCode: entry.criterionCode, tierId: null, points: null, finding, notApplicable: true }
  const criterion = catalogue.dimensions.flatMap((d) => d.criteria).find((c) => c.code === entry.criterionCode)
  const tier = criterion?.tiers.find((t) => (entry.tierId !== undefined ? t.id === entry.tierId : Math.round(t.points * 100) === Math.round((entry.points ?? -1) * 100)))
  // scoreSheet has already refused unknown criteria and tiers.
  if (!criterion || !tier) throw new DomainError('INVALID_SCORE', `invalid score for "${entry.criterionCode}"`)
  return { criterionCode: entry.criterionCode, tierId: tier.id, points: tier.points, finding, notApplicable: false }
}

/** How `proposeConsensus` (@leap/domain) proposes, as the convener's table explains it. */
const CONSENSUS_RULE = `各項取評分委員分數之下中位數；過半數委員勾選不適用者建議不適用；委員分數差距超過配分${DEFAULT_SPREAD_SHARE * 100}%者標示待討論 (per criterion the lower median of the members' points; not applicable by strict majority; a spread above ${DEFAULT_SPREAD_SHARE * 100}% of the maximum is flagged)`

function illegal(message: string): DomainError {
  return new DomainError('ILLEGAL_TRANSITION', message)
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
  if (inspection.status === 'draft') throw illegal('尚未開始評分 (scoring has not started)')
  if (inspection.status !== 'scoring') throw illegal('評分階段已結束，召集人正在彙整共識 (scoring has ended: consensus in progress)')
  return loaded
}

/** The audit entry of one saved member score. */
async function auditMemberScore(
  trx: Parameters<typeof recordAudit>[0],
  ctx: Parameters<typeof recordAudit>[1],
  inspection: LoadedInspection['inspection'],
  row: MemberScoreRecord,
): Promise<void> {
  const { criterionCode, tierId, points, finding, notApplicable, version } = row
  await recordAudit(trx, ctx, {
    action: 'inspection.score.save',
    entity: 'member_score',
    entityId: `${inspection.id}:${row.memberId}:${criterionCode}`,
    branchId: inspection.branchId,
    after: { criterionCode, tierId, points, finding, notApplicable, version },
  })
}

export const inspectionRouter = router({
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
    .query(async ({ ctx, input }) => listInspections(ctx.db, await inspectionScope(ctx.db, ctx.user), input ?? {})),

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
      return ctx.db.transaction().execute(async (trx) => {
        const round = await findRound(trx, input.roundId)
        if (!round) throw notFound()
        // Rounds are not secret; who may open an inspection in one is: admin or its convener.
        if (ctx.user.agencyRole !== 'admin') await assertCommitteeRole(trx, ctx.user, round.id, ['convener'])
        if (round.status !== 'open') throw illegal('此考核輪次已結束 (the round is closed)')
        const branch = await trx.selectFrom('branch').select('id').where('id', '=', input.branchId).executeTakeFirst()
        if (!branch) throw notFound()
        const range = roundRange(round)
        if (input.inspectedOn < range.start || input.inspectedOn > range.end) {
          throw new DomainError('INVALID_DATE', `考核日期須在${roundLabel(round)} (${range.start}–${range.end}) 之內 (date outside the round)`, [
            { path: ['inspectedOn'], message: `between ${range.start} and ${range.end}` },
          ])
        }
        if (await findInspectionOf(trx, round.id, input.branchId)) {
          throw new TRPCError({ code: 'CONFLICT', message: '此分署於本輪已有考核 (this branch already has an inspection in the round)' })
        }
        const inspectionId = await insertInspection(trx, input)
        await lockCatalogue(trx, round.catalogueId, ctx.now())
        await recordAudit(trx, ctx, { action: 'inspection.create', entity: 'inspection', entityId: inspectionId, branchId: input.branchId, after: input })
        return (await findInspection(trx, inspectionId))!
      })
    }),

  /** Opens a draft inspection for scoring (the round's convener, or agency admin). CONFLICT when `expectedVersion` is stale. */
  startScoring: authedProcedure.input(z.object({ id, expectedVersion })).mutation(async ({ ctx, input }) => {
    return ctx.db.transaction().execute(async (trx) => {
      const loaded = await loadInspection(trx, ctx.user, input.id, { forUpdate: true })
      assertConvenerOrAdmin(loaded, ctx.user)
      const { inspection } = loaded
      if (inspection.version !== input.expectedVersion) throw staleWrite('考核', inspection)
      if (inspection.status !== 'draft') throw illegal('僅草稿狀態可開始評分 (only a draft can start scoring)')
      if (!(await changeInspection(trx, inspection.id, input.expectedVersion, { status: 'scoring' }, ctx.now()))) throw staleWrite('考核', await findInspection(trx, inspection.id))
      await recordAudit(trx, ctx, {
        action: 'inspection.startScoring',
        entity: 'inspection',
        entityId: inspection.id,
        branchId: inspection.branchId,
        before: { status: inspection.status },
        after: { status: 'scoring' },
      })
      return (await findInspection(trx, inspection.id))!
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
        const value = toValue(catalogue.catalogue, entry)
        const saved = await saveMemberScore(trx, { inspectionId: inspection.id, memberId: ctx.user.id }, value, input.expectedVersion, ctx.now())
        if (!saved.ok) throw staleWrite(`項目 ${input.criterionCode} 的評分`, saved.current)
        await auditMemberScore(trx, ctx, inspection, saved.row)
        return saved.row
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
          const now = ctx.now()
          const rows: MemberScoreRecord[] = []
          const stale: (MemberScoreRecord | null)[] = []
          for (const [i, entry] of entries.entries()) {
            const value = toValue(catalogue.catalogue, entry)
            const saved = await saveMemberScore(trx, { inspectionId: inspection.id, memberId: ctx.user.id }, value, input.entries[i]!.expectedVersion, now)
            if (saved.ok) rows.push(saved.row)
            else stale.push(saved.current)
          }
          if (stale.length > 0) throw staleWrite('評分', stale)
          for (const row of rows) await auditMemberScore(trx, ctx, inspection, row)
          return rows
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
        throw new DomainError('ROLE_NOT_ALLOWED', '共識評分表限召集人、執行秘書及署內人員檢視 (convener, secretary and agency only)')
      }
      const { inspection, catalogue } = loaded
      const [{ roster, recused, scorers }, scores, saved] = await Promise.all([
        scoringMembers(ctx.db, inspection),
        listMemberScores(ctx.db, inspection.id),
        listConsensusScores(ctx.db, inspection.id),
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
        /** The domain's consensus rule, in words, for the table's legend. */
        rule: CONSENSUS_RULE,
        criteria,
        flaggedCriteria: proposal.flaggedCriteria,
        proposalResult: proposal.result,
        savedResult: consensusResult(catalogue.catalogue, saved),
      }
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
          if (inspection.status === 'draft') throw illegal('尚未開始評分 (scoring has not started)')
          const entries = input.entries.map(toEntry)
          scoreSheet(catalogue.catalogue, entries)
          const { scorers } = await scoringMembers(trx, inspection)
          const proposal = propose(catalogue.catalogue, scorers, await listMemberScores(trx, inspection.id))
          const now = ctx.now()
          const rows: ConsensusScoreRecord[] = []
          const stale: (ConsensusScoreRecord | null)[] = []
          for (const [i, entry] of entries.entries()) {
            const source = input.entries[i]!
            const note = ruleNote(entry, proposal.criteria.find((p) => p.criterionCode === entry.criterionCode), source.note)
            const value = { ...toValue(catalogue.catalogue, entry), unit: entry.unit ?? null, ruleNote: note, decidedBy: ctx.user.id }
            const saved = await saveConsensusScore(trx, inspection.id, value, source.expectedVersion, now)
            if (saved.ok) rows.push(saved.row)
            else stale.push(saved.current)
          }
          if (stale.length > 0) throw staleWrite('共識評分', stale)
          if (inspection.status === 'scoring') {
            if (!(await changeInspection(trx, inspection.id, inspection.version, { status: 'consensus' }, now))) {
              throw staleWrite('考核', await findInspection(trx, inspection.id))
            }
          }
          await recordAudit(trx, ctx, {
            action: 'inspection.consensus.save',
            entity: 'consensus_score',
            entityId: inspection.id,
            branchId: inspection.branchId,
            after: rows.map((r) => ({ criterionCode: r.criterionCode, tierId: r.tierId, points: r.points, notApplicable: r.notApplicable, version: r.version })),
          })
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
      if (inspection.version !== input.expectedVersion) throw staleWrite('考核', inspection)
      assertNotLocked(inspection)
      if (inspection.status === 'draft') throw illegal('尚未開始評分 (scoring has not started)')
      const consensus = await listConsensusScores(trx, inspection.id)
      const result = scoreSheet(catalogue.catalogue, consensus.map(toScoreEntry))
      assertSheetComplete(result)
      const now = ctx.now()
      const changed = await changeInspection(
        trx,
        inspection.id,
        input.expectedVersion,
        {
          status: 'signed',
          totalPoints: result.total,
          passThreshold: result.passThreshold,
          passed: result.passed,
          dimensionTotals: result.dimensions,
          signedAt: now,
          signedBy: ctx.user.id,
        },
        now,
      )
      if (!changed) throw staleWrite('考核', await findInspection(trx, inspection.id))
      await notifyInspectionSigned(trx, inspection.id, now)
      await recordAudit(trx, ctx, {
        action: 'inspection.sign',
        entity: 'inspection',
        entityId: inspection.id,
        branchId: inspection.branchId,
        before: { status: inspection.status },
        after: { status: 'signed', total: result.total, passed: result.passed },
      })
      return sheetView(trx, ctx.user, { ...loaded, inspection: (await findInspection(trx, inspection.id))! })
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
      const { inspection } = loaded
      if (inspection.version !== input.expectedVersion) throw staleWrite('考核', inspection)
      if (inspection.status === 'closed') throw illegal('考核已結案 (already closed)')
      if (inspection.status !== 'signed') throw illegal('須先簽核評分表才能結案 (sign the sheet before closing)')
      if (inspection.passed === false) {
        const plan = await findImprovementPlan(trx, inspection.id)
        if (!plan || plan.measures.length === 0) {
          throw new DomainError(
            'IMPROVEMENT_PLAN_REQUIRED',
            `總分 ${inspection.totalPoints} 未達 ${inspection.passThreshold} 分，須先提出具體改善作法 (below the pass threshold: an improvement plan is required)`,
          )
        }
      }
      const now = ctx.now()
      if (!(await changeInspection(trx, inspection.id, input.expectedVersion, { status: 'closed', closedAt: now, closedBy: ctx.user.id }, now))) {
        throw staleWrite('考核', await findInspection(trx, inspection.id))
      }
      await recordAudit(trx, ctx, {
        action: 'inspection.close',
        entity: 'inspection',
        entityId: inspection.id,
        branchId: inspection.branchId,
        before: { status: inspection.status },
        after: { status: 'closed' },
      })
      return (await findInspection(trx, inspection.id))!
    })
  }),
})
