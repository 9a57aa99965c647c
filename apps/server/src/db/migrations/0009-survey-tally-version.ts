import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. Survey tallies become deletable one row at a
// time, like phone tests and petitions (0008): each row carries a version, moved on whenever the
// tally is replaced (re-entry or import), so a delete opened before that is refused as stale.
// Existing rows start at version 1.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('survey_tally')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('survey_tally').dropColumn('updated_at').dropColumn('version').execute()
}
