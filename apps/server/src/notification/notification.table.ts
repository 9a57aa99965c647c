import type { ColumnType, Generated, Selectable } from 'kysely'

/** `notification`: one piece of news for one user, worded by the reader from `kind` and `params`. */
export interface NotificationTable {
  id: Generated<number>
  userId: number
  kind: string
  params: ColumnType<Record<string, unknown>, string, string>
  /** Path inside the admin where the user acts on it, e.g. `/branch/items/12`. */
  link: string
  branchId: number | null
  /** Unique per user: the same news generated twice is stored once. */
  dedupeKey: string
  createdAt: Generated<Date>
  readAt: Date | null
  /** The e-mail digest that carried it, once sent in one. */
  digestId: number | null
}

/** `notification_preference`: e-mail language and the kinds a user does not want by e-mail. */
export interface NotificationPreferenceTable {
  userId: number
  locale: Generated<'zh-TW' | 'en'>
  emailOff: ColumnType<string[], string[] | undefined, string[]>
  version: Generated<number>
  updatedAt: Generated<Date>
}

export type NotificationRow = Selectable<NotificationTable>
