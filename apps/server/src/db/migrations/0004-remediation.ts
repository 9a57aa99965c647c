import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. Runs after 0002-accounts (unit, app_user)
// and 0003-inspections (round, inspection), whose tables these rows point at.
//
// Evidence storage: content-addressed files under DATA_DIR/evidence/<sha256> when the server runs
// embedded PGlite with a data directory (keeps the wasm database small), otherwise `content` bytea
// in this table (PostgreSQL: one backup holds everything, no shared disk needed between hosts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('remediation_item')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    // The inspection that found it; stays when the item is carried into later rounds.
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspection.id'))
    .addColumn('branch_id', 'integer', (c) => c.notNull().references('branch.id'))
    // The round tracking it now; carry-over moves the item (keeping its timeline) to the next round.
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
    // The round it was first found in, once carried over; null means `round_id`.
    .addColumn('origin_round_id', 'integer', (c) => c.references('round.id'))
    .addColumn('criterion_code', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('finding', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'in_progress', 'submitted', 'returned', 'closed', 'cancelled')`),
    )
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .addCheckConstraint('remediation_item_version_positive', sql`version >= 1`)
    .execute()
  // One item per deduction of an inspection: creating twice skips what exists.
  await db.schema
    .createIndex('remediation_item_inspection_criterion_uq')
    .on('remediation_item')
    .columns(['inspection_id', 'criterion_code'])
    .unique()
    .execute()
  await db.schema.createIndex('remediation_item_branch_status_idx').on('remediation_item').columns(['branch_id', 'status']).execute()
  await db.schema.createIndex('remediation_item_round_status_idx').on('remediation_item').columns(['round_id', 'status']).execute()
  await db.schema.createIndex('remediation_item_unit_idx').on('remediation_item').column('unit_id').execute()
  await db.schema.createIndex('remediation_item_due_idx').on('remediation_item').columns(['status', 'due_date']).execute()

  await db.schema
    .createTable('remediation_event')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('remediation_item_id', 'integer', (c) => c.notNull().references('remediation_item.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('note', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('remediation_event_item_idx').on('remediation_event').columns(['remediation_item_id', 'at']).execute()

  await db.schema
    .createTable('evidence_file')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('remediation_item_id', 'integer', (c) => c.notNull().references('remediation_item.id'))
    // Null until the upload is attached to a submission.
    .addColumn('event_id', 'integer', (c) => c.references('remediation_event.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea')
    .addColumn('path', 'text')
    .addColumn('uploaded_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('evidence_file_storage', sql`(storage = 'db' and content is not null and path is null) or (storage = 'disk' and content is null and path is not null)`)
    .addCheckConstraint('evidence_file_size', sql`size >= 0`)
    .addCheckConstraint('evidence_file_sha256', sql`sha256 ~ '^[0-9a-f]{64}$'`)
    .execute()
  await db.schema.createIndex('evidence_file_item_idx').on('evidence_file').column('remediation_item_id').execute()
  await db.schema.createIndex('evidence_file_event_idx').on('evidence_file').column('event_id').execute()

  await db.schema
    .createTable('meeting')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('minutes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('meeting_round_idx').on('meeting').columns(['round_id', 'held_on']).execute()
  await db.schema
    .createTable('meeting_item')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meeting.id').onDelete('cascade'))
    .addColumn('remediation_item_id', 'integer', (c) => c.notNull().references('remediation_item.id'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('meeting_item_pk', ['meeting_id', 'remediation_item_id'])
    .execute()
  await db.schema.createIndex('meeting_item_item_idx').on('meeting_item').column('remediation_item_id').execute()

  // Indicator inputs. A period is a closed date range (a quarter, a half, a year); summaries add up
  // the rows that fall inside the range asked for.
  await db.schema
    .createTable('survey_tally')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('branch_id', 'integer', (c) => c.notNull().references('branch.id'))
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('survey_kind', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('scale', 'text', (c) => c.notNull())
    // The service indicator this question feeds (e.g. environmentSatisfaction); null for others.
    .addColumn('indicator', 'text')
    // Counts per level, best level first (or the waiting-time buckets, shortest first).
    .addColumn('counts', sql`integer[]`, (c) => c.notNull())
    .addColumn('invalid', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('survey_tally_period', sql`period_start <= period_end`)
    .addCheckConstraint('survey_tally_invalid', sql`invalid >= 0`)
    .addUniqueConstraint('survey_tally_uq', ['branch_id', 'period_start', 'period_end', 'survey_kind', 'question'])
    .execute()
  await db.schema.createIndex('survey_tally_branch_period_idx').on('survey_tally').columns(['branch_id', 'period_start']).execute()

  await db.schema
    .createTable('phone_test')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('branch_id', 'integer', (c) => c.notNull().references('branch.id'))
    .addColumn('tested_on', 'date', (c) => c.notNull())
    .addColumn('person', 'text', (c) => c.notNull())
    .addColumn('extension', 'text')
    // Score components by name (e.g. speed, courtesy, content); total is their sum as entered.
    .addColumn('components', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('total', sql`numeric(5,2)`, (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('phone_test_total', sql`total >= 0 and total <= 100`)
    .execute()
  await db.schema.createIndex('phone_test_branch_date_idx').on('phone_test').columns(['branch_id', 'tested_on']).execute()

  await db.schema
    .createTable('petition')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('branch_id', 'integer', (c) => c.notNull().references('branch.id'))
    .addColumn('received_on', 'date', (c) => c.notNull())
    .addColumn('closed_on', 'date')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('petition_dates', sql`closed_on is null or closed_on >= received_on`)
    .execute()
  await db.schema.createIndex('petition_branch_received_idx').on('petition').columns(['branch_id', 'received_on']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['petition', 'phone_test', 'survey_tally', 'meeting_item', 'meeting', 'evidence_file', 'remediation_event', 'remediation_item']) {
    await db.schema.dropTable(table).execute()
  }
}
