import { CompiledQuery, type Kysely } from 'kysely'
import { recordAudit, recordAudits, type AuditContext, type AuditEntryInput } from '../audit/audit.repository.js'
import { notFound, versionConflict } from '../trpc/refusal.js'
import type { Database } from './database.js'

/**
 * The one versioned-write path. Every row a client edits carries a `version`; a write names the
 * version it was edited from (`expectedVersion`) and is refused with ONE CONFLICT shape
 * (`VERSION_CONFLICT`, `params.current` = the row as it is now) when someone changed it since —
 * never a silent overwrite. The write, the version bump and the audit entry share a transaction.
 *
 * Queries stay in repositories: a caller passes the repository's `find` and its guarded statement
 * (`where version = expectedVersion`, `version + 1`, returning the new row); this file owns the
 * cycle around them. Sheets (many rows at once) use {@link versionedUpsertMany}: one statement for
 * all rows' version checks and upserts, one audit insert.
 */

type Db = Kysely<Database>

/** Runs `work` in the caller's transaction, or opens one. */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work)
}

/** The audit entry of a versioned write: action and entity, and where the row belongs. */
export interface VersionedAudit<Row> {
  /** Dotted verb, e.g. `indicator.correctPhoneTest`. */
  action: string
  /** Table concerned, e.g. `phone_test`. */
  entity: string
  entityId?: string | number | ((row: Row) => string | number)
  branchId?: number | null | ((row: Row) => number | null)
  /** Snapshot stored as `before`/`after` (default: the row itself). */
  snapshot?: (row: Row) => unknown
}

/** One versioned change of a row that exists: update or delete. */
export interface VersionedChange<Row extends { version: number }> {
  expectedVersion: number
  /** Reads the row as it is now; missing → NOT_FOUND. */
  find: (trx: Db) => Promise<Row | null | undefined>
  /**
   * Who may change it, checked on the row as read and before the version (so a row the caller
   * may not see is NOT_FOUND, never a CONFLICT that shows it). Throw to refuse.
   */
  access?: (before: Row, trx: Db) => void | Promise<void>
  /** Rules on the row as it is (after the version check), e.g. "parts add up". Throw to refuse. */
  rules?: (before: Row, trx: Db) => void | Promise<void>
  audit: VersionedAudit<Row>
}

function auditEntry<Row>(audit: VersionedAudit<Row>, row: Row, before: Row | null, after: Row | null): AuditEntryInput {
  const snap = audit.snapshot ?? ((r: Row) => r)
  const pick = <V>(v: V | ((r: Row) => V) | undefined): V | undefined => (typeof v === 'function' ? (v as (r: Row) => V)(row) : v)
  return {
    action: audit.action,
    entity: audit.entity,
    entityId: pick(audit.entityId) ?? (row as { id?: number }).id ?? null,
    branchId: pick(audit.branchId) ?? (row as { branchId?: number | null }).branchId ?? null,
    before: before === null ? null : snap(before),
    after: after === null ? null : snap(after),
  }
}

/** The checks before a versioned change: find (NOT_FOUND), access, the version (CONFLICT), rules. Returns the row as read. */
async function checkedRow<Row extends { version: number }>(trx: Db, change: VersionedChange<Row>): Promise<Row> {
  const before = await change.find(trx)
  if (!before) throw notFound()
  await change.access?.(before, trx)
  if (before.version !== change.expectedVersion) throw versionConflict(change.audit.entity, before)
  await change.rules?.(before, trx)
  return before
}

/** Reads the row again after a guarded statement changed nothing: CONFLICT with it, or NOT_FOUND. */
async function refuseStale<Row>(trx: Db, entity: string, find: (trx: Db) => Promise<Row | null | undefined>): Promise<never> {
  const current = await find(trx)
  throw current ? versionConflict(entity, current) : notFound()
}

/**
 * Updates one row through the versioned-write path: find (NOT_FOUND when missing) → `access` →
 * compare `expectedVersion` (CONFLICT with the current row) → `rules` → `write` (the repository's
 * guarded statement; when it changes nothing because the version moved in between, CONFLICT with
 * the row re-read) → audit with before and after. Returns the new row.
 *
 * @example
 * versionedUpdate(ctx.db, ctx, {
 *   expectedVersion: input.expectedVersion,
 *   find: (trx) => findPhoneTest(trx, input.id),
 *   access: (row, trx) => assertMayEnter(trx, ctx.user, row.branchId),
 *   write: (trx) => updatePhoneTest(trx, input.id, input.expectedVersion, change, ctx.now()),
 *   audit: { action: 'indicator.correctPhoneTest', entity: 'phone_test' },
 * })
 */
