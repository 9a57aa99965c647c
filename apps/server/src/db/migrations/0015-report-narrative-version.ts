import type { Kysely } from 'kysely'

// Frozen: migrations never import application code. A results-report section carries a version, so
// a save made from text read before someone else's save is refused instead of overwriting it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_narrative').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_narrative').dropColumn('version').execute()
}
