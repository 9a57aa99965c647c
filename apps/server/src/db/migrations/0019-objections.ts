import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. 聲明異議 (行政執行法 §9): one row per objection
// a branch receives, with how it was found and the dates of each step, so the deadlines (correct
// at once, forward within 10 days, the agency decides within 30) can be counted per branch and period.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('objection')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('branch_id', 'integer', (c) => c.notNull().references('branch.id'))
    .addColumn('received_on', 'date', (c) => c.notNull())
    .addColumn('finding', 'text', (c) => c.check(sql`finding in ('wellFounded', 'unfounded')`))
    .addColumn('corrected_on', 'date')
    .addColumn('forwarded_on', 'date')
    .addColumn('decided_on', 'date')
    .addColumn('subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('objection_corrected_after_received', sql`corrected_on is null or corrected_on >= received_on`)
    .addCheckConstraint('objection_forwarded_after_received', sql`forwarded_on is null or forwarded_on >= received_on`)
    .addCheckConstraint('objection_decided_after_forwarded', sql`decided_on is null or (forwarded_on is not null and decided_on >= forwarded_on)`)
    .execute()
  await db.schema.createIndex('objection_branch_received_idx').on('objection').columns(['branch_id', 'received_on']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('objection').execute()
}
