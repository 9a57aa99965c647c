import { beforeEach, describe, expect, it } from 'vitest'
import { callerFor, ensureBranches } from '../test/fixtures.js'
import { useTestDatabase } from '../test/test-database.js'
import { createUserFromCli, parseFlags } from './user-create.js'

const database = useTestDatabase()
beforeEach(async () => {
  await ensureBranches(database.db)
})

describe('user create (CLI)', () => {
  it('creates a branch manager who can then sign in', async () => {
    const line = await createUserFromCli(database.db, ['--username', 'Chen.M', '--name', '陳主管', '--role', 'manager', '--branch', 'khh'], 'a-long-password')
    expect(line).toMatch(/created user chen\.m .*manager of KHH/)
    const me = await callerFor(database, null).auth.login({ username: 'chen.m', password: 'a-long-password' })
    expect(me).toMatchObject({ branchRole: 'manager', branch: { code: 'KHH' } })
  })

  it('stores the e-mail given with --email, lower-cased, and refuses an invalid one', async () => {
    const line = await createUserFromCli(database.db, ['--username', 'lin', '--name', '林委員', '--role', 'committee', '--email', 'Lin@Example.TW'], 'a-long-password')
    expect(line).toMatch(/created user lin .*lin@example\.tw/)
    const row = await database.db.selectFrom('appUser').select(['email', 'mustChangePassword']).where('username', '=', 'lin').executeTakeFirstOrThrow()
    expect(row).toEqual({ email: 'lin@example.tw', mustChangePassword: false })
    await expect(createUserFromCli(database.db, ['--username', 'wu', '--name', 'W', '--role', 'viewer', '--email', 'not-mail'], 'a-long-password')).rejects.toThrow(/--email/)
    expect(await database.db.selectFrom('appUser').select('id').where('username', '=', 'wu').executeTakeFirst()).toBeUndefined()
  })

  it('refuses a password on the command line, a short password, a missing branch, an unknown branch, a taken name', async () => {
    expect(() => parseFlags(['--username', 'x', '--password', 'secret'])).toThrow(/never taken from the command line/)
    const base = ['--username', 'someone', '--name', 'S', '--role']
    await expect(createUserFromCli(database.db, [...base, 'admin'], 'short')).rejects.toThrow(/10/)
    await expect(createUserFromCli(database.db, [...base, 'staff'], 'a-long-password')).rejects.toThrow(/--branch/)
    await expect(createUserFromCli(database.db, [...base, 'staff', '--branch', 'XYZ'], 'a-long-password')).rejects.toThrow(/unknown branch XYZ/)
    await createUserFromCli(database.db, [...base, 'admin'], 'a-long-password')
    await expect(createUserFromCli(database.db, [...base, 'viewer'], 'a-long-password')).rejects.toThrow(/already exists/)
  })
})
