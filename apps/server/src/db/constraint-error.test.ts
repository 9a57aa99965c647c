// Constraint violations the database enforces become the 4xx naming the field, never a 500: the
// mapper on real PGlite/PostgreSQL errors, the tRPC middleware on a procedure that skips its own
// check, the /api error handler, and user.update with a branch that does not exist (once a 500).
import { TRPCError } from '@trpc/server'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../http/app.js'
import { callerFor, createFixtureUsers, refusal } from '../test/fixtures.js'
import { useTestDatabase } from '../test/test-database.js'
import { createCallerFactory, publicProcedure, router } from '../trpc/init.js'
import { refusalData } from '../trpc/refusal.js'
import { describeConstraintError } from './constraint-error.js'

const database = useTestDatabase()

/** The error the database raises for `statement`. */
async function databaseError(statement: ReturnType<typeof sql>): Promise<unknown> {
  try {
    await statement.execute(database.db)
  } catch (error) {
    return error
  }
  throw new Error('the statement succeeded')
}

describe('describeConstraintError on real database errors', () => {
  it.each([
    ['a reference to a branch that does not exist', sql`insert into app_user (username, display_name, password_hash, branch_id, branch_role) values ('fk', 'x', 'h', 999999, 'staff')`, 400, 'UNKNOWN_BRANCH', 'branchId', 'foreign_key'],
    ['a duplicate username', sql`insert into app_user (username, display_name, password_hash, agency_role) values ('dup', 'x', 'h', 'admin'), ('dup', 'y', 'h', 'admin')`, 409, 'DUPLICATE', 'username', 'unique'],
    ['a missing value', sql`insert into app_user (username, display_name, password_hash) values ('nn', null, 'h')`, 400, 'INVALID_INPUT', 'displayName', 'not_null'],
    ['a check', sql`insert into round (roc_year, half, catalogue_id) values (114, 3, 1)`, 400, 'INVALID_INPUT', 'half', 'check:'],
    ['an id past the integer range', sql`insert into branch (id, code, name) values (${2 ** 31}, 'XX', 'x')`, 400, 'INVALID_INPUT', null, 'out_of_range'],
  ] as const)('%s', async (_what, statement, status, code, field, rule) => {
    const error = await databaseError(statement)
    const refusal = describeConstraintError(error)
    expect(refusal, String(error)).toMatchObject({ status, code, field })
    expect(refusal!.rule.startsWith(rule)).toBe(true)
    if (field) expect(refusal!.message).toContain(field)
  })

  it('a delete of a row still referenced → 409, and anything that is not a constraint → null (a real fault stays a 500)', async () => {
    const users = await createFixtureUsers(database.db)
    const error = await databaseError(sql`delete from branch where id = ${users.branchIds.TPE}`)
    expect(describeConstraintError(error)).toMatchObject({ status: 409, rule: 'foreign_key' })
    expect(describeConstraintError(new Error('boom'))).toBeNull()
    expect(describeConstraintError(await databaseError(sql`select * from no_such_table`))).toBeNull()
    // Found behind a TRPCError's cause too.
    expect(describeConstraintError(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error as Error }))).toMatchObject({ status: 409 })
  })
})

describe('the tRPC middleware maps what a procedure let through', () => {
  // A procedure that forgets to check its reference, as user.update once did.
  const careless = router({
    insertUser: publicProcedure.mutation(({ ctx }) =>
      sql`insert into app_user (username, display_name, password_hash, branch_id, branch_role) values ('careless', 'x', 'h', 424242, 'staff')`.execute(ctx.db),
    ),
  })

  it('BAD_REQUEST with errorCode and a field error on branchId, not INTERNAL_SERVER_ERROR', async () => {
    const caller = createCallerFactory(careless)({ db: database.db, dbKind: database.kind, user: null, sessionId: null } as never)
    const error = await refusal(caller.insertUser())
    expect(error.code).toBe('BAD_REQUEST')
    const data = refusalData(error)
    expect(data).toMatchObject({ errorCode: 'UNKNOWN_BRANCH', params: { field: 'branchId', rule: 'foreign_key' } })
    expect(data.fieldErrors).toEqual([expect.objectContaining({ path: ['branchId'] })])
  })
})

describe('user.update with a branch that does not exist (was a 500 from the foreign key)', () => {
  it('400 naming branchId, and the user is unchanged', async () => {
    const users = await createFixtureUsers(database.db)
    const error = await refusal(callerFor(database, users.admin).user.update({ id: users.staff.id, role: 'manager', branchId: 2_000_000 }))
    expect(error.code).toBe('BAD_REQUEST')
    expect(JSON.stringify(refusalData(error))).toContain('branchId')
    const row = await database.db.selectFrom('appUser').select(['branchId', 'branchRole']).where('id', '=', users.staff.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ branchId: users.branchIds.TPE, branchRole: 'staff' })
  })

  it('over HTTP too: 400, never 500', async () => {
    const users = await createFixtureUsers(database.db)
    const app = await buildApp({ database, logLevel: 'silent' })
    try {
      const login = await app.inject({ method: 'POST', url: '/trpc/auth.login', payload: { username: users.admin.username, password: 'fixture-password-1' }, cookies: { leap_csrf: 't' }, headers: { 'x-csrf-token': 't' } })
      const session = login.cookies.find((c) => c.name === 'leap_session')!.value
      const res = await app.inject({
        method: 'POST',
        url: '/trpc/user.update',
        cookies: { leap_session: session, leap_csrf: 't' },
        headers: { 'x-csrf-token': 't', 'content-type': 'application/json' },
        payload: JSON.stringify({ id: users.staff.id, role: 'staff', branchId: 2_000_000 }),
      })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.body).toContain('branchId')
    } finally {
      await app.close()
    }
  })
})
