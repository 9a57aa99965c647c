import { TERMINAL_STATUSES, type IsoDate, type RemediationStatus } from '@leap/domain'
import { sql, type Kysely, type Selectable } from 'kysely'
import { inspectionScopeCondition, type InspectionScope } from '../access/scope-filter.js'
import type { Database } from '../db/database.js'
import { bumpVersion } from '../db/guarded-update.js'
import type { EvidenceFileTable } from './remediation.table.js'
import { itemTextMatch, urgencyRankSql } from './item-urgency-order.js'

type Db = Kysely<Database>

/** A remediation item as procedures see it (dates as ISO strings). */
export interface RemediationItem {
  id: number
  inspectionId: number
  branchId: number
  branchCode: string
  branchName: string
  roundId: number
  rocYear: number
  half: 1 | 2
  originRoundId: number | null
  criterionCode: string
  unitId: number
  unitName: string
  title: string
  finding: string
  dueDate: IsoDate
  status: RemediationStatus
  version: number
  createdAt: Date
  updatedAt: Date
  closedAt: Date | null
}

/** One entry of an item's timeline. */
export interface RemediationTimelineEntry {
  id: number
  action: string
  fromStatus: RemediationStatus | null
  toStatus: RemediationStatus
  actorId: number | null
  actorName: string | null
  note: string | null
  at: Date
  evidenceIds: number[]
}

/**
 * Evidence metadata (never the bytes). `remediationItemId` is null for the evidence of a
 * score-sheet criterion (see {@link insertScoreEvidence}).
 */
export type EvidenceMeta = Pick<Selectable<EvidenceFileTable>, 'id' | 'remediationItemId' | 'eventId' | 'filename' | 'mime' | 'size' | 'sha256' | 'storage' | 'uploadedBy' | 'uploadedAt'>

/** Which items a user may see: all, or those of some branches plus those of some rounds. */
/** Items are seen as their inspections are (scope-filter.ts); an item exists only after its inspection was signed. */
export type ItemScope = InspectionScope

/** The item table's columns for the scope filter. */
const ITEM_SCOPE_COLUMNS = { roundId: 'ri.roundId', branchId: 'ri.branchId' } as const

export interface ItemFilter {
  branchId?: number | undefined
  unitId?: number | undefined
  roundId?: number | undefined
  status?: RemediationStatus[] | undefined
  /** Only items overdue on this day: due before it and not closed or cancelled (as `isOverdue`). */
  overdueOn?: IsoDate | undefined
  /** Only items whose title, finding, unit or branch contains this text. */
  search?: string | undefined
  /** Most urgent first on this day (see item-urgency-order.ts) instead of by due date. */
  urgency?: { today: IsoDate; dueSoonBy: IsoDate } | undefined
}

function itemQuery(db: Db) {
  return db
    .selectFrom('remediationItem as ri')
    .innerJoin('branch as b', 'b.id', 'ri.branchId')
    .innerJoin('round as r', 'r.id', 'ri.roundId')
    .innerJoin('unit as u', 'u.id', 'ri.unitId')
    .select([
      'ri.id',
      'ri.inspectionId',
      'ri.branchId',
      'b.code as branchCode',
      'b.name as branchName',
      'ri.roundId',
      'r.rocYear',
      'r.half',
      'ri.originRoundId',
      'ri.criterionCode',
      'ri.unitId',
      'u.name as unitName',
      'ri.title',
      'ri.finding',
      sql<string>`to_char(ri.due_date, 'YYYY-MM-DD')`.as('dueDate'),
      'ri.status',
      'ri.version',
      'ri.createdAt',
      'ri.updatedAt',
      'ri.closedAt',
    ])
}

type ItemQueryRow = Awaited<ReturnType<ReturnType<typeof itemQuery>['executeTakeFirstOrThrow']>>

function toItem(row: ItemQueryRow): RemediationItem {
  return { ...row, half: row.half === 2 ? 2 : 1, status: row.status as RemediationStatus }
}

/** One item by id, or undefined. */
export async function findItem(db: Db, id: number): Promise<RemediationItem | undefined> {
  const row = await itemQuery(db).where('ri.id', '=', id).executeTakeFirst()
  return row && toItem(row)
}

/** Items by id, in id order; missing ids are absent. */
export async function findItems(db: Db, ids: readonly number[]): Promise<RemediationItem[]> {
  if (ids.length === 0) return []
  const rows = await itemQuery(db).where('ri.id', 'in', [...ids]).orderBy('ri.id').execute()
  return rows.map(toItem)
}

/**
 * A page of items in the scope and filter, ordered by due date then id, with the total count.
 * `limit` and `offset` are row counts.
 */
