import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. Phone tests and petitions become correctable
// and deletable one row at a time: each row carries a version (optimistic concurrency, as
// remediation items do) and the time of its last change. Existing rows start at version 1.
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['phone_test', 'petition']) {
    await db.schema
      .alterTable(table)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['phone_test', 'petition']) {
    await db.schema.alterTable(table).dropColumn('updated_at').dropColumn('version').execute()
  }
}
