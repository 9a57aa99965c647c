import { sql } from 'kysely'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type DatabaseHandle } from '../db/client.js'
import { createJobRunner, type JobRunner } from '../jobs/job-runner.js'
import { generateDeadlineNotifications } from '../notification/notification-events.js'
import { callerFor, refusal } from '../test/fixtures.js'
import { createRemediationScenario, DEDUCTED, type RemediationScenario } from '../test/remediation-world.js'
import { useTestDatabase } from '../test/test-database.js'
import type { SessionUser } from '../trpc/context.js'
import { backoffMs, claimNextMail, composeDigests, MAX_ATTEMPTS } from './mail-outbox.repository.js'
import { createMailer, type Mailer } from './mailer.js'

/** A message as the SMTP peer received it. */
interface Received {
  envelopeTo: string[]
  from: string
  subject: string
  text: string
  html: string
  messageId: string
}

/** A real SMTP server in this process (nodemailer's smtp-server): records what arrives, can refuse recipients. */
class TestSmtp {
  readonly received: Received[] = []
  /** Addresses refused with 451 (a temporary failure) this many more times. */
  readonly refuse = new Map<string, number>()
  port = 0
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const left = this.refuse.get(address.address) ?? 0
      if (left > 0) {
        this.refuse.set(address.address, left - 1)
        return callback(Object.assign(new Error('4.2.1 mailbox busy, try later'), { responseCode: 451 }))
      }
      callback()
    },
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          this.received.push({
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            from: mail.from?.text ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            messageId: mail.messageId ?? '',
          })
          callback()
        })
        .catch(callback)
    },
  })

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.server.address() as { port: number }).port
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  to(address: string): Received[] {
    return this.received.filter((m) => m.envelopeTo.includes(address))
  }
}

const database = useTestDatabase()
/** A second connection pool to the same database on PostgreSQL (another "instance"); the same handle on PGlite. */
let second: DatabaseHandle
let smtp: TestSmtp
let mailer: Mailer
let s: RemediationScenario
let clock: Date
const runners: JobRunner[] = []

const APP_URL = 'https://leap.example.gov.tw'
const addresses = {
  manager: 'tpe-manager@example.gov.tw',
  staff: 'tpe-staff@example.gov.tw',
  otherManager: 'ila-manager@example.gov.tw',
  otherStaff: 'ila-staff@example.gov.tw',
  convener: 'convener@example.gov.tw',
  secretary: 'secretary@example.gov.tw',
  admin: 'admin@example.gov.tw',
} as const

beforeAll(async () => {
  second = database
  if (database.kind === 'postgres') {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(database.db)
    const url = new URL(process.env.DATABASE_URL!)
    url.pathname = `/${rows[0]!.name}`
    second = await openDatabase({ databaseUrl: url.toString() })
  }
  smtp = new TestSmtp()
  await smtp.start()
  mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: '服務躍升考核系統 <leap@example.gov.tw>' })!
})
afterAll(async () => {
  mailer.close()
  await smtp.stop()
  if (second !== database) await second.close()
})
beforeEach(async () => {
  smtp.received.length = 0
  smtp.refuse.clear()
  s = await createRemediationScenario(database.db)
  for (const [role, email] of Object.entries(addresses)) {
    await database.db.updateTable('appUser').set({ email }).where('id', '=', s.users[role as keyof typeof addresses].id).execute()
  }
  // 09:00 in Taipei, after the digest hour (8).
  clock = new Date('2025-03-20T01:00:00Z')
})
afterEach(async () => {
  while (runners.length) await runners.pop()!.stop()
})

function runner(handle: DatabaseHandle, options: { mail?: boolean; instanceId?: string } = {}): JobRunner {
  const r = createJobRunner({ db: handle.db, mailer: options.mail === false ? null : mailer, appUrl: APP_URL, digestHour: 8, now: () => clock, ...(options.instanceId ? { instanceId: options.instanceId } : {}) })
  runners.push(r)
  return r
}