export function versionedUpdate<Row extends { version: number }>(
  db: Db,
  ctx: AuditContext,
  change: VersionedChange<Row> & { write: (trx: Db, before: Row) => Promise<Row | null | undefined> },
): Promise<Row> {
  return inTransaction(db, async (trx) => {
    const before = await checkedRow(trx, change)
    const after = await change.write(trx, before)
    if (!after) return refuseStale(trx, change.audit.entity, change.find)
    await recordAudit(trx, ctx, auditEntry(change.audit, after, before, after))
    return after
  })
}

/**
 * Deletes one row through the versioned-write path (same order of checks as
 * {@link versionedUpdate}); `remove` is the repository's guarded delete, true when it deleted.
 * The audit entry keeps the deleted row. Returns the row as it was.
 */
export function versionedDelete<Row extends { version: number }>(
  db: Db,
  ctx: AuditContext,
  change: VersionedChange<Row> & { remove: (trx: Db, before: Row) => Promise<boolean> },
): Promise<Row> {
  return inTransaction(db, async (trx) => {
    const before = await checkedRow(trx, change)
    if (!(await change.remove(trx, before))) return refuseStale(trx, change.audit.entity, change.find)
    await recordAudit(trx, ctx, auditEntry(change.audit, before, before, null))
    return before
  })
}

/** PostgreSQL array element types the batch form passes columns as. */
export type BatchColumnType = 'text' | 'integer' | 'numeric' | 'boolean'

/** One row of a sheet: its key within the sheet, the version it was edited from (0: new), its values. */
export interface BatchRow {
  key: string
  expectedVersion: number
  values: Record<string, unknown>
}

/** A sheet's rows to upsert in one statement. Names are the table's SQL (snake_case) names. */
export interface VersionedBatch<Row extends { version: number }> {
  /** Table, e.g. `member_score`. */
  table: string
  /** Columns equal for the whole sheet, e.g. `{ inspection_id: 5, member_id: 7 }`. */
  fixed: Record<string, string | number>
  /** The text column that tells the sheet's rows apart, e.g. `criterion_code`. */
  keyColumn: string
  /** The value columns with their SQL types, e.g. `{ tier_id: 'text', points: 'numeric' }` (keys of `BatchRow.values`, camelCase). */
  columns: Record<string, BatchColumnType>
  rows: readonly BatchRow[]
  at: Date
  /** Maps a returned row (camelCase keys, numerics as strings) to the stored record. */
  toRow: (raw: Record<string, unknown>) => Row
  /** The current rows of these keys, for the CONFLICT (rows missing from the answer are reported as null). */
  findCurrent: (trx: Db, keys: string[]) => Promise<(Row & { key?: never })[]>
  /** The key of a stored record (to match current rows to the stale keys). */
  keyOf: (row: Row) => string
  /**
   * The audit entries of the written rows: a function (one multi-row insert after the upsert), or
   * {@link AuditEachRow} — one entry per written row, inserted by the upsert statement itself.
   */
  audit: ((rows: Row[]) => AuditEntryInput[]) | AuditEachRow
  /** Table name for the log, e.g. `member_score`. */
  entity: string
  /** `row`: a one-row write reports its conflict as that row (a form), not as a list (a sheet). */
  conflictAs?: 'list' | 'row'
}

/**
 * One audit entry per written row, made by the upsert statement itself (a data-modifying CTE over
 * the rows it returns), so a sheet costs one statement instead of two. The entry is what
 * `recordAudits` would write for `{ action, entity, entityId: entityIdPrefix + key, branchId,
 * after: { [name]: the row's value } }` (numeric columns as JSON numbers, like the stored record).
 */
