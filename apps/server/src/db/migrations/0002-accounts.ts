import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('unit')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('branch_id', 'integer', (c) => c.notNull().references('branch.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addUniqueConstraint('unit_branch_name_key', ['branch_id', 'name'])
    .execute()

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    // Stored lower-case, so uniqueness is case-insensitive without citext.
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('agency_role', 'text', (c) => c.check(sql`agency_role in ('admin', 'viewer')`))
    .addColumn('branch_id', 'integer', (c) => c.references('branch.id'))
    .addColumn('branch_role', 'text', (c) => c.check(sql`branch_role in ('manager', 'staff')`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('password_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A branch role needs a branch and vice versa; an agency role and a branch do not mix.
    .addCheckConstraint('app_user_branch_pair_check', sql`(branch_id is null) = (branch_role is null)`)
    .addCheckConstraint('app_user_agency_or_branch_check', sql`agency_role is null or branch_id is null`)
    .execute()

  await db.schema
    .createTable('user_session')
    // Keyed SHA-256 of the cookie token: a leaked table does not yield usable cookies.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute()
  await db.schema.createIndex('user_session_user_id_idx').on('user_session').column('user_id').execute()

  await db.schema
    .createTable('login_attempt')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('success', 'boolean', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('login_attempt_username_at_idx').on('login_attempt').columns(['username', 'at']).execute()
  await db.schema.createIndex('login_attempt_ip_at_idx').on('login_attempt').columns(['ip', 'at']).execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_id', 'integer', (c) => c.references('app_user.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('branch_id', 'integer', (c) => c.references('branch.id'))
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('ip', 'text')
    .execute()
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute()
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity', 'entity_id']).execute()
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').column('actor_id').execute()

  // Append-only: a row trigger refuses UPDATE and DELETE (TRUNCATE, an owner's tool, stays possible).
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').execute()
  await sql`drop function if exists audit_log_append_only()`.execute(db)
  await db.schema.dropTable('login_attempt').execute()
  await db.schema.dropTable('user_session').execute()
  await db.schema.dropTable('app_user').execute()
  await db.schema.dropTable('unit').execute()
}
