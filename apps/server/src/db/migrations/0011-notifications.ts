import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. Notifications, their e-mail digests and the
// scheduled work that makes them, all in the database so any number of instances can share it.
// - notification: one message for one user. `kind` + `params` are worded by the reader (the admin's
//   i18n, the digest's templates); `dedupe_key` is unique per user, so generating the same news
//   twice (a re-run daily job, two instances) inserts it once.
// - notification_preference: the user's e-mail language and the kinds they do not want by e-mail
//   (no row: Chinese, every kind).
// - mail_outbox: one digest per user and day (unique), sent by whichever instance leases the row
//   (status 'sending' + lease_until); failures wait next_attempt_at (back-off) and end 'failed'.
// - job_run: a daily job claimed once per (job, day) in the transaction that does the work.
// - job_worker: each running instance's heartbeat and whether it can send mail (the admin shows
//   "e-mail off" when no live instance can).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('digest_date', 'date', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'sending', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0).check(sql`attempts >= 0`))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('lease_until', 'timestamptz')
    .addColumn('claimed_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addUniqueConstraint('mail_outbox_user_day_key', ['user_id', 'digest_date'])
    .execute()
  await db.schema.createIndex('mail_outbox_due_idx').on('mail_outbox').columns(['status', 'next_attempt_at']).execute()

  await db.schema
    .createTable('notification')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('params', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('link', 'text', (c) => c.notNull().check(sql`link like '/%'`))
    .addColumn('branch_id', 'integer', (c) => c.references('branch.id'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .addColumn('digest_id', 'integer', (c) => c.references('mail_outbox.id').onDelete('set null'))
    .addUniqueConstraint('notification_user_dedupe_key', ['user_id', 'dedupe_key'])
    .execute()
  await db.schema.createIndex('notification_user_created_idx').on('notification').columns(['user_id', 'created_at']).execute()
  await sql`create index notification_user_unread_idx on notification (user_id) where read_at is null`.execute(db)

  await db.schema
    .createTable('notification_preference')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('app_user.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-TW').check(sql`locale in ('zh-TW', 'en')`))
    .addColumn('email_off', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('job_run')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('run_key', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('result', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addPrimaryKeyConstraint('job_run_pkey', ['job', 'run_key'])
    .execute()

  await db.schema
    .createTable('job_worker')
    .addColumn('instance_id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('mail_enabled', 'boolean', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['job_worker', 'job_run', 'notification_preference', 'notification', 'mail_outbox']) {
    await db.schema.dropTable(table).execute()
  }
}
