import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. A criterion mapping between two catalogue
// versions (issue 19): which criteria of `from` became which of `to`, so trends across versions are
// shown on a comparable basis. One mapping per ordered pair; versioned (a save names the version it
// was edited from); its changes move the dashboard's data version (0014's trigger function), so a
// cached dashboard never outlives the mapping it was computed with.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('catalogue_mapping')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('from_catalogue_id', 'integer', (c) => c.notNull().references('catalogue.id').onDelete('cascade'))
    .addColumn('to_catalogue_id', 'integer', (c) => c.notNull().references('catalogue.id').onDelete('cascade'))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('catalogue_mapping_pair_key', ['from_catalogue_id', 'to_catalogue_id'])
    .addCheckConstraint('catalogue_mapping_distinct', sql`from_catalogue_id <> to_catalogue_id`)
    .execute()
  await sql`create trigger catalogue_mapping_dashboard_version after insert or update or delete or truncate on catalogue_mapping
    for each statement execute function dashboard_version_bump()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists catalogue_mapping_dashboard_version on catalogue_mapping`.execute(db)
  await db.schema.dropTable('catalogue_mapping').execute()
}
