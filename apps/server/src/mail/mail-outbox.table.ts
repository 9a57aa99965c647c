import type { ColumnType, Generated, Selectable } from 'kysely'

export type MailStatus = 'pending' | 'sending' | 'sent' | 'failed'

/** `mail_outbox`: one daily digest for one user (unique per user and day), and its delivery state. */
export interface MailOutboxTable {
  id: Generated<number>
  userId: number
  digestDate: ColumnType<Date | string, string, string>
  toAddress: string
  subject: string
  bodyText: string
  bodyHtml: string
  messageId: string
  status: Generated<MailStatus>
  attempts: Generated<number>
  nextAttemptAt: Generated<Date>
  /** While `sending`: the instance holding the row may send until then; afterwards anyone may retake it. */
  leaseUntil: Date | null
  claimedBy: string | null
  lastError: string | null
  createdAt: Generated<Date>
  sentAt: Date | null
}

export type MailOutboxRow = Selectable<MailOutboxTable>
