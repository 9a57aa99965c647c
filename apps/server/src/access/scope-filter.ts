import { taipeiDate, type IsoDate } from '@leap/domain'
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely'
import type { Database } from '../db/database.js'
import type { SessionUser } from '../trpc/context.js'
import { visibleBranchIds } from './branch-scope.js'

/**
 * The one committee/branch visibility rule. Every list and dashboard query filters with
 * {@link inspectionScopeCondition} (SQL) and every single-record check with {@link scopeCovers}
 * (the same rule in TypeScript): agency staff see all; a committee member the rounds they sit on;
 * a branch user their branch — an inspection only from its day on (unannounced, Asia/Taipei,
 * `today` taken from the caller's clock). A new visibility condition goes here, in both forms.
 */

type Db = Kysely<Database>

/**
 * The columns of a row the filter reads (table-qualified, camelCase as in kysely, e.g.
 * `inspection.roundId`). `inspectedOn` is given for inspections (the unannounced rule); records
 * that exist only after the inspection was scored (remediation items, meeting items) omit it.
 */
export interface ScopeColumns {
  roundId: string
  branchId: string
  inspectedOn?: string
}

/**
 * What a user may see of inspections: `all`, or the union of some branches (their own, via
 * branch-scope) and the rounds whose committee they sit on.
 *
 * Inspections are unannounced (不定期考核): through `branchIds` an inspection is covered only from
 * its day on (`inspectedOn <= today`, Asia/Taipei), so a branch never learns a scheduled date
 * before it comes; through `roundIds` (the committee) always.
 */
export type InspectionScope = { all: true } | { all: false; branchIds: number[]; roundIds: number[]; today: IsoDate }

/**
 * Computes the user's {@link InspectionScope}. Agency admin and viewer see all. `now` decides
 * "today" in Asia/Taipei for the unannounced rule (pass `ctx.now()`).
 */
export async function inspectionScope(db: Db, user: SessionUser, now: Date = new Date()): Promise<InspectionScope> {
  if (visibleBranchIds(user) === null) return { all: true }
  const rounds = await db.selectFrom('roundMember').select('roundId').where('userId', '=', user.id).execute()
  return scopeOf(user, rounds.map((r) => r.roundId), now)
}

/**
 * {@link inspectionScope} from the rounds whose committee the user sits on, already read (the
 * dashboards' answer cache reads them with the session). Rounds in ascending order, so one scope
 * always prints the same.
 */
export function scopeOf(user: SessionUser, committeeRoundIds: readonly number[], now: Date): InspectionScope {
  const branches = visibleBranchIds(user)
  if (branches === null) return { all: true }
  return { all: false, branchIds: [...branches], roundIds: [...committeeRoundIds].sort((a, b) => a - b), today: taipeiDate(now) }
}

/**
 * True when a branch user may learn of an inspection on `inspectedOn`: from that day on
 * (Asia/Taipei), never before — the one date condition of the unannounced rule.
 */
export function inspectionAnnounced(inspectedOn: IsoDate, today: IsoDate): boolean {
  return inspectedOn <= today
}

/**
 * True when the scope covers an inspection of `branchId` in `roundId`. Pass `inspectedOn` for an
 * inspection itself (the unannounced rule); records that exist only after the inspection was
 * scored (remediation items, meeting items) may omit it.
 */
export function scopeCovers(
  scope: { all: true } | { all: false; branchIds: readonly number[]; roundIds: readonly number[]; today?: IsoDate },
  roundId: number,
  branchId: number,
  inspectedOn?: IsoDate,
): boolean {
  if (scope.all || scope.roundIds.includes(roundId)) return true
  if (!scope.branchIds.includes(branchId)) return false
  return inspectedOn === undefined || (scope.today !== undefined && inspectionAnnounced(inspectedOn, scope.today))
}

/**
 * The scope as one SQL condition over an inspection's columns (table-qualified names such as
 * `inspection.branch_id`): the committee's rounds, or the branch's inspections from their day on.
 * Never called with `scope.all` (no condition then).
 * @example query.where(inspectionScopeCondition(scope, { roundId: 'inspection.roundId', branchId: 'inspection.branchId', inspectedOn: 'inspection.inspectedOn' }))
 */
export function inspectionScopeCondition(
  scope: Extract<InspectionScope, { all: false }>,
  columns: ScopeColumns,
): Expression<SqlBool> {
  const ors = []
  if (scope.roundIds.length > 0) ors.push(sql`${sql.ref(columns.roundId)} in (${sql.join(scope.roundIds)})`)
  if (scope.branchIds.length > 0) {
    const branch = sql`${sql.ref(columns.branchId)} in (${sql.join(scope.branchIds)})`
    ors.push(columns.inspectedOn === undefined ? branch : sql`(${branch} and ${sql.ref(columns.inspectedOn)} <= ${scope.today}::date)`)
  }
  if (ors.length === 0) return sql<SqlBool>`false`
  return sql<SqlBool>`(${sql.join(ors, sql` or `)})`
}
