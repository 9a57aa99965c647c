import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. The narrative sections of a branch's
// 執行成果報告 (report 1 = 1–6月, 2 = 1–12月 of a ROC year), written in the app and printed by the
// results-report generators; the section keys are those of @leap/reports' RESULTS_REPORT_SECTIONS.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_narrative')
    .addColumn('branch_id', 'integer', (c) => c.notNull().references('branch.id'))
    .addColumn('roc_year', 'integer', (c) => c.notNull())
    .addColumn('report', 'integer', (c) => c.notNull().check(sql`report in (1, 2)`))
    .addColumn('section_key', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('report_narrative_pk', ['branch_id', 'roc_year', 'report', 'section_key'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_narrative').execute()
}
