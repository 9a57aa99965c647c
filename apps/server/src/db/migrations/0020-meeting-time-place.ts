import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. A meeting's start time (Asia/Taipei clock time,
// `HH:MM`, 00:00–23:59) and place, printed in the minutes; both null for meetings recorded before.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('meeting')
    .addColumn('start_time', 'varchar(5)', (c) => c.check(sql`start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`))
    .addColumn('place', 'varchar(200)')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('meeting').dropColumn('start_time').dropColumn('place').execute()
}
