import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

/** `unit`: a unit (承辦單位) of one branch that receives remediation items. */
export interface UnitTable {
  id: Generated<number>
  branchId: number
  name: string
  /** When the unit was retired: offered for no new item, but items keep it. Null while in use. */
  retiredAt: Date | null
}

/** `app_user`: a person who signs in. Username stored lower-case; never deleted, only deactivated. */
export interface AppUserTable {
  id: Generated<number>
  username: string
  displayName: string
  /** argon2id PHC string. */
  passwordHash: string
  agencyRole: 'admin' | 'viewer' | null
  branchId: number | null
  branchRole: 'manager' | 'staff' | null
  active: Generated<boolean>
  createdAt: Generated<Date>
  passwordChangedAt: Generated<Date>
  /** Trimmed, lower-cased; null when not given. */
  email: string | null
  /** Set by an administrator's password reset: until the user picks a password, they can only change it. */
  mustChangePassword: Generated<boolean>
  lastSignInAt: Date | null
}

export type UnitRow = Selectable<UnitTable>
export type AppUserRow = Selectable<AppUserTable>
export type NewAppUserRow = Insertable<AppUserTable>
export type AppUserUpdate = Updateable<AppUserTable>
