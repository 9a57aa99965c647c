import { carryOver, nextRound, type RemediationEvent } from '@leap/domain'
import type { Kysely } from 'kysely'
import { recordAudit } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import { findItems, insertEvents, moveItemsToRound, type RemediationItem } from '../remediation/remediation.repository.js'
import type { Context, SessionUser } from '../trpc/context.js'
import { refuse } from '../trpc/refusal.js'
import { findRoundOf, roundItemIds } from './round.repository.js'

type Db = Kysely<Database>

/** The remediation items of a round that the domain's `carryOver` would carry (not closed or cancelled). */
export async function itemsToCarry(db: Db, round: { id: number; rocYear: number; half: 1 | 2 }, at: Date): Promise<RemediationItem[]> {
  const items = await findItems(db, await roundItemIds(db, round.id))
  const carried = new Set(carryOver(items.map(lifecycleOf), nextRound(round), at.toISOString()).map((c) => c.id))
  return items.filter((i) => carried.has(i.id))
}

function lifecycleOf(item: RemediationItem) {
  return { id: item.id, status: item.status, dueDate: item.dueDate, round: { rocYear: item.rocYear, half: item.half }, timeline: [] as RemediationEvent[] }
}

/**
 * Carries a round's items still tracked into the next half year's round, as the domain's
 * `carryOver` decides (status, due date and timeline kept, origin round remembered, a carry-over
 * event each), and audits it — inside the caller's transaction. Shared by `remediation.carryOver`
 * and `round.close`.
 * @throws PRECONDITION_FAILED NEXT_ROUND_MISSING when the next round has not been created yet.
 */
export async function carryOverRoundItems(
  trx: Db,
  ctx: Pick<Context, 'now' | 'meta' | 'user'> & { user: SessionUser },
  round: { id: number; rocYear: number; half: 1 | 2 },
): Promise<{ toRoundId: number; carried: number[] }> {
  const next = nextRound(round)
  const target = await findRoundOf(trx, next)
  if (!target) {
    throw refuse('PRECONDITION_FAILED', 'NEXT_ROUND_MISSING', { rocYear: next.rocYear, half: next.half }, 'create the next round first')
  }
  const now = ctx.now()
  const items = await findItems(trx, await roundItemIds(trx, round.id))
  const carried = carryOver(items.map(lifecycleOf), next, now.toISOString())
  const carriedIds = carried.map((c) => c.id)
  await moveItemsToRound(trx, carriedIds, round.id, target.id, now)
  await insertEvents(
    trx,
    carried.map((c) => {
      const event = c.timeline[c.timeline.length - 1]!
      return { remediationItemId: c.id, action: event.action, fromStatus: event.from, toStatus: event.to, actorId: ctx.user.id, note: event.note, at: now }
    }),
  )
  await recordAudit(trx, ctx, { action: 'remediation.carryOver', entity: 'round', entityId: round.id, after: { toRoundId: target.id, itemIds: carriedIds } })
  return { toRoundId: target.id, carried: carriedIds }
}
