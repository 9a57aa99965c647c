import type { DatabaseHandle } from '../db/client.js'
import type { Env } from '../env.js'
import { createMailer } from '../mail/mailer.js'
import { createJobRunner, type JobRunner, type JobRunnerOptions } from './job-runner.js'

/** Where people open the app: APP_URL, or http://HOST:PORT (localhost for a wildcard address). */
export function appUrlOf(env: Pick<Env, 'APP_URL' | 'HOST' | 'PORT'>): string {
  if (env.APP_URL) return env.APP_URL.replace(/\/+$/, '')
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST
  return `http://${host}:${env.PORT}`
}

/**
 * Starts this instance's scheduled work (daily deadline notifications, daily digests, delivery)
 * from the environment: with SMTP_URL and MAIL_FROM it mails, without them it only notifies in
 * the app. Call `stop()` on shutdown.
 */
export function startScheduledJobs(env: Env, database: DatabaseHandle, log: JobRunnerOptions['log']): JobRunner & { mailEnabled: boolean } {
  const mailer = createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM })
  const runner = createJobRunner({ db: database.db, mailer, appUrl: appUrlOf(env), digestHour: env.DIGEST_HOUR, log })
  runner.start()
  return {
    ...runner,
    mailEnabled: mailer !== null,
    async stop() {
      await runner.stop()
      mailer?.close()
    },
  }
}
