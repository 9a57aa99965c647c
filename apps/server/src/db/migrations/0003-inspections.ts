import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. Catalogue content is validated by @leap/domain
// before it is stored; the database keeps it as jsonb and guards only what SQL can guard cheaply.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('catalogue')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('effective_roc_year', 'integer', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    // Set when the first inspection uses it; from then on the row never changes (a change is a new version).
    .addColumn('locked_at', 'timestamptz')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('catalogue_code_version_key', ['code', 'version'])
    .execute()

  // Defence in depth behind the repository's check: a locked catalogue row never changes again.
  await sql`
    create function catalogue_refuse_locked_update() returns trigger language plpgsql as $$
    begin
      if old.locked_at is not null then
        raise exception 'catalogue % version % is locked', old.code, old.version using errcode = 'check_violation';
      end if;
      if tg_op = 'DELETE' then
        return old;
      end if;
      return new;
    end $$`.execute(db)
  await sql`
    create trigger catalogue_locked_guard before update or delete on catalogue
    for each row execute function catalogue_refuse_locked_update()`.execute(db)

  await db.schema
    .createTable('round')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('roc_year', 'integer', (c) => c.notNull().check(sql`roc_year between 1 and 999`))
    .addColumn('half', 'smallint', (c) => c.notNull().check(sql`half in (1, 2)`))
    .addColumn('catalogue_id', 'integer', (c) => c.notNull().references('catalogue.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'closed')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('round_roc_year_half_key', ['roc_year', 'half'])
    .execute()

  await db.schema
    .createTable('round_member')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('convener', 'member', 'secretary')`))
    .addPrimaryKeyConstraint('round_member_pkey', ['round_id', 'user_id'])
    .execute()
  // One convener per round.
  await sql`create unique index round_member_one_convener on round_member (round_id) where role = 'convener'`.execute(db)
  // Committee scope: "which rounds does this user sit on".
  await db.schema.createIndex('round_member_user_idx').on('round_member').column('user_id').execute()

  await db.schema
    .createTable('conflict_of_interest')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('branch_id', 'integer', (c) => c.notNull().references('branch.id'))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(trim(reason)) > 0`))
    .addColumn('declared_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('conflict_of_interest_round_user_branch_key', ['round_id', 'user_id', 'branch_id'])
    .execute()

  await db.schema
    .createTable('inspection')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('round_id', 'integer', (c) => c.notNull().references('round.id'))
    .addColumn('branch_id', 'integer', (c) => c.notNull().references('branch.id'))
    .addColumn('inspected_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('draft').check(sql`status in ('draft', 'scoring', 'consensus', 'signed', 'closed')`),
    )
    // Snapshot of the signed sheet's result, written once at signing, so the dashboard reads columns
    // instead of re-scoring every sheet. Null until signed.
    .addColumn('total_points', 'numeric(7, 2)')
    .addColumn('pass_threshold', 'numeric(7, 2)')
    .addColumn('passed', 'boolean')
    .addColumn('dimension_totals', 'jsonb')
    .addColumn('signed_at', 'timestamptz')
    .addColumn('signed_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('inspection_round_branch_key', ['round_id', 'branch_id'])
    .addCheckConstraint(
      'inspection_signed_has_result',
      sql`status not in ('signed', 'closed') or (signed_at is not null and total_points is not null and passed is not null)`,
    )
    .execute()
  // Dashboard: a branch's trend over rounds; the round's (unique key) covers per-round listing.
  await db.schema.createIndex('inspection_branch_round_idx').on('inspection').columns(['branch_id', 'round_id']).execute()
  await db.schema.createIndex('inspection_status_idx').on('inspection').column('status').execute()

  await db.schema
    .createTable('member_score')
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspection.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('app_user.id'))
    .addColumn('criterion_code', 'text', (c) => c.notNull())
    .addColumn('tier_id', 'text')
    .addColumn('points', 'numeric(6, 2)', (c) => c.check(sql`points >= 0`))
    .addColumn('finding', 'text')
    .addColumn('not_applicable', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('member_score_pkey', ['inspection_id', 'member_id', 'criterion_code'])
    .execute()

  await db.schema
    .createTable('consensus_score')
    .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspection.id').onDelete('cascade'))
    .addColumn('criterion_code', 'text', (c) => c.notNull())
    .addColumn('tier_id', 'text')
    .addColumn('points', 'numeric(6, 2)', (c) => c.check(sql`points >= 0`))
    .addColumn('finding', 'text')
    .addColumn('not_applicable', 'boolean', (c) => c.notNull().defaultTo(false))
    // 承辦單位 that receives the remediation item of a deduction; null means the criterion's default.
    .addColumn('unit', 'text')
    // Which consensus rule produced the proposal the convener accepted or overrode, in words.
    .addColumn('rule_note', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('consensus_score_pkey', ['inspection_id', 'criterion_code'])
    .execute()

  await db.schema
    .createTable('improvement_plan')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('inspection_id', 'integer', (c) => c.notNull().unique().references('inspection.id').onDelete('cascade'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('improvement_measure')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('improvement_plan.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    // A unit (承辦單位) of the inspected branch; the server checks it belongs to that branch.
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id'))
    .addColumn('criterion_code', 'text')
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addUniqueConstraint('improvement_measure_plan_position_key', ['plan_id', 'position'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'improvement_measure',
    'improvement_plan',
    'consensus_score',
    'member_score',
    'inspection',
    'conflict_of_interest',
    'round_member',
    'round',
    'catalogue',
  ]) {
    await db.schema.dropTable(table).execute()
  }
  await sql`drop function catalogue_refuse_locked_update()`.execute(db)
}
