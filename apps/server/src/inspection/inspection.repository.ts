import type { DimensionSubtotal, IsoDate, ScoreEntry, ScoreValue } from '@leap/domain'
import { CompiledQuery, sql, type Kysely } from 'kysely'
import { inspectionScopeCondition, type InspectionScope } from '../access/scope-filter.js'
import type { AuditContext } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import { bumpVersion } from '../db/guarded-update.js'
import { versionedUpsertMany, type BatchColumnType } from '../db/versioned-write.js'
import type { CommitteeRole } from '../trpc/context.js'
import type { InspectionStatus } from './inspection.table.js'

type Db = Kysely<Database>

/** One inspection (branch × round) with what lists and sheets show about it. */
export interface InspectionRecord {
  id: number
  roundId: number
  rocYear: number
  half: 1 | 2
  catalogueId: number
  branchId: number
  branchCode: string
  branchName: string
  inspectedOn: IsoDate
  status: InspectionStatus
  /** Optimistic-concurrency version; bumped by every status change. */
  version: number
  /** Result snapshot written at signing; null before. */
  totalPoints: number | null
  passThreshold: number | null
  passed: boolean | null
  dimensionTotals: DimensionSubtotal[] | null
  signedAt: Date | null
  signedBy: number | null
  closedAt: Date | null
  closedBy: number | null
  createdAt: Date
  updatedAt: Date
}

/** A member's (or the consensus) score for one criterion, as stored. */
export interface StoredScore {
  criterionCode: string
  tierId: string | null
  points: number | null
  finding: string | null
  notApplicable: boolean
  version: number
  updatedAt: Date
}

export interface MemberScoreRecord extends StoredScore {
  inspectionId: number
  memberId: number
}

export interface ConsensusScoreRecord extends StoredScore {
  inspectionId: number
  unit: string | null
  ruleNote: string | null
  decidedBy: number | null
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v))

function inspectionQuery(db: Db) {
  return db
    .selectFrom('inspection')
    .innerJoin('round', 'round.id', 'inspection.roundId')
    .innerJoin('branch', 'branch.id', 'inspection.branchId')
    .select([
      'inspection.id',
      'inspection.roundId',
      'round.rocYear',
      'round.half',
      'round.catalogueId',
      'inspection.branchId',
      'branch.code as branchCode',
      'branch.name as branchName',
      // Dates travel as ISO strings: no Date object, so no time zone can move the day.
      sql<string>`${sql.ref('inspection.inspectedOn')}::text`.as('inspectedOn'),
      'inspection.status',
      'inspection.version',
      'inspection.totalPoints',
      'inspection.passThreshold',
      'inspection.passed',
      'inspection.dimensionTotals',
      'inspection.signedAt',
      'inspection.signedBy',
      'inspection.closedAt',
      'inspection.closedBy',
      'inspection.createdAt',
      'inspection.updatedAt',
    ])
}

type InspectionQueryRow = Awaited<ReturnType<ReturnType<typeof inspectionQuery>['executeTakeFirstOrThrow']>>

function toInspection(row: InspectionQueryRow): InspectionRecord {
  return {
    ...row,
    half: row.half === 1 ? 1 : 2,
    totalPoints: num(row.totalPoints),
    passThreshold: num(row.passThreshold),
    dimensionTotals: (row.dimensionTotals as DimensionSubtotal[] | null) ?? null,
  }
}

/** The inspection table's columns for {@link inspectionScopeCondition}. */
export const INSPECTION_SCOPE_COLUMNS = { roundId: 'inspection.roundId', branchId: 'inspection.branchId', inspectedOn: 'inspection.inspectedOn' } as const

export interface InspectionFilter {
  roundId?: number | undefined
  branchId?: number | undefined
  status?: InspectionStatus | undefined
}

/** Inspections within a scope, newest round first, then in branch order. */
export async function listInspections(db: Db, scope: InspectionScope, filter: InspectionFilter = {}): Promise<InspectionRecord[]> {
  let query = inspectionQuery(db).orderBy('round.rocYear', 'desc').orderBy('round.half', 'desc').orderBy('inspection.branchId')
  if (filter.roundId !== undefined) query = query.where('inspection.roundId', '=', filter.roundId)
  if (filter.branchId !== undefined) query = query.where('inspection.branchId', '=', filter.branchId)
  if (filter.status !== undefined) query = query.where('inspection.status', '=', filter.status)
  if (!scope.all) {
    if (scope.branchIds.length === 0 && scope.roundIds.length === 0) return []
    query = query.where(inspectionScopeCondition(scope, INSPECTION_SCOPE_COLUMNS))
  }
  return (await query.execute()).map(toInspection)
}