export async function listItems(
  db: Db,
  scope: ItemScope,
  filter: ItemFilter,
  page: { limit: number; offset: number },
): Promise<{ items: RemediationItem[]; total: number }> {
  let query = itemQuery(db)
  if (!scope.all) {
    if (scope.branchIds.length === 0 && scope.roundIds.length === 0) return { items: [], total: 0 }
    query = query.where(inspectionScopeCondition(scope, ITEM_SCOPE_COLUMNS))
  }
  if (filter.branchId !== undefined) query = query.where('ri.branchId', '=', filter.branchId)
  if (filter.unitId !== undefined) query = query.where('ri.unitId', '=', filter.unitId)
  if (filter.roundId !== undefined) query = query.where('ri.roundId', '=', filter.roundId)
  if (filter.status?.length) query = query.where('ri.status', 'in', filter.status)
  if (filter.overdueOn !== undefined) {
    query = query.where('ri.dueDate', '<', filter.overdueOn).where('ri.status', 'not in', [...TERMINAL_STATUSES])
  }
  if (filter.search?.trim()) query = query.where(itemTextMatch(filter.search))
  const [rows, count] = await Promise.all([
    (filter.urgency ? query.orderBy(urgencyRankSql(filter.urgency.today, filter.urgency.dueSoonBy)) : query).orderBy('ri.dueDate').orderBy('ri.id').limit(page.limit).offset(page.offset).execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(toItem), total: Number(count.n) }
}

/** The item's timeline, oldest first, each entry with the evidence attached to it. */
export async function listTimeline(db: Db, itemId: number): Promise<RemediationTimelineEntry[]> {
  const rows = await db
    .selectFrom('remediationEvent as e')
    .leftJoin('appUser as a', 'a.id', 'e.actorId')
    .select(['e.id', 'e.action', 'e.fromStatus', 'e.toStatus', 'e.actorId', 'a.displayName as actorName', 'e.note', 'e.at'])
    .where('e.remediationItemId', '=', itemId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute()
  const files = await db
    .selectFrom('evidenceFile')
    .select(['id', 'eventId'])
    .where('remediationItemId', '=', itemId)
    .where('eventId', 'is not', null)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    ...r,
    fromStatus: r.fromStatus as RemediationStatus | null,
    toStatus: r.toStatus as RemediationStatus,
    evidenceIds: files.filter((f) => f.eventId === r.id).map((f) => f.id),
  }))
}

const evidenceColumns = ['id', 'remediationItemId', 'eventId', 'filename', 'mime', 'size', 'sha256', 'storage', 'uploadedBy', 'uploadedAt'] as const

/** Evidence of an item (metadata only), oldest first. */
export async function listEvidence(db: Db, itemId: number): Promise<EvidenceMeta[]> {
  return db.selectFrom('evidenceFile').select(evidenceColumns).where('remediationItemId', '=', itemId).orderBy('id').execute()
}

/** One evidence row including where its bytes are. */
export async function findEvidence(db: Db, id: number) {
  return db
    .selectFrom('evidenceFile')
    .select([...evidenceColumns, 'inspectionId', 'criterionCode', 'content', 'path'])
    .where('id', '=', id)
    .executeTakeFirst()
}

/** The stored file of an evidence row: its metadata, and its bytes (in the database) or path (on disk). */
export type EvidenceFileFields = Pick<EvidenceFileTable, 'filename' | 'mime' | 'size' | 'sha256' | 'storage' | 'content' | 'path' | 'uploadedBy'>

/** Inserts evidence metadata (and bytes when stored in the database). */
export async function insertEvidence(db: Db, row: EvidenceFileFields & { remediationItemId: number }): Promise<EvidenceMeta> {
  return db.insertInto('evidenceFile').values(row).returning(evidenceColumns).executeTakeFirstOrThrow()
}

/** Evidence of one criterion of an inspection's score sheet, as the sheet lists it. */
export interface ScoreEvidenceMeta {
  id: number
  criterionCode: string
  filename: string
  mime: string
  size: number
  uploadedBy: number | null
  uploadedAt: Date
}

/** Inserts the evidence of a score-sheet criterion (metadata, and bytes when stored in the database). */
export async function insertScoreEvidence(db: Db, row: EvidenceFileFields & { inspectionId: number; criterionCode: string }): Promise<ScoreEvidenceMeta> {
  const inserted = await db.insertInto('evidenceFile').values(row).returning(['id', 'criterionCode', 'filename', 'mime', 'size', 'uploadedBy', 'uploadedAt']).executeTakeFirstOrThrow()
  return { ...inserted, criterionCode: row.criterionCode }
}

/** The evidence of every criterion of an inspection's score sheet (metadata only), oldest first. */
export async function listScoreEvidence(db: Db, inspectionId: number): Promise<ScoreEvidenceMeta[]> {
  const rows = await db
    .selectFrom('evidenceFile')
    .select(['id', 'criterionCode', 'filename', 'mime', 'size', 'uploadedBy', 'uploadedAt'])
    .where('inspectionId', '=', inspectionId)
    .where('criterionCode', 'is not', null)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ ...r, criterionCode: r.criterionCode ?? '' }))
}

