import type { Kysely } from 'kysely'
import { z } from 'zod'
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/password.js'
import type { Database } from '../db/database.js'
import { insertUser } from '../user/user.repository.js'
import { emailSchema, usernameSchema } from '../user/user.router.js'

const argsSchema = z
  .object({
    username: usernameSchema,
    name: z.string().trim().min(1).max(100),
    role: z.enum(['admin', 'viewer', 'manager', 'staff', 'committee']),
    branch: z.string().trim().toUpperCase().length(3).optional(),
    email: emailSchema.optional(),
  })
  .refine((a) => !(a.role === 'manager' || a.role === 'staff') || a.branch, {
    message: 'required for manager and staff',
    path: ['branch'],
  })

/** Parses `--key value` pairs. Throws on a flag without value, a stray argument, or `--password`. */
export function parseFlags(args: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {}
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i] ?? ''
    const value = args[i + 1]
    if (key === '--password') throw new Error('the password is never taken from the command line: set LEAP_PASSWORD or pipe it on stdin')
    if (!key.startsWith('--') || value === undefined || value.startsWith('--')) throw new Error(`expected --flag value, got ${key}`)
    flags[key.slice(2)] = value
  }
  return flags
}

/**
 * `user create --username X --name Y --role admin|viewer|manager|staff|committee [--branch TPE] [--email a@b.tw]`.
 * Returns the line to print; throws a readable message for bad flags, a short password, an
 * unknown branch or a taken username.
 */
export async function createUserFromCli(db: Kysely<Database>, args: readonly string[], password: string): Promise<string> {
  const parsed = argsSchema.safeParse(parseFlags(args))
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'))
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new Error(`the password must have ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters`)
  }
  const { username, name, role, branch, email } = parsed.data
  let branchId: number | null = null
  if (role === 'manager' || role === 'staff') {
    const row = await db.selectFrom('branch').select('id').where('code', '=', branch ?? '').executeTakeFirst()
    if (!row) throw new Error(`unknown branch ${branch} (run \`seed --demo\` to load the branches, or check the code)`)
    branchId = row.id
  }
  if (await db.selectFrom('appUser').select('id').where('username', '=', username).executeTakeFirst()) {
    throw new Error(`user ${username} already exists`)
  }
  const user = await insertUser(db, { username, displayName: name, role, branchId, email: email ?? null, passwordHash: await hashPassword(password) })
  return `created user ${user.username} (id ${user.id}, ${role}${branchId ? ` of ${branch}` : ''}${email ? `, ${email}` : ''})`
}
