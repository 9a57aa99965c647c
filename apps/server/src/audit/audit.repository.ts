import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely'
import type { Database } from '../db/database.js'
import type { Context } from '../trpc/context.js'

export interface AuditEntryInput {
  /** Dotted verb, e.g. `auth.login`, `remediation.close`. */
  action: string
  /** Table or noun concerned, e.g. `app_user`, `remediation_item`. */
  entity: string
  entityId?: string | number | null
  branchId?: number | null
  /** JSON-serialisable snapshot before/after the change; leave secrets out. */
  before?: unknown
  after?: unknown
}

/** What `recordAudit` needs from the procedure context: who, from where, and when. */
export type AuditContext = Pick<Context, 'user' | 'meta' | 'now'>

/**
 * Appends one entry to `audit_log`. Call it with the transaction of the change it records, so
 * both commit or neither does. The table is append-only (the database refuses UPDATE/DELETE).
 * @param actorId overrides `ctx.user` (e.g. a failed login has no signed-in user).
 */
export async function recordAudit(
  trx: Kysely<Database>,
  ctx: AuditContext,
  entry: AuditEntryInput & { actorId?: number | null },
): Promise<void> {
  await recordAudits(trx, ctx, [entry])
}

/**
 * Appends several audit entries in one statement (a sheet's saved rows); same fields as
 * {@link recordAudit}. Nothing is written for an empty list.
 */
export async function recordAudits(
  trx: Kysely<Database>,
  ctx: AuditContext,
  entries: readonly (AuditEntryInput & { actorId?: number | null })[],
): Promise<void> {
  if (entries.length === 0) return
  const at = ctx.now()
  await trx
    .insertInto('auditLog')
    .values(
      entries.map((entry) => ({
        at,
        actorId: entry.actorId !== undefined ? entry.actorId : (ctx.user?.id ?? null),
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
        branchId: entry.branchId ?? null,
        before: entry.before === undefined || entry.before === null ? null : JSON.stringify(entry.before),
        after: entry.after === undefined || entry.after === null ? null : JSON.stringify(entry.after),
        ip: ctx.meta.ip,
      })),
    )
    .execute()
}

export interface AuditEntry {
  id: number
  at: Date
  actorId: number | null
  actorUsername: string | null
  action: string
  entity: string
  entityId: string | null
  branchId: number | null
  before: unknown
  after: unknown
  ip: string | null
}

export interface AuditFilter extends Omit<AuditColumnFilter, 'branchId'> {
  /** Only entries of these branches; null or undefined for all. */
  branchIds?: readonly number[] | null | undefined
}

/** The fields of the audit filters (the record, the actor, the action, the time, a branch) that are plain column tests. */
export interface AuditColumnFilter {
  entity?: string | undefined
  entityId?: string | undefined
  actorId?: number | undefined
  action?: string | undefined
  branchId?: number | undefined
  /** Inclusive. */
  from?: Date | undefined
  /** Exclusive. */
  to?: Date | undefined
}

/** The one WHERE of the audit lists: every given field of `filter` must match (all rows when none is given). */
export function auditFilterCondition(eb: ExpressionBuilder<Pick<Database, 'auditLog'>, 'auditLog'>, filter: AuditColumnFilter): Expression<SqlBool> {
  const tests: Expression<SqlBool>[] = []
  if (filter.entity !== undefined) tests.push(eb('auditLog.entity', '=', filter.entity))
  if (filter.entityId !== undefined) tests.push(eb('auditLog.entityId', '=', filter.entityId))
  if (filter.actorId !== undefined) tests.push(eb('auditLog.actorId', '=', filter.actorId))
  if (filter.action !== undefined) tests.push(eb('auditLog.action', '=', filter.action))
  if (filter.branchId !== undefined) tests.push(eb('auditLog.branchId', '=', filter.branchId))
  if (filter.from !== undefined) tests.push(eb('auditLog.at', '>=', filter.from))
  if (filter.to !== undefined) tests.push(eb('auditLog.at', '<', filter.to))
  return eb.and(tests)
}

/** Entries newest first, `limit` per page, with the total for the filter. */
export async function listAudit(
  db: Kysely<Database>,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; entries: AuditEntry[] }> {
  let query = db
    .selectFrom('auditLog')
    .leftJoin('appUser', 'appUser.id', 'auditLog.actorId')
    .where((eb) => auditFilterCondition(eb, filter))
  if (filter.branchIds) {
    if (filter.branchIds.length === 0) return { total: 0, entries: [] }
    query = query.where('auditLog.branchId', 'in', filter.branchIds)
  }
  const [count, entries] = await Promise.all([
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    query
      .select([
        'auditLog.id',
        'auditLog.at',
        'auditLog.actorId',
        'appUser.username as actorUsername',
        'auditLog.action',
        'auditLog.entity',
        'auditLog.entityId',
        'auditLog.branchId',
        'auditLog.before',
        'auditLog.after',
        'auditLog.ip',
      ])
      .orderBy('auditLog.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
  ])
  return { total: Number(count.n), entries }
}