const as = (user: SessionUser) => callerFor(database, user, { now: () => clock })

/** TPE items due in 5 days (due soon), ILA items 10 days overdue, and one TPE item submitted for review. */
async function newsForEveryone(): Promise<{ tpe: number[]; ila: number[] }> {
  const make = async (branch: 'TPE' | 'ILA', dueDate: string) =>
    (await as(s.users.convener).remediation.createFromInspection({ inspectionId: s.inspections[branch], items: DEDUCTED.map((criterionCode) => ({ criterionCode, dueDate })) })).created
  const tpe = await make('TPE', '2025-03-25')
  const ila = await make('ILA', '2025-03-10')
  await as(s.users.staff).remediation.start({ id: tpe[0]!, expectedVersion: 1 })
  await as(s.users.manager).remediation.submit({ id: tpe[0]!, expectedVersion: 2, note: '流程圖已張貼並上網' })
  return { tpe, ila }
}

function links(mail: Received): string[] {
  return [...mail.text.matchAll(/https:\/\/leap\.example\.gov\.tw(\/\S*)/g)].map((m) => m[1]!)
}

describe('daily digest over SMTP', () => {
  it('arrives once per user and day, with Chinese subject, body and links to their own records, across two instances and a restart', async () => {
    const { tpe, ila } = await newsForEveryone()
    const a = runner(database, { instanceId: 'instance-a' })
    const b = runner(second, { instanceId: 'instance-b' })
    await Promise.all([a.tick(), b.tick()])
    await Promise.all([a.tick(), b.tick()])

    const recipients = smtp.received.flatMap((m) => m.envelopeTo).sort()
    expect(recipients).toEqual([addresses.convener, addresses.otherManager, addresses.otherStaff, addresses.manager, addresses.secretary, addresses.staff].sort())
    const [staffMail] = smtp.to(addresses.staff)
    expect(staffMail!.subject).toBe('服務躍升考核系統：2 則新通知（114年3月20日）')
    expect(staffMail!.from).toContain('leap@example.gov.tw')
    expect(staffMail!.text).toContain('將於114年3月25日到期，剩 5 天')
    expect(staffMail!.messageId).toMatch(/^<digest-\d+-2025-03-20@leap\.example\.gov\.tw>$/)
    // The submitted item waits for the committee: the branch is told only of the other two.
    expect(links(staffMail!).sort()).toEqual([`/branch/items/${tpe[1]}`, `/branch/items/${tpe[2]}`, '/notifications'].sort())
    expect(staffMail!.html).toContain(`href="${APP_URL}/branch/items/${tpe[1]}"`)
    const [ilaMail] = smtp.to(addresses.otherManager)
    expect(ilaMail!.text).toContain('已逾期 10 天')
    expect(links(ilaMail!).filter((l) => l !== '/notifications').sort()).toEqual(ila.map((id) => `/branch/items/${id}`).sort())
    const [convenerMail] = smtp.to(addresses.convener)
    expect(convenerMail!.text).toContain('臺北分署已提報')
    expect(links(convenerMail!)).toContain(`/remediation/${tpe[0]}`)
    // Nothing of one branch in the other's mail.
    for (const id of ila) expect(smtp.to(addresses.manager).flatMap(links)).not.toContain(`/branch/items/${id}`)
    for (const id of tpe) expect(smtp.to(addresses.otherStaff).flatMap(links)).not.toContain(`/branch/items/${id}`)

    // A restart (a new instance id) later the same day sends nothing again.
    await a.stop()
    clock = new Date('2025-03-20T06:00:00Z')
    await runner(database, { instanceId: 'instance-c' }).tick()
    await b.tick()
    expect(smtp.received).toHaveLength(6)
    const runs = await database.db.selectFrom('jobRun').select(['job', 'runKey']).orderBy('job').execute()
    expect(runs).toEqual([
      { job: 'deadline-notifications', runKey: '2025-03-20' },
      { job: 'digest', runKey: '2025-03-20' },
    ])

    // The next day: only new news makes a digest, for those it concerns.
    clock = new Date('2025-03-21T01:00:00Z')
    await as(s.users.secretary).remediation.return({ id: tpe[0]!, expectedVersion: 3, note: '照片不清楚' })
    await Promise.all([b.tick(), runner(second, { instanceId: 'instance-d' }).tick()])
    const fresh = smtp.received.slice(6)
    expect(fresh.flatMap((m) => m.envelopeTo).sort()).toEqual([addresses.manager, addresses.staff].sort())
    // The return, and the returned item now due soon is the branch's to chase again.
    expect(fresh[0]!.subject).toBe('服務躍升考核系統：2 則新通知（114年3月21日）')
    expect(fresh[0]!.text).toContain('照片不清楚')
    expect(links(fresh[0]!).filter((l) => l !== '/notifications')).toEqual([`/branch/items/${tpe[0]}`, `/branch/items/${tpe[0]}`])
  })

  it('waits for the digest hour, and a day missed while every instance was down is not lost', async () => {
    await newsForEveryone()
    clock = new Date('2025-03-19T23:30:00Z') // 07:30 in Taipei
    const r = runner(database)
    expect(await r.tick()).toMatchObject({ deadlines: true, digests: null, sent: 0 })
    expect(smtp.received).toHaveLength(0)
    // Down until the next day's afternoon: the earlier news still goes out, once.
    clock = new Date('2025-03-21T07:00:00Z')
    expect(await r.tick()).toMatchObject({ digests: 6, sent: 6 })
    expect(smtp.to(addresses.staff)[0]!.subject).toContain('114年3月21日')
  })

  it('English for users who chose English, without the kinds they switched off; read ones and accounts without an address get none', async () => {
    await newsForEveryone()
    await as(s.users.staff).notification.updatePreferences({ locale: 'en', emailOff: [], expectedVersion: 0 })
    await as(s.users.otherStaff).notification.updatePreferences({ locale: 'zh-TW', emailOff: ['itemOverdue'], expectedVersion: 0 })
    await generateDeadlineNotifications(database.db, clock)
    await as(s.users.otherManager).notification.markAllRead()
    await database.db.updateTable('appUser').set({ email: null }).where('id', '=', s.users.secretary.id).execute()
    await runner(database).tick()
    expect(smtp.received.flatMap((m) => m.envelopeTo).sort()).toEqual([addresses.convener, addresses.manager, addresses.staff].sort())
    const [english] = smtp.to(addresses.staff)
    expect(english!.subject).toBe('Service quality inspections: 2 new notification(s) (ROC 114/03/20)')
    expect(english!.text).toContain('is due on ROC 114/03/25, in 5 day(s)')
    // Item titles are data and stay as entered; none of the Chinese wording.
    expect(english!.text).not.toMatch(/將於|已逾期|則新通知|您好/)
  })

  it('retries a refused delivery with back-off, shows it to the agency admin, and gives up after the last attempt until retried', async () => {
    await newsForEveryone()
    smtp.refuse.set(addresses.staff, 2)
    const r = runner(database)
    expect(await r.tick()).toMatchObject({ sent: 5, failed: 1 })
    const admin = as(s.users.admin)
    let status = await admin.notification.mailStatus()
    expect(status).toMatchObject({ emailOn: true, counts: { sent: 5, pending: 1, failed: 0 } })
    expect(status.problems).toEqual([expect.objectContaining({ toAddress: addresses.staff, attempts: 1, status: 'pending', lastError: expect.stringContaining('451') })])
    // Not before its back-off (1 minute), then again (4 minutes), then delivered.
    expect(await r.tick()).toMatchObject({ sent: 0, failed: 0 })
    clock = new Date(clock.getTime() + 61_000)
    expect(await r.tick()).toMatchObject({ failed: 1 })
    clock = new Date(clock.getTime() + 61_000)
    expect(await r.tick()).toMatchObject({ sent: 0, failed: 0 })
    clock = new Date(clock.getTime() + 4 * 60_000)
    expect(await r.tick()).toMatchObject({ sent: 1 })
    expect(smtp.to(addresses.staff)).toHaveLength(1)
    status = await admin.notification.mailStatus()
    expect(status).toMatchObject({ counts: { sent: 6, pending: 0 }, problems: [] })

    // A server that keeps refusing: failed after the last attempt, listed, and retried by the admin.
    clock = new Date('2025-03-21T01:00:00Z')
    await as(s.users.secretary).remediation.return({ id: (await database.db.selectFrom('remediationItem').select('id').where('status', '=', 'submitted').executeTakeFirstOrThrow()).id, expectedVersion: 3, note: '請補件' })
    smtp.refuse.set(addresses.manager, MAX_ATTEMPTS)
    smtp.refuse.set(addresses.staff, MAX_ATTEMPTS)
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      await r.tick()
      clock = new Date(clock.getTime() + backoffMs(attempt) + 1_000)
    }
    status = await admin.notification.mailStatus()
    expect(status.counts.failed).toBe(2)
    const failed = status.problems.find((p) => p.toAddress === addresses.manager)!
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS })
    expect((await refusal(as(s.users.manager).notification.retryMail({ id: failed.id }))).code).toBe('FORBIDDEN')
    expect(await admin.notification.retryMail({ id: failed.id })).toEqual({ id: failed.id, status: 'pending' })
    expect((await refusal(admin.notification.retryMail({ id: failed.id }))).code).toBe('NOT_FOUND')
    await r.tick()
    expect(smtp.to(addresses.manager).map((m) => m.subject)).toEqual(['服務躍升考核系統：2 則新通知（114年3月20日）', '服務躍升考核系統：2 則新通知（114年3月21日）'])
  })

  it('a digest whose sender stopped mid-send is retaken after its lease, by another instance', async () => {
    await newsForEveryone()
    await runner(database, { mail: false }).tick()
    await composeDigests(database.db, { day: '2025-03-20', now: clock, appUrl: APP_URL, host: 'leap.example.gov.tw' })
    const claimed = await claimNextMail(database.db, 'crashed', clock)
    expect(claimed).toMatchObject({ status: 'sending', claimedBy: 'crashed', attempts: 1 })
    const others = await database.db.selectFrom('mailOutbox').select('id').where('status', '=', 'pending').execute()
    // Another instance does not take it while the lease holds…
    for (let i = 0; i < others.length; i += 1) expect((await claimNextMail(second.db, 'other', clock))!.id).not.toBe(claimed!.id)
    expect(await claimNextMail(second.db, 'other', clock)).toBeUndefined()
    // …and does after it.
    const later = new Date(clock.getTime() + 6 * 60_000)
    expect(await claimNextMail(second.db, 'other', later)).toMatchObject({ id: claimed!.id, claimedBy: 'other', attempts: 2 })
  })

  it('without SMTP settings the app still notifies, mails nothing, and the admin sees e-mail is off', async () => {
    await newsForEveryone()
    const r = runner(database, { mail: false })
    expect(await r.tick()).toMatchObject({ deadlines: true, digests: null, sent: 0 })
    expect((await as(s.users.staff).notification.unreadCount()).count).toBe(2)
    expect(await database.db.selectFrom('mailOutbox').selectAll().execute()).toEqual([])
    expect(await as(s.users.admin).notification.mailStatus()).toMatchObject({ emailOn: false, workers: [expect.objectContaining({ mailEnabled: false })] })
    expect(await as(s.users.staff).notification.preferences()).toMatchObject({ emailOn: false, email: addresses.staff })
    expect(smtp.received).toHaveLength(0)
    // The deadline job of the day ran once, whatever the number of ticks.
    await r.tick()
    expect((await generateDeadlineNotifications(database.db, clock)).written).toBe(0)
  })
})
