import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. A catalogue version being drafted (issue 19):
// the agency admin edits a copy of a version as data and may leave and come back before publishing
// it, so the draft is stored — content as typed (not yet valid), the version it started from, and
// a version number for concurrent saves. Publishing creates the catalogue row and deletes the draft.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('catalogue_draft')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('base_catalogue_id', 'integer', (c) => c.references('catalogue.id').onDelete('set null'))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('catalogue_draft').execute()
}