/**
 * One inspection, or undefined. Inside a transaction, `forUpdate` takes the row's exclusive lock
 * (status changes: they serialise with each other and wait for every in-flight `forShare` holder);
 * `forShare` takes a shared lock (score saves: many run at once on one inspection, each guarded by
 * its own row's version, while the status they checked cannot change until they commit — and a
 * save that starts after a status change waits for it and reads the new status).
 */
export async function findInspection(db: Db, id: number, options: { forUpdate?: boolean; forShare?: boolean } = {}): Promise<InspectionRecord | undefined> {
  let query = inspectionQuery(db).where('inspection.id', '=', id)
  // FOR SHARE, not FOR KEY SHARE: a plain UPDATE of the status takes FOR NO KEY UPDATE, which
  // FOR KEY SHARE would not block.
  if (options.forUpdate) query = query.forUpdate('inspection')
  else if (options.forShare) query = query.forShare('inspection')
  const row = await query.executeTakeFirst()
  return row ? toInspection(row) : undefined
}

/** An inspection with what decides a user's access to it, read in one statement. */
export interface InspectionForUser {
  inspection: InspectionRecord
  /** The round's catalogue without its content (see `catalogueContent`). */
  catalogue: { id: number; code: string; version: number; title: string; effectiveRocYear: number; lockedAt: Date | null; createdAt: Date; contentMd5: string }
  /** The user's seat on the round's roster, if any. */
  myRole: CommitteeRole | null
  /** The user declared a conflict of interest for this branch in this round. */
  recused: boolean
}

/** What {@link findInspectionForUser} reads (camelCase through the database's CamelCasePlugin). */
type InspectionForUserRow = InspectionQueryRow & {
  catalogueCode: string
  catalogueVersion: number
  catalogueTitle: string
  catalogueEffectiveRocYear: number
  catalogueLockedAt: Date | null
  catalogueCreatedAt: Date
  catalogueContentMd5: string
  myRole: CommitteeRole | null
  recused: boolean
}

/**
 * The statement of {@link findInspectionForUser} ($1 the user, $2 the inspection), written once
 * per lock mode: it runs on every score save, where kysely's builder would build, transform and
 * compile the same query each time (issue 18: the per-request floor). Columns as `inspectionQuery`.
 */
const INSPECTION_FOR_USER_BASE = `select i.id, i.round_id, r.roc_year, r.half, r.catalogue_id, i.branch_id, b.code as branch_code, b.name as branch_name,
    i.inspected_on::text as inspected_on, i.status, i.version, i.total_points, i.pass_threshold, i.passed, i.dimension_totals,
    i.signed_at, i.signed_by, i.closed_at, i.closed_by, i.created_at, i.updated_at,
    c.code as catalogue_code, c.version as catalogue_version, c.title as catalogue_title, c.effective_roc_year as catalogue_effective_roc_year,
    c.locked_at as catalogue_locked_at, c.created_at as catalogue_created_at, c.content_md5 as catalogue_content_md5,
    rm.role as my_role,
    exists (select 1 from conflict_of_interest coi where coi.round_id = i.round_id and coi.branch_id = i.branch_id and coi.user_id = $1) as recused
  from inspection i
  join round r on r.id = i.round_id
  join branch b on b.id = i.branch_id
  join catalogue c on c.id = r.catalogue_id
  left join round_member rm on rm.round_id = i.round_id and rm.user_id = $1
  where i.id = $2`
// FOR SHARE, not FOR KEY SHARE (see findInspection); only the inspection row is locked.
const INSPECTION_FOR_USER_SQL = {
  plain: INSPECTION_FOR_USER_BASE,
  forShare: `${INSPECTION_FOR_USER_BASE} for share of i`,
  forUpdate: `${INSPECTION_FOR_USER_BASE} for update of i`,
}

/**
 * One inspection with, for `userId`, their role on the round's roster and whether they are recused,
 * and the round's catalogue heading with its content hash — one statement instead of five on the
 * score-save path. Locks like `findInspection` (only the inspection row).
 */
