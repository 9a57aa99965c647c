import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. A catalogue's content hash, kept by the
// database itself: the server caches parsed catalogues by it, so a score save reads 32 characters
// instead of the whole catalogue (~17 KB of JSON) and can never serve a stale copy.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('catalogue')
    .addColumn('content_md5', 'text', (c) => c.generatedAlwaysAs(sql`md5(data::text)`).stored().notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('catalogue').dropColumn('content_md5').execute()
}
