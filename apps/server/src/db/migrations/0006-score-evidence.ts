import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. Evidence files may also belong to one
// criterion of an inspection's score sheet (uploaded by the committee while scoring) instead of a
// remediation item: exactly one owner is set, checked by the database.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('evidence_file').alterColumn('remediation_item_id', (c) => c.dropNotNull()).execute()
  await db.schema.alterTable('evidence_file').addColumn('inspection_id', 'integer', (c) => c.references('inspection.id')).execute()
  await db.schema.alterTable('evidence_file').addColumn('criterion_code', 'text').execute()
  await db.schema
    .alterTable('evidence_file')
    .addCheckConstraint(
      'evidence_file_owner',
      sql`(remediation_item_id is not null and inspection_id is null and criterion_code is null)
       or (remediation_item_id is null and inspection_id is not null and criterion_code is not null and event_id is null)`,
    )
    .execute()
  await db.schema.createIndex('evidence_file_criterion_idx').on('evidence_file').columns(['inspection_id', 'criterion_code']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('evidence_file_criterion_idx').execute()
  await db.deleteFrom('evidence_file').where('remediation_item_id', 'is', null).execute()
  await db.schema.alterTable('evidence_file').dropConstraint('evidence_file_owner').execute()
  await db.schema.alterTable('evidence_file').dropColumn('criterion_code').execute()
  await db.schema.alterTable('evidence_file').dropColumn('inspection_id').execute()
  await db.schema.alterTable('evidence_file').alterColumn('remediation_item_id', (c) => c.setNotNull()).execute()
}
