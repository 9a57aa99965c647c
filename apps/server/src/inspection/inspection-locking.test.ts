// Score saves take a shared lock on the inspection (so saves on one inspection run side by side);
// status changes take the exclusive one. What must hold: a save never lands on a sheet whose status
// moved on — it waits for an uncommitted status change and then sees the new status — and a status
// change waits for the saves in flight. On PGlite (one connection) the waiting comes from the
// connection queue; on PostgreSQL (DATABASE_URL) from the row locks themselves: a save that read
// the status without a lock conflicting with UPDATE (no lock, or FOR KEY SHARE) fails this test there.
import { TRPCError } from '@trpc/server'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../db/client.js'
import { createInspectionWorld, type InspectionWorld } from '../test/inspection-world.js'
import { useTestDatabase } from '../test/test-database.js'
import { listMemberScores } from './inspection.repository.js'

const database = useTestDatabase()
let world: InspectionWorld

beforeEach(async () => {
  world = await createInspectionWorld(database)
  await world.as(world.users.convener).inspection.startScoring({ id: world.inspectionId, expectedVersion: 1 })
})

/** Releases of transactions a failed test left open, so the next tests do not wait on their locks. */
const openReleases: ((commit: boolean) => void)[] = []
afterEach(() => {
  for (const release of openReleases.splice(0)) release(false)
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

class RolledBack extends Error {}

/** Runs `change` in a transaction that stays open until `commit` or `rollback` is called. */
async function openTransaction(
  change: (trx: DatabaseHandle['db']) => Promise<unknown>,
): Promise<{ commit: () => Promise<void>; rollback: () => Promise<void> }> {
  let release!: (commit: boolean) => void
  const gate = new Promise<boolean>((resolve) => (release = resolve))
  let ready!: () => void
  const started = new Promise<void>((resolve) => (ready = resolve))
  openReleases.push(release)
  const done = database.db.transaction().execute(async (trx) => {
    await change(trx)
    ready()
    if (!(await gate)) throw new RolledBack()
  })
  done.catch(() => {})
  await Promise.race([started, done])
  return {
    commit: async () => {
      release(true)
      await done
    },
    rollback: async () => {
      release(false)
      await expect(done).rejects.toBeInstanceOf(RolledBack)
    },
  }
}

/** Settles to the outcome of `call`, noting when it settled. */
function track<T>(call: Promise<T>): { settled: () => boolean; outcome: Promise<{ ok: true; value: T } | { ok: false; error: unknown }> } {
  let settled = false
  const outcome = call.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
  void outcome.finally(() => (settled = true))
  return { settled: () => settled, outcome }
}

describe('score saves against status changes', () => {
  /** A member's save started while a move to consensus is uncommitted: it waits (still unsettled after 400 ms). */
  async function saveBehindStatusChange() {
    const change = await openTransaction((trx) =>
      trx.updateTable('inspection').set({ status: 'consensus' }).where('id', '=', world.inspectionId).execute(),
    )
    const save = track(
      world.as(world.users.member).inspection.score.save({ inspectionId: world.inspectionId, criterionCode: 'website', tierId: 'A', expectedVersion: 0 }),
    )
    await sleep(400)
    expect(save.settled()).toBe(false)
    return { change, save }
  }

  it('a save waits for an uncommitted move to consensus, then is refused by the new status', async () => {
    const { change, save } = await saveBehindStatusChange()
    await change.commit()
    const result = await save.outcome
    expect(result.ok).toBe(false)
    const error = (result as { error: unknown }).error
    expect(error).toBeInstanceOf(TRPCError)
    expect(((error as TRPCError).cause as { code?: string } | undefined)?.code).toBe('ILLEGAL_TRANSITION')
    expect(await listMemberScores(database.db, world.inspectionId)).toHaveLength(0)
  })

  it('a save that waited for an abandoned status change goes through on the unchanged sheet', async () => {
    const { change, save } = await saveBehindStatusChange()
    await change.rollback()
    const result = await save.outcome
    expect(result).toMatchObject({ ok: true, value: { criterionCode: 'website', tierId: 'A', version: 1 } })
  })

  it('the convener’s first consensus save waits for a save in flight and counts it', async () => {
    // A member's save in flight: the shared lock a save takes, held open.
    const inFlight = await openTransaction(async (trx) => {
      await trx.selectFrom('inspection').select('id').where('id', '=', world.inspectionId).forShare().execute()
      await trx
        .insertInto('memberScore')
        .values({ inspectionId: world.inspectionId, memberId: world.users.member.id, criterionCode: 'website', tierId: 'A', points: 30, finding: null, notApplicable: false, version: 1, updatedAt: new Date() })
        .execute()
    })
    const consensus = track(
      world.as(world.users.convener).inspection.consensus.save({ inspectionId: world.inspectionId, entries: [{ criterionCode: 'facilities', tierId: 'A', expectedVersion: 0 }] }),
    )
    await sleep(400)
    expect(consensus.settled()).toBe(false)
    await inFlight.commit()
    expect((await consensus.outcome).ok).toBe(true)
    const view = await world.as(world.users.convener).inspection.consensus.view({ inspectionId: world.inspectionId })
    expect(view.inspection.status).toBe('consensus')
    expect(view.criteria.find((c) => c.criterionCode === 'website')!.scores.map((s) => s.memberId)).toEqual([world.users.member.id])
  })
})
