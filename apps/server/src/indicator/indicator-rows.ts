import type { Kysely } from 'kysely'
import { z } from 'zod'
import { recordAudit } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import { rowId } from '../db/row-id.js'
import { versionedDelete, versionedUpdate } from '../db/versioned-write.js'
import type { Context, SessionUser } from '../trpc/context.js'
import { authedProcedure } from '../trpc/init.js'
import { assertMayEnterIndicators, assertMayReadIndicators, indicatorPeriodInput } from './indicator-access.js'
import { deleteIndicatorRow, type Period, type VersionedIndicatorTable } from './indicator.repository.js'

/**
 * The three write cycles every kind of indicator row (survey tallies, phone tests, petitions)
 * shares, so the router's procedures only name their table, their rule and their audit entry:
 * entering a batch, correcting one row, deleting one row. Rights are those of
 * `assertMayEnterIndicators` (agency admin, or the branch's own manager/staff; another branch's
 * row is NOT_FOUND).
 */

type Signed = Context & { user: SessionUser }
type Db = Kysely<Database>

/** One kind of indicator row: how it is found, and how the audit names it. */
export interface IndicatorRows<Row> {
  find: (db: Db, id: number) => Promise<Row | undefined>
  entity: string
}

/**
 * Enters a batch of rows of one branch: rights → `rules` (the domain's checks, naming the row) →
 * `insert` and one audit entry `action` (with `after`, by default the ids and their count), in
 * one transaction. Returns the ids.
 */
export async function enterRows(
  ctx: Signed,
  branchId: number,
  spec: { action: string; entity: string; rules?: () => void; insert: (trx: Db) => Promise<number[]>; after?: (ids: number[]) => unknown },
): Promise<{ ids: number[] }> {
  await assertMayEnterIndicators(ctx.db, ctx.user, branchId)
  spec.rules?.()
  const ids = await ctx.db.transaction().execute(async (trx) => {
    const ids = await spec.insert(trx)
    await recordAudit(trx, ctx, { action: spec.action, entity: spec.entity, branchId, after: spec.after ? spec.after(ids) : { ids, count: ids.length } })
    return ids
  })
  return { ids }
}

/**
 * Corrects one row through the versioned-write path: the fields given replace the stored ones;
 * CONFLICT with the current row when `expectedVersion` is stale; `rules` sees the row before and
 * the change. Returns the row as stored, with its new version; one audit entry with before and after.
 */
export function correctRow<Row extends { id: number; branchId: number; version: number }, Change>(
  ctx: Signed,
  input: { id: number; expectedVersion: number } & Change,
  rows: IndicatorRows<Row> & {
    action: string
    rules: (before: Row, change: Change) => void
    write: (db: Db, id: number, expectedVersion: number, change: Change, at: Date) => Promise<Row | undefined>
  },
): Promise<Row> {
  const { id, expectedVersion, ...rest } = input
  const change = rest as unknown as Change
  return versionedUpdate(ctx.db, ctx, {
    expectedVersion,
    find: (trx) => rows.find(trx, id),
    access: (before, trx) => assertMayEnterIndicators(trx, ctx.user, before.branchId),
    rules: (before) => rows.rules(before, change),
    write: (trx) => rows.write(trx, id, expectedVersion, change, ctx.now()),
    audit: { action: rows.action, entity: rows.entity },
  })
}

/**
 * Deletes one row through the versioned-write path: CONFLICT with the current row when
 * `expectedVersion` is stale, NOT_FOUND when gone, one audit entry keeping the deleted row.
 */
export async function deleteRow<Row extends { id: number; branchId: number; version: number }>(
  ctx: Signed,
  input: { id: number; expectedVersion: number },
  rows: IndicatorRows<Row> & { table: VersionedIndicatorTable; action: string },
): Promise<{ id: number }> {
  await versionedDelete(ctx.db, ctx, {
    expectedVersion: input.expectedVersion,
    find: (trx) => rows.find(trx, input.id),
    access: (row, trx) => assertMayEnterIndicators(trx, ctx.user, row.branchId),
    remove: (trx) => deleteIndicatorRow(trx, rows.table, input.id, input.expectedVersion),
    audit: { action: rows.action, entity: rows.entity },
  })
  return { id: input.id }
}

/**
 * The delete procedure of one kind of row (`{ id, expectedVersion }`): a row entered by mistake
 * goes, through {@link deleteRow}; the audit entry keeps it.
 */
export function deleteProcedure<Row extends { id: number; branchId: number; version: number }>(rows: IndicatorRows<Row> & { table: VersionedIndicatorTable }, action: string) {
  return authedProcedure
    .input(z.object({ id: rowId, expectedVersion: rowId }))
    .mutation(({ ctx, input }) => deleteRow(ctx, input, { ...rows, action }))
}

/** The list procedure of one kind of row: the branch's rows within the period, for whoever may read its indicators. */
export function listProcedure<Row>(list: (db: Db, branchId: number, period: Period) => Promise<Row[]>) {
  return authedProcedure.input(indicatorPeriodInput).query(async ({ ctx, input }) => {
    await assertMayReadIndicators(ctx.db, ctx.user, input.branchId)
    return list(ctx.db, input.branchId, input)
  })
}