/**
 * Attaches uploaded, not yet attached evidence of the item to an event. Returns the ids attached;
 * the caller compares with what it asked for (an id of another item or already used is skipped).
 */
export async function attachEvidence(db: Db, itemId: number, eventId: number, evidenceIds: readonly number[]): Promise<number[]> {
  if (evidenceIds.length === 0) return []
  const rows = await db
    .updateTable('evidenceFile')
    .set({ eventId })
    .where('id', 'in', [...evidenceIds])
    .where('remediationItemId', '=', itemId)
    .where('eventId', 'is', null)
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}

/** New items; rows whose (inspection, criterion) already exists are skipped. Returns the ids inserted. */
export async function insertItems(
  db: Db,
  rows: {
    inspectionId: number
    branchId: number
    roundId: number
    criterionCode: string
    unitId: number
    title: string
    finding: string
    dueDate: IsoDate
    status: RemediationStatus
    createdBy: number | null
  }[],
): Promise<{ id: number; criterionCode: string }[]> {
  if (rows.length === 0) return []
  return db
    .insertInto('remediationItem')
    .values(rows)
    .onConflict((oc) => oc.columns(['inspectionId', 'criterionCode']).doNothing())
    .returning(['id', 'criterionCode'])
    .execute()
}

/**
 * Sets the item's status if its version is still `expectedVersion`, bumping the version.
 * Returns false when someone else changed it first (the caller reports CONFLICT).
 */
export async function updateItemStatus(
  db: Db,
  id: number,
  expectedVersion: number,
  change: { status: RemediationStatus; closedAt: Date | null; now: Date },
): Promise<boolean> {
  return bumpVersion(db, 'remediationItem', id, expectedVersion, { status: change.status, closedAt: change.closedAt }, change.now)
}

/** Moves items to another round (carry-over), remembering the round they came from first. */
export async function moveItemsToRound(db: Db, ids: readonly number[], fromRoundId: number, toRoundId: number, now: Date): Promise<void> {
  if (ids.length === 0) return
  await db
    .updateTable('remediationItem')
    .set((eb) => ({
      roundId: toRoundId,
      originRoundId: eb.fn.coalesce('originRoundId', eb.val(fromRoundId)),
      updatedAt: now,
      version: eb('version', '+', 1),
    }))
    .where('id', 'in', [...ids])
    .execute()
}

/** Appends timeline entries; returns their ids in input order. */
export async function insertEvents(
  db: Db,
  events: {
    remediationItemId: number
    action: string
    fromStatus: RemediationStatus | null
    toStatus: RemediationStatus
    actorId: number | null
    note: string | null
    at: Date
  }[],
): Promise<number[]> {
  if (events.length === 0) return []
  const rows = await db.insertInto('remediationEvent').values(events).returning('id').execute()
  return rows.map((r) => r.id)
}

/** Open (not closed or cancelled) and overdue item counts per branch, optionally for one round. */
export async function countOpenByBranch(
  db: Db,
  scope: ItemScope,
  today: IsoDate,
  roundId?: number,
): Promise<{ branchId: number; roundId: number; open: number; overdue: number }[]> {
  let query = db
    .selectFrom('remediationItem')
    .select((eb) => [
      'branchId',
      'roundId',
      eb.fn.countAll<string>().as('open'),
      sql<string>`count(*) filter (where due_date < ${today})`.as('overdue'),
    ])
    .where('status', 'not in', [...TERMINAL_STATUSES])
    .groupBy(['branchId', 'roundId'])
    .orderBy('branchId')
    .orderBy('roundId')
  if (roundId !== undefined) query = query.where('roundId', '=', roundId)
  if (!scope.all) {
    if (scope.branchIds.length === 0 && scope.roundIds.length === 0) return []
    query = query.where(inspectionScopeCondition(scope, { roundId: 'remediationItem.roundId', branchId: 'remediationItem.branchId' }))
  }
  const rows = await query.execute()
  return rows.map((r) => ({ branchId: r.branchId, roundId: r.roundId, open: Number(r.open), overdue: Number(r.overdue) }))
}

/**
 * The statuses of a branch's items found in a round (wherever they are tracked now: an item
 * carried over keeps its origin round), cancelled ones left out.
 */
export async function itemStatusesFoundIn(db: Db, branchId: number, roundId: number): Promise<{ status: string }[]> {
  return db
    .selectFrom('remediationItem')
    .select('status')
    .where('branchId', '=', branchId)
    .where((eb) => eb.or([eb('originRoundId', '=', roundId), eb.and([eb('originRoundId', 'is', null), eb('roundId', '=', roundId)])]))
    .where('status', '!=', 'cancelled')
    .execute()
}
