import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'

type Db = Kysely<Database>

/**
 * Runs `work` once for (`job`, `runKey`) across every instance sharing the database: the claim
 * row (primary key job + run key) is inserted in the same transaction as the work. A second
 * instance's insert waits on the first one's uncommitted row and then finds it taken; if the first
 * fails or its process dies, its transaction rolls back, the claim with it, and the next tick
 * (of any instance) does the work. So a day's job is done exactly once, never half.
 * @returns the work's result, or null when it was already done.
 */
export async function runOnce<T>(db: Db, job: string, runKey: string, instanceId: string, work: (trx: Db) => Promise<T>): Promise<T | null> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('jobRun')
      .values({ job, runKey, instanceId })
      .onConflict((oc) => oc.columns(['job', 'runKey']).doNothing())
      .returning('job')
      .executeTakeFirst()
    if (!claimed) return null
    const result = await work(trx)
    await trx
      .updateTable('jobRun')
      .set({ result: JSON.stringify(result ?? null), finishedAt: sql`now()` })
      .where('job', '=', job)
      .where('runKey', '=', runKey)
      .execute()
    return result
  })
}

/** Records that an instance is alive and whether it can send mail. */
export async function heartbeat(db: Db, instanceId: string, mailEnabled: boolean, now: Date): Promise<void> {
  await db
    .insertInto('jobWorker')
    .values({ instanceId, mailEnabled, startedAt: now, lastSeenAt: now })
    .onConflict((oc) => oc.column('instanceId').doUpdateSet({ lastSeenAt: now, mailEnabled }))
    .execute()
}

/** Forgets an instance that stops cleanly. */
export async function removeWorker(db: Db, instanceId: string): Promise<void> {
  await db.deleteFrom('jobWorker').where('instanceId', '=', instanceId).execute()
}

/** Instances seen within `withinMs` of `now`, and the latest day each daily job ran. */
export async function jobStatus(db: Db, now: Date, withinMs: number): Promise<{ workers: { instanceId: string; mailEnabled: boolean; lastSeenAt: Date }[]; lastRuns: { job: string; runKey: string; finishedAt: Date }[] }> {
  const workers = await db
    .selectFrom('jobWorker')
    .select(['instanceId', 'mailEnabled', 'lastSeenAt'])
    .where('lastSeenAt', '>=', new Date(now.getTime() - withinMs))
    .orderBy('instanceId')
    .execute()
  const lastRuns = await db
    .selectFrom('jobRun')
    .select(['job', (eb) => eb.fn.max('runKey').as('runKey'), (eb) => eb.fn.max('finishedAt').as('finishedAt')])
    .groupBy('job')
    .orderBy('job')
    .execute()
  return { workers, lastRuns }
}
