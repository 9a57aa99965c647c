import type { ColumnType, Generated } from 'kysely'

/** `job_run`: a daily job done once for (job, run key = Taipei date), by whichever instance claimed it. */
export interface JobRunTable {
  job: string
  runKey: string
  instanceId: string
  finishedAt: Generated<Date>
  result: ColumnType<unknown, string | undefined, string>
}

/** `job_worker`: a running instance's heartbeat and whether it can send mail. */
export interface JobWorkerTable {
  instanceId: string
  startedAt: Generated<Date>
  lastSeenAt: Generated<Date>
  mailEnabled: boolean
}
