import { DEFAULT_UNITS } from '@leap/domain'
import type { Kysely } from 'kysely'
import { hashPassword } from '../auth/password.js'
import type { Database } from '../db/database.js'
import { roleColumns, type UserRole } from '../user/user.repository.js'

/** Password of every demo account. Demo only: change or remove these accounts in production. */
export const DEMO_PASSWORD = 'demo-1234'

export interface DemoLogin {
  username: string
  displayName: string
  role: UserRole
  /** Branch code for branch users. */
  branchCode: string | null
  /** What the account is for, as printed at start. */
  description: string
}

/** The demo accounts (SERVER-PLAN.md). Committee users get their seats from the inspections seed. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { username: 'admin', displayName: '署本部管理者', role: 'admin', branchCode: null, description: 'agency admin 署管理者' },
  { username: 'viewer', displayName: '署本部檢視者', role: 'viewer', branchCode: null, description: 'agency viewer 署檢視者 (read only)' },
  { username: 'convener', displayName: '陳召集人', role: 'committee', branchCode: null, description: 'committee convener 召集人' },
  ...[1, 2, 3, 4, 5, 6].map((n) => ({
    username: `member${n}`,
    displayName: `委員${'一二三四五六'[n - 1]}`,
    role: 'committee' as const,
    branchCode: null,
    description: 'committee member 委員',
  })),
  { username: 'secretary', displayName: '林執行秘書', role: 'committee', branchCode: null, description: 'committee secretary 執行秘書' },
  { username: 'tpe-manager', displayName: '臺北分署主管', role: 'manager', branchCode: 'TPE', description: 'TPE branch manager 分署主管' },
  { username: 'tpe-staff', displayName: '臺北分署承辦人', role: 'staff', branchCode: 'TPE', description: 'TPE branch staff 分署承辦人' },
  { username: 'ila-manager', displayName: '宜蘭分署主管', role: 'manager', branchCode: 'ILA', description: 'ILA branch manager 分署主管' },
  { username: 'ila-staff', displayName: '宜蘭分署承辦人', role: 'staff', branchCode: 'ILA', description: 'ILA branch staff 分署承辦人' },
]

/**
 * Adds the units (DEFAULT_UNITS) of every branch and the demo accounts. Idempotent: existing
 * units and usernames are left alone (a changed password stays changed). Needs the branches.
 */
export async function seedAccounts(db: Kysely<Database>): Promise<{ units: number; users: number }> {
  const branches = await db.selectFrom('branch').select(['id', 'code']).execute()
  const branchId = new Map(branches.map((b) => [b.code, b.id]))
  const units = branches.length
    ? await db
        .insertInto('unit')
        .values(branches.flatMap((b) => DEFAULT_UNITS.map((name) => ({ branchId: b.id, name }))))
        .onConflict((oc) => oc.columns(['branchId', 'name']).doNothing())
        .returning('id')
        .execute()
    : []
  // One hash for all: they share the password anyway, and argon2 costs tens of milliseconds each.
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const users = await db
    .insertInto('appUser')
    .values(
      DEMO_LOGINS.filter((d) => d.branchCode === null || branchId.has(d.branchCode)).map((d) => ({
        username: d.username,
        displayName: d.displayName,
        passwordHash,
        // Under the reserved .example domain: a mail catcher on SMTP_URL shows the demo's digests, no real mailbox gets them.
        email: `${d.username}@leap.example`,
        ...roleColumns(d.role, d.branchCode ? branchId.get(d.branchCode) : null),
      })),
    )
    .onConflict((oc) => oc.column('username').doNothing())
    .returning('id')
    .execute()
  return { units: units.length, users: users.length }
}
