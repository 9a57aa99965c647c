import type { Kysely } from 'kysely'

// Frozen: migrations never import application code. A meeting's minutes carry a version, so a save
// made from minutes read before someone else's save is refused (CONFLICT) instead of overwriting them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('meeting').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('meeting').dropColumn('version').execute()
}
