import { BRANCHES } from '@leap/domain'
import type { Kysely } from 'kysely'
import { insertBranches } from '../branch/branch.repository.js'
import type { Database } from '../db/database.js'
import { seedNotifications } from '../notification/demo-notifications.js'
import { seedAccounts } from './accounts.seed.js'
import { seedInspections } from './inspections.seed.js'
import { seedRemediation } from './remediation.seed.js'

/** Loads the demo data set. Idempotent: rows already present are left alone. */
export async function seedDemo(db: Kysely<Database>): Promise<{ branches: number; units: number; users: number; inspections: Awaited<ReturnType<typeof seedInspections>>; remediation: Awaited<ReturnType<typeof seedRemediation>>; notifications: number }> {
  const branches = await insertBranches(db, BRANCHES)
  const accounts = await seedAccounts(db)
  const inspections = await seedInspections(db)
  // Last: items are made from the deductions of the signed demo inspections.
  const remediation = await seedRemediation(db)
  // After everything they are about: the real generators over the demo data.
  const notifications = await seedNotifications(db)
  return { branches, ...accounts, inspections, remediation, notifications }
}

/** True when the database holds no branches yet (a fresh install). */
export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('branch').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n) === 0
}
