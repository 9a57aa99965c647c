import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { auditFilterCondition, type AuditColumnFilter } from './audit.repository.js'

/** One audit entry as the audit screen and export show it: with the actor's and branch's names. */
export interface AuditRecord {
  id: number
  at: Date
  actorId: number | null
  actorUsername: string | null
  actorName: string | null
  action: string
  entity: string
  entityId: string | null
  branchId: number | null
  branchName: string | null
  before: unknown
  after: unknown
  ip: string | null
}

/** Filters of the audit screen; every one optional, combined with AND. */
export type AuditQuery = AuditColumnFilter

function filtered(db: Kysely<Database>, filter: AuditQuery) {
  return db
    .selectFrom('auditLog')
    .leftJoin('appUser', 'appUser.id', 'auditLog.actorId')
    .leftJoin('branch', 'branch.id', 'auditLog.branchId')
    .where((eb) => auditFilterCondition(eb, filter))
}

const columns = [
  'auditLog.id',
  'auditLog.at',
  'auditLog.actorId',
  'appUser.username as actorUsername',
  'appUser.displayName as actorName',
  'auditLog.action',
  'auditLog.entity',
  'auditLog.entityId',
  'auditLog.branchId',
  'branch.name as branchName',
  'auditLog.before',
  'auditLog.after',
  'auditLog.ip',
] as const

/** Entries matching `filter`, newest first, `limit` from `offset`, with the total for the filter. */
export async function queryAudit(
  db: Kysely<Database>,
  filter: AuditQuery,
  page: { limit: number; offset: number },
): Promise<{ total: number; entries: AuditRecord[] }> {
  const query = filtered(db, filter)
  const [count, entries] = await Promise.all([
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    query.select(columns).orderBy('auditLog.id', 'desc').limit(page.limit).offset(page.offset).execute(),
  ])
  return { total: Number(count.n), entries }
}

/** The actions, records and people that occur in the log: the choices of the audit screen's filters. */
export async function auditFilterChoices(db: Kysely<Database>): Promise<{
  actions: string[]
  entities: string[]
  actors: { id: number; username: string; displayName: string }[]
}> {
  const [actions, entities, actors] = await Promise.all([
    db.selectFrom('auditLog').select('action').distinct().orderBy('action').execute(),
    db.selectFrom('auditLog').select('entity').distinct().orderBy('entity').execute(),
    db
      .selectFrom('appUser')
      .select(['id', 'username', 'displayName'])
      .where((eb) => eb.exists(eb.selectFrom('auditLog').select('auditLog.id').whereRef('auditLog.actorId', '=', 'appUser.id')))
      .orderBy('username')
      .execute(),
  ])
  return { actions: actions.map((a) => a.action), entities: entities.map((e) => e.entity), actors }
}