export interface AuditEachRow {
  action: string
  /** Put before the row's key to make the entity id, e.g. `12:7:` → `12:7:<criterion code>`. */
  entityIdPrefix: string
  branchId: number | null
  /** The snapshot's properties, in order: camelCase names of the table's columns (`version` included). */
  after: readonly string[]
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * The text of a batch's statement, made once per shape (table, columns, audit) and kept: the same
 * sheet statement runs on every save, and building it with kysely's builder on each request was
 * part of the per-request floor (issue 18). Parameters, in order: the fixed values, the keys, the
 * expected versions, each value column's array, the time; with `AuditEachRow` then the audit's
 * time, actor, action, entity, entity id prefix, branch and address.
 */
const statements = new Map<string, string>()

function upsertStatement<Row extends { version: number }>(batch: VersionedBatch<Row>): string {
  const fixedNames = Object.keys(batch.fixed)
  const valueNames = Object.keys(batch.columns)
  const each = typeof batch.audit === 'function' ? null : batch.audit
  const shape = JSON.stringify([batch.table, batch.keyColumn, fixedNames, batch.columns, each?.after ?? null])
  const cached = statements.get(shape)
  if (cached !== undefined) return cached
  let n = 0
  const fixed = fixedNames.map((name) => ({ column: quoted(name), param: `$${++n}` }))
  const arrays = [`$${++n}::text[]`, `$${++n}::integer[]`, ...valueNames.map((name) => `$${++n}::${batch.columns[name]}[]`)]
  const at = `$${++n}::timestamptz`
  const table = quoted(batch.table)
  const key = quoted(batch.keyColumn)
  const valueColumns = valueNames.map((name) => quoted(snake(name)))
  const inputColumns = ['key', 'expected_version', ...valueColumns, 'ord']
  const upsert = `insert into ${table} (${[...fixed.map((f) => f.column), key, ...valueColumns, 'version', 'updated_at'].join(', ')})
    select ${[...fixed.map((f) => f.param), 'i.key', ...valueColumns.map((c) => `i.${c}`), '1', at].join(', ')}
    from input i
    where i.expected_version = 0
       or exists (select 1 from ${table} s where ${fixed.map((f) => `s.${f.column} = ${f.param}`).join(' and ')} and s.${key} = i.key)
    on conflict (${[...fixed.map((f) => f.column), key].join(', ')}) do update
      set ${[...valueColumns.map((c) => `${c} = excluded.${c}`), `version = ${table}.version + 1`, 'updated_at = excluded.updated_at'].join(', ')}
      where ${table}.version = (select i.expected_version from input i where i.key = excluded.${key})
    returning *`
  const input = `input as (
      select * from unnest(${arrays.join(', ')}) with ordinality as t(${inputColumns.join(', ')})
    )`
  let text: string
  if (each) {
    const [auditAt, actor, action, entity, prefix, branch, ip] = Array.from({ length: 7 }, () => `$${++n}`)
    const numeric = new Set(valueNames.filter((name) => batch.columns[name] === 'numeric'))
    const after = each.after.map((name) => `'${name.replace(/'/g, "''")}', s.${quoted(snake(name))}${numeric.has(name) ? '::float8' : ''}`).join(', ')
    text = `with ${input}, saved as (
    ${upsert}
    ), audit as (
      insert into audit_log (at, actor_id, action, entity, entity_id, branch_id, after, ip)
      select ${auditAt}::timestamptz, ${actor}::integer, ${action}::text, ${entity}::text, ${prefix}::text || s.${key}, ${branch}::integer, jsonb_build_object(${after}), ${ip}::text
      from saved s join input i on i.key = s.${key}
      order by i.ord
    )
    select * from saved`
  } else {
    text = `with ${input}
    ${upsert}`
  }
  statements.set(shape, text)
  return text
}

/**
 * Upserts a sheet's rows through the versioned-write path in ONE statement: the rows travel as
 * arrays (`unnest`), each row is inserted when its `expectedVersion` is 0 and updated when the
 * stored version equals it (bumping it), in one `insert … on conflict do update … where version =
 * expected`. A row whose version moved (or that is named with a version but does not exist) is
 * not written: then the whole sheet is refused (the transaction rolls back) with one CONFLICT
 * whose `params.current` lists the current row of each stale entry, in input order (null for a
 * row that does not exist). Otherwise one multi-row audit insert follows. Returns the written
 * rows in input order. Keys must be distinct (the caller refuses duplicates first).
 *
 * Call inside the transaction that holds the sheet's lock (the inspection row FOR SHARE or FOR
 * UPDATE), after the access and domain checks.
 */
export async function versionedUpsertMany<Row extends { version: number }>(trx: Db, ctx: AuditContext, batch: VersionedBatch<Row>): Promise<Row[]> {
  if (batch.rows.length === 0) return []
  const valueNames = Object.keys(batch.columns)
  const parameters: unknown[] = [
    ...Object.values(batch.fixed),
    batch.rows.map((r) => r.key),
    batch.rows.map((r) => r.expectedVersion),
    ...valueNames.map((name) => batch.rows.map((r) => r.values[name] ?? null)),
    batch.at,
  ]
  const each = typeof batch.audit === 'function' ? null : batch.audit
  if (each) parameters.push(ctx.now(), ctx.user?.id ?? null, each.action, batch.entity, each.entityIdPrefix, each.branchId, ctx.meta.ip)
  const result = await trx.executeQuery<Record<string, unknown>>(CompiledQuery.raw(upsertStatement(batch), parameters))
  const written = result.rows.map(batch.toRow)
  if (written.length < batch.rows.length) {
    const done = new Set(written.map(batch.keyOf))
    const staleKeys = batch.rows.map((r) => r.key).filter((k) => !done.has(k))
    const current = new Map((await batch.findCurrent(trx, staleKeys)).map((r) => [batch.keyOf(r), r]))
    const rows = staleKeys.map((k) => current.get(k) ?? null)
    throw versionConflict(batch.entity, batch.conflictAs === 'row' && batch.rows.length === 1 ? rows[0] : rows)
  }
  const order = new Map(batch.rows.map((r, i) => [r.key, i]))
  written.sort((a, b) => order.get(batch.keyOf(a))! - order.get(batch.keyOf(b))!)
  if (typeof batch.audit === 'function') await recordAudits(trx, ctx, batch.audit(written))
  return written
}
