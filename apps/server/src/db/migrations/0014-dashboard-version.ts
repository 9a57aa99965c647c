import { sql, type Kysely } from 'kysely'

// Frozen: migrations never import application code. The national dashboards change only when an
// inspection, a round or a branch changes (signed, reopened, corrected, scheduled, renamed …).
// One counter row, moved on by statement triggers in the same transaction as any such change, lets
// every server instance cache a dashboard under the version it was computed at and know for certain,
// with one primary-key read, whether it is still current. Score saves never touch these tables.
// The values come from a sequence no table owns, so a version is never used twice — not even after
// the tables are emptied (TRUNCATE … RESTART IDENTITY removes the row; the next change writes it again).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence dashboard_version_seq`.execute(db)
  await db.schema
    .createTable('dashboard_version')
    .addColumn('id', 'smallint', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute()
  await sql`insert into dashboard_version (id, version) values (1, nextval('dashboard_version_seq'))`.execute(db)
  await sql`
    create function dashboard_version_bump() returns trigger language plpgsql as $$
    begin
      insert into dashboard_version (id, version) values (1, nextval('dashboard_version_seq'))
        on conflict (id) do update set version = excluded.version;
      return null;
    end
    $$`.execute(db)
  for (const table of ['inspection', 'round', 'branch', 'catalogue']) {
    await sql`
      create trigger ${sql.raw(`${table}_dashboard_version`)} after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function dashboard_version_bump()`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['inspection', 'round', 'branch', 'catalogue']) {
    await sql`drop trigger if exists ${sql.raw(`${table}_dashboard_version`)} on ${sql.table(table)}`.execute(db)
  }
  await sql`drop function if exists dashboard_version_bump()`.execute(db)
  await db.schema.dropTable('dashboard_version').execute()
  await sql`drop sequence if exists dashboard_version_seq`.execute(db)
}
