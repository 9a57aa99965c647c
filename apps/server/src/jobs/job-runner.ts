import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { taipeiDate } from '@leap/domain'
import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { claimNextMail, composeDigests, markFailed, markSent } from '../mail/mail-outbox.repository.js'
import type { Mailer } from '../mail/mailer.js'
import { generateDeadlineNotifications } from '../notification/notification-events.js'
import { heartbeat, removeWorker, runOnce } from './job-run.repository.js'

export interface JobRunnerOptions {
  db: Kysely<Database>
  /** Null without SMTP settings: notifications are still made, nothing is mailed. */
  mailer: Mailer | null
  /** Where links in e-mails point, e.g. `https://leap.example.gov.tw`. */
  appUrl: string
  /** Hour of the day (Asia/Taipei, 0–23) from which the day's digest goes out. */
  digestHour: number
  /** Clock (tests move it). */
  now?: () => Date
  /** Identifies this instance in claims and heartbeats; default host-pid-random. */
  instanceId?: string
  /** Time between ticks (default one minute). */
  intervalMs?: number
  /** Where problems go (the server's logger). */
  log?: (level: 'info' | 'warn' | 'error', message: string, detail?: Record<string, unknown>) => void
}

/** What one tick did. */
export interface TickResult {
  deadlines: boolean
  digests: number | null
  sent: number
  failed: number
}

export interface JobRunner {
  readonly instanceId: string
  /** One pass: heartbeat, the day's deadline notifications, the day's digests, delivery. Never throws. */
  tick(): Promise<TickResult>
  /** Ticks now and then every `intervalMs` until `stop()`. */
  start(): void
  /** Stops ticking and waits for a tick in progress. */
  stop(): Promise<void>
}

/** At most this many deliveries per tick, so one tick never runs for long. */
const SENDS_PER_TICK = 50

/**
 * The scheduled work, safe with any number of instances on one database (and alone on embedded
 * PGlite): each Taipei day's deadline notifications and digests are claimed once per day in the
 * transaction that writes them ({@link runOnce}); each digest is unique per user and day and is
 * sent by whichever instance leases it (`FOR UPDATE SKIP LOCKED`). A restart simply ticks again:
 * a day whose work is done is skipped, a day whose work was cut off is redone, and a day missed
 * while every instance was down is caught up at the next start (deadlines are read from the
 * state of the items; unmailed notifications go in the next digest).
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const now = options.now ?? (() => new Date())
  const instanceId = options.instanceId ?? `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
  const log = options.log ?? (() => {})
  const host = new URL(options.appUrl).hostname || 'localhost'
  let timer: NodeJS.Timeout | null = null
  let running: Promise<TickResult> | null = null

  async function pass(): Promise<TickResult> {
    const { db, mailer } = options
    const result: TickResult = { deadlines: false, digests: null, sent: 0, failed: 0 }
    await heartbeat(db, instanceId, mailer !== null, now())
    const at = now()
    const day = taipeiDate(at)
    const deadlines = await runOnce(db, 'deadline-notifications', day, instanceId, (trx) => generateDeadlineNotifications(trx, at))
    result.deadlines = deadlines !== null
    if (!mailer) return result
    if (taipeiHour(at) >= options.digestHour) {
      result.digests = await runOnce(db, 'digest', day, instanceId, (trx) => composeDigests(trx, { day, now: at, appUrl: options.appUrl, host }))
    }
    for (let i = 0; i < SENDS_PER_TICK; i += 1) {
      const mail = await claimNextMail(db, instanceId, now())
      if (!mail) break
      try {
        await mailer.send({ to: mail.toAddress, subject: mail.subject, text: mail.bodyText, html: mail.bodyHtml, messageId: mail.messageId })
        await markSent(db, mail.id, instanceId, now())
        result.sent += 1
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        const status = await markFailed(db, mail, instanceId, message, now())
        result.failed += 1
        log(status === 'failed' ? 'error' : 'warn', 'digest delivery failed', { outboxId: mail.id, attempts: mail.attempts, status, error: message })
      }
    }
    return result
  }

  async function tick(): Promise<TickResult> {
    if (running) return running
    running = pass()
      .catch((error: unknown) => {
        log('error', 'scheduled jobs failed; retrying at the next tick', { error: error instanceof Error ? error.message : String(error) })
        return { deadlines: false, digests: null, sent: 0, failed: 0 }
      })
      .finally(() => {
        running = null
      })
    return running
  }

  return {
    instanceId,
    tick,
    start() {
      if (timer) return
      void tick()
      timer = setInterval(() => void tick(), options.intervalMs ?? 60_000)
      timer.unref()
    },
    async stop() {
      if (timer) clearInterval(timer)
      timer = null
      if (running) await running
      await removeWorker(options.db, instanceId).catch(() => {})
    },
  }
}

/** The hour of the day in Asia/Taipei (UTC+8, no daylight saving). */
export function taipeiHour(at: Date): number {
  return (at.getUTCHours() + 8) % 24
}
