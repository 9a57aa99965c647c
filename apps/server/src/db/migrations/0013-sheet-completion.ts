import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. A committee member marks their own score
// sheet 完成評分 (done) so the convener knows whose sheet is finished rather than guessing from
// counts. One row per member and inspection while it is marked; unmarking deletes the row.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sheet_completion')
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspection.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('completed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('sheet_completion_pkey', ['inspection_id', 'member_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sheet_completion').execute()
}