export async function findInspectionForUser(
  db: Db,
  id: number,
  userId: number,
  options: { forUpdate?: boolean; forShare?: boolean } = {},
): Promise<InspectionForUser | undefined> {
  const text = options.forUpdate ? INSPECTION_FOR_USER_SQL.forUpdate : options.forShare ? INSPECTION_FOR_USER_SQL.forShare : INSPECTION_FOR_USER_SQL.plain
  const row = (await db.executeQuery<InspectionForUserRow>(CompiledQuery.raw(text, [userId, id]))).rows[0]
  if (!row) return undefined
  const {
    catalogueCode,
    catalogueVersion,
    catalogueTitle,
    catalogueEffectiveRocYear,
    catalogueLockedAt,
    catalogueCreatedAt,
    catalogueContentMd5,
    myRole,
    recused,
    ...inspection
  } = row
  return {
    inspection: toInspection(inspection),
    catalogue: {
      id: inspection.catalogueId,
      code: catalogueCode,
      version: catalogueVersion,
      title: catalogueTitle,
      effectiveRocYear: catalogueEffectiveRocYear,
      lockedAt: catalogueLockedAt,
      createdAt: catalogueCreatedAt,
      contentMd5: catalogueContentMd5,
    },
    myRole,
    recused: Boolean(recused),
  }
}

/** The inspection of a branch in a round, if any. */
export async function findInspectionOf(db: Db, roundId: number, branchId: number): Promise<InspectionRecord | undefined> {
  const row = await inspectionQuery(db).where('inspection.roundId', '=', roundId).where('inspection.branchId', '=', branchId).executeTakeFirst()
  return row ? toInspection(row) : undefined
}

