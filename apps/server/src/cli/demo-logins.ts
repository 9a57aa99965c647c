import type { Kysely } from 'kysely'
import { verifyPassword } from '../auth/password.js'
import type { Database } from '../db/database.js'
import { DEMO_LOGINS, DEMO_PASSWORD } from '../seed/accounts.seed.js'

/**
 * The demo accounts that still exist, are active and still have the demo password, with how many
 * unread notifications each has waiting, as a table to print at start with a warning; empty string
 * when there are none (e.g. in production).
 */
export async function demoLoginsTable(db: Kysely<Database>): Promise<string> {
  const rows = await db
    .selectFrom('appUser')
    .select(['username', 'passwordHash', (eb) => eb.selectFrom('notification').select((n) => n.fn.countAll<string>().as('n')).whereRef('notification.userId', '=', 'appUser.id').where('notification.readAt', 'is', null).as('unread')])
    .where('active', '=', true)
    .where('username', 'in', DEMO_LOGINS.map((d) => d.username))
    .execute()
  const hashes = new Map(rows.map((r) => [r.username, r.passwordHash]))
  const unread = new Map(rows.map((r) => [r.username, Number(r.unread ?? 0)]))
  const checks = await Promise.all(
    DEMO_LOGINS.map(async (d) => {
      const hash = hashes.get(d.username)
      return hash && (await verifyPassword(hash, DEMO_PASSWORD)) ? d : null
    }),
  )
  const open = checks.filter((d) => d !== null)
  if (open.length === 0) return ''
  const width = Math.max(...open.map((d) => d.username.length), 'username'.length)
  const lines = [
    `  ${'username'.padEnd(width)}  password   unread 未讀通知  role`,
    `  ${'-'.repeat(width)}  ---------  ---------------  ----`,
    ...open.map((d) => `  ${d.username.padEnd(width)}  ${DEMO_PASSWORD}  ${String(unread.get(d.username) ?? 0).padStart(15)}  ${d.description}`),
  ]
  return [
    'Demo logins 示範帳號:',
    ...lines,
    '',
    'WARNING: demo accounts with a published password. Change their passwords or deactivate them before real use.',
    '警告：示範帳號密碼為公開資訊，正式使用前請變更密碼或停用。',
  ].join('\n')
}
