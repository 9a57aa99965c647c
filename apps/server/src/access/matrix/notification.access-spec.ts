import type { MatrixWorld, PolicyMap, SampleTarget } from './access-spec.js'

const writers = ['admin', 'convener', 'member', 'secretary', 'manager', 'staff'] as const

/** An unread notification of the caller (of the admin for anonymous and viewers, who get refused first). */
async function sampleNotification(world: MatrixWorld, target: SampleTarget): Promise<number> {
  const user = target.role === 'anonymous' || target.role === 'viewer' ? world.users.admin : world.users[target.role]
  const row = await world.db
    .insertInto('notification')
    .values({ userId: user.id, kind: 'itemClosed', params: JSON.stringify({ itemTitle: '標準作業流程' }), link: '/branch', branchId: null, dedupeKey: `sample:${Math.random()}` })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function sampleFailedMail(world: MatrixWorld): Promise<number> {
  const row = await world.db
    .insertInto('mailOutbox')
    .values({
      userId: world.users.admin.id,
      digestDate: `2025-01-${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}`,
      toAddress: 'admin@example.gov.tw',
      subject: '服務躍升考核系統：1 則新通知',
      bodyText: '…',
      bodyHtml: '…',
      messageId: `<sample-${Math.random()}@example>`,
      status: 'failed',
    })
    .onConflict((oc) => oc.columns(['userId', 'digestDate']).doUpdateSet({ status: 'failed' }))
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export const policy: PolicyMap = {
  'notification.list': { allowed: 'signedIn', sampleInput: () => ({ limit: 10 }) },
  'notification.unreadCount': { allowed: 'signedIn' },
  'notification.markRead': { allowed: writers, sampleInput: async (world, target) => ({ ids: [await sampleNotification(world, target)] }) },
  'notification.markAllRead': { allowed: writers },
  'notification.preferences': { allowed: 'signedIn' },
  'notification.updatePreferences': { allowed: writers, sampleInput: () => ({ locale: 'en', emailOff: ['itemDueSoon'], expectedVersion: 0 }) },
  'notification.mailStatus': { allowed: ['admin'] },
  'notification.retryMail': { allowed: ['admin'], sampleInput: async (world) => ({ id: await sampleFailedMail(world) }) },
}