/** Inserts a draft inspection; the unique (round_id, branch_id) key refuses a second one. */
export async function insertInspection(db: Db, values: { roundId: number; branchId: number; inspectedOn: IsoDate }): Promise<number> {
  const row = await db.insertInto('inspection').values(values).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** Fields a status change may set besides the status. */
export interface InspectionChange {
  status: InspectionStatus
  totalPoints?: number
  passThreshold?: number
  passed?: boolean
  dimensionTotals?: DimensionSubtotal[]
  signedAt?: Date
  signedBy?: number
  closedAt?: Date
  closedBy?: number
}

/**
 * Changes an inspection's status when its version is still `expectedVersion`, bumping the version.
 * @returns true on success, false when the version moved on (nothing changed).
 */
export async function changeInspection(db: Db, id: number, expectedVersion: number, change: InspectionChange, at: Date): Promise<boolean> {
  const { dimensionTotals, ...rest } = change
  return bumpVersion(db, 'inspection', id, expectedVersion, { ...rest, ...(dimensionTotals ? { dimensionTotals: JSON.stringify(dimensionTotals) } : {}) }, at)
}

const scoreColumns = ['criterionCode', 'tierId', 'points', 'finding', 'notApplicable', 'version', 'updatedAt'] as const

function toStored<T extends { points: string | null }>(row: T): Omit<T, 'points'> & { points: number | null } {
  return { ...row, points: num(row.points) }
}

/** Every member score of an inspection (optionally one member's), in member then criterion order. */
export async function listMemberScores(db: Db, inspectionId: number, memberId?: number): Promise<MemberScoreRecord[]> {
  let query = db
    .selectFrom('memberScore')
    .select(['inspectionId', 'memberId', ...scoreColumns])
    .where('inspectionId', '=', inspectionId)
    .orderBy('memberId')
    .orderBy('criterionCode')
  if (memberId !== undefined) query = query.where('memberId', '=', memberId)
  return (await query.execute()).map(toStored)
}

/** The value columns of a score row, as the batch write passes them. */
const SCORE_VALUE_COLUMNS: Record<string, BatchColumnType> = { tierId: 'text', points: 'numeric', finding: 'text', notApplicable: 'boolean' }

const scoreValues = (v: ScoreValue) => ({ tierId: v.tierId, points: v.points, finding: v.finding, notApplicable: v.notApplicable })

/**
 * Saves a member's scores on an inspection through the versioned-write path, in one statement
 * (see `versionedUpsertMany`): each value with the version it was edited from (0 = "I saw no score
 * yet"); any stale one refuses them all with CONFLICT and the current rows (`conflictAs: 'row'`:
 * a one-criterion save reports the one row). One audit entry per saved criterion. Call in the transaction that holds the inspection's shared lock.
 */
export async function saveMemberScores(
  trx: Db,
  ctx: AuditContext,
  sheet: { inspectionId: number; memberId: number; branchId: number },
  values: readonly (ScoreValue & { expectedVersion: number })[],
  at: Date,
  conflictAs: 'list' | 'row' = 'list',
): Promise<MemberScoreRecord[]> {
  return versionedUpsertMany(trx, ctx, {
    conflictAs,
    table: 'member_score',
    entity: 'member_score',
    fixed: { inspection_id: sheet.inspectionId, member_id: sheet.memberId },
    keyColumn: 'criterion_code',
    columns: SCORE_VALUE_COLUMNS,
    rows: values.map((v) => ({ key: v.criterionCode, expectedVersion: v.expectedVersion, values: scoreValues(v) })),
    at,
    toRow: (raw) => toStored(raw as unknown as MemberScoreRecord & { points: string | null }),
    findCurrent: async (db, codes) =>
      (await db.selectFrom('memberScore').select(['inspectionId', 'memberId', ...scoreColumns]).where('inspectionId', '=', sheet.inspectionId).where('memberId', '=', sheet.memberId).where('criterionCode', 'in', codes).execute()).map(toStored),
    keyOf: (row) => row.criterionCode,
    // One entry per saved criterion, written by the upsert statement itself (no second statement).
    audit: {
      action: 'inspection.score.save',
      entityIdPrefix: `${sheet.inspectionId}:${sheet.memberId}:`,
      branchId: sheet.branchId,
      after: ['criterionCode', 'tierId', 'points', 'finding', 'notApplicable', 'version'],
    },
  })
}

const consensusColumns = ['inspectionId', ...scoreColumns, 'unit', 'ruleNote', 'decidedBy'] as const

/** The consensus scores of an inspection, by criterion code. */
export async function listConsensusScores(db: Db, inspectionId: number): Promise<ConsensusScoreRecord[]> {
  const rows = await db
    .selectFrom('consensusScore')
    .select(consensusColumns)
    .where('inspectionId', '=', inspectionId)
    .orderBy('criterionCode')
    .execute()
  return rows.map(toStored)
}

/**
 * Saves consensus scores through the versioned-write path in one statement; same contract as
 * {@link saveMemberScores}. One audit entry lists the saved rows.
 */
export async function saveConsensusScores(
  trx: Db,
  ctx: AuditContext,
  sheet: { inspectionId: number; branchId: number },
  values: readonly (ScoreValue & { unit: string | null; ruleNote: string | null; decidedBy: number; expectedVersion: number })[],
  at: Date,
): Promise<ConsensusScoreRecord[]> {
  return versionedUpsertMany(trx, ctx, {
    table: 'consensus_score',
    entity: 'consensus_score',
    fixed: { inspection_id: sheet.inspectionId },
    keyColumn: 'criterion_code',
    columns: { ...SCORE_VALUE_COLUMNS, unit: 'text', ruleNote: 'text', decidedBy: 'integer' },
    rows: values.map((v) => ({ key: v.criterionCode, expectedVersion: v.expectedVersion, values: { ...scoreValues(v), unit: v.unit, ruleNote: v.ruleNote, decidedBy: v.decidedBy } })),
    at,
    toRow: (raw) => toStored(raw as unknown as ConsensusScoreRecord & { points: string | null }),
    findCurrent: async (db, codes) =>
      (await db.selectFrom('consensusScore').select(consensusColumns).where('inspectionId', '=', sheet.inspectionId).where('criterionCode', 'in', codes).execute()).map(toStored),
    keyOf: (row) => row.criterionCode,
    audit: (rows) => [
      {
        action: 'inspection.consensus.save',
        entity: 'consensus_score',
        entityId: sheet.inspectionId,
        branchId: sheet.branchId,
        after: rows.map((r) => ({ criterionCode: r.criterionCode, tierId: r.tierId, points: r.points, notApplicable: r.notApplicable, version: r.version })),
      },
    ],
  })
}

/** A stored score as a domain {@link ScoreEntry}. */
export function toScoreEntry(score: StoredScore & { unit?: string | null }): ScoreEntry {
  if (score.notApplicable) return { criterionCode: score.criterionCode, notApplicable: true }
  const entry: ScoreEntry = { criterionCode: score.criterionCode }
  if (score.tierId !== null) entry.tierId = score.tierId
  if (score.points !== null) entry.points = score.points
  if (score.finding !== null && score.finding.trim() !== '') entry.finding = score.finding
  if (score.unit) entry.unit = score.unit
  return entry
}

/**
 * The consensus sheet of an inspection as domain entries, for scoring with `scoreSheet` (e.g. the
 * remediation items of its deductions).
 */
export async function consensusEntries(db: Db, inspectionId: number): Promise<ScoreEntry[]> {
  return (await listConsensusScores(db, inspectionId)).map(toScoreEntry)
}

/** Member ids recused (conflict of interest) from the inspection's branch in its round. */
export async function recusedMemberIds(db: Db, roundId: number, branchId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('conflictOfInterest')
    .select('userId')
    .where('roundId', '=', roundId)
    .where('branchId', '=', branchId)
    .execute()
  return rows.map((r) => r.userId)
}
