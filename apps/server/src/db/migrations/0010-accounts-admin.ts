import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. Running the system from the app:
// - app_user gains an e-mail address (optional: existing and CLI-made accounts have none; stored
//   trimmed and lower-cased; not unique, since one person may hold an agency and a committee
//   account), a must-change-password flag (set by an administrator's password reset, cleared when
//   the user chooses their own) and the time of the last successful sign-in (back-filled from the
//   audit trail's auth.login entries).
// - unit gains retired_at: a retired unit is offered for no new item, but items keep it.
// - app_setting holds the settings the agency changes in the app, one JSON value per key with a
//   version for stale-write checks; a key without a row has its documented default.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('app_user')
    .addColumn('email', 'text', (c) => c.check(sql`email is null or (length(email) between 3 and 254 and email like '%_@_%')`))
    .addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('last_sign_in_at', 'timestamptz')
    .execute()
  await sql`
    update app_user set last_sign_in_at = (
      select max(audit_log.at) from audit_log where audit_log.action = 'auth.login' and audit_log.actor_id = app_user.id
    )`.execute(db)

  await db.schema.alterTable('unit').addColumn('retired_at', 'timestamptz').execute()

  await db.schema
    .createTable('app_setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id'))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('app_setting').execute()
  await db.schema.alterTable('unit').dropColumn('retired_at').execute()
  await db.schema.alterTable('app_user').dropColumn('last_sign_in_at').dropColumn('must_change_password').dropColumn('email').execute()
}
