import { SERVICE_LEAP_V2 } from '@leap/domain'
import { beforeEach, describe, expect, it } from 'vitest'
import { callerFor, refusal } from '../test/fixtures.js'
import { sampleInspection } from '../test/inspection-world.js'
import { createRemediationScenario, DEDUCTED, type RemediationScenario } from '../test/remediation-world.js'
import { useTestDatabase } from '../test/test-database.js'
import type { SessionUser } from '../trpc/context.js'
import { seedNotifications } from './demo-notifications.js'
import { generateDeadlineNotifications } from './notification-events.js'

const database = useTestDatabase()
let s: RemediationScenario

beforeEach(async () => {
  s = await createRemediationScenario(database.db)
})

const NOW = '2025-03-20T02:00:00Z'
const as = (user: SessionUser, now = NOW) => callerFor(database, user, { now: () => new Date(now) })

async function createItems(branch: 'TPE' | 'ILA' = 'TPE', dueDate = '2025-04-30'): Promise<number[]> {
  const res = await as(s.users.convener).remediation.createFromInspection({ inspectionId: s.inspections[branch], items: DEDUCTED.map((criterionCode) => ({ criterionCode, dueDate })) })
  return res.created
}

/** Every user's notifications as [username-ish role, kind, link], for whole-picture assertions. */
async function inbox(user: SessionUser) {
  return (await as(user).notification.list({ limit: 100 })).items.map((n) => ({ kind: n.kind, link: n.link, params: n.params }))
}

async function everyoneElse(except: SessionUser[]): Promise<number> {
  const ids = except.map((u) => u.id)
  const rows = await database.db.selectFrom('notification').select('userId').execute()
  return rows.filter((r) => !ids.includes(r.userId)).length
}

describe('event notifications, written with the change', () => {
  it('a submission tells the convener and secretary; a return and a release tell the branch, never another branch', async () => {
    const [id] = await createItems()
    await createItems('ILA')
    const manager = as(s.users.manager)
    await as(s.users.staff).remediation.start({ id: id!, expectedVersion: 1 })
    await manager.remediation.submit({ id: id!, expectedVersion: 2, note: '流程圖已張貼並上網' })

    for (const reviewer of [s.users.convener, s.users.secretary]) {
      expect(await inbox(reviewer)).toEqual([{ kind: 'itemSubmitted', link: `/remediation/${id}`, params: expect.objectContaining({ itemId: id, branchName: '臺北分署', unitName: expect.any(String) }) }])
    }
    expect(await everyoneElse([s.users.convener, s.users.secretary])).toBe(0)

    await as(s.users.secretary).remediation.return({ id: id!, expectedVersion: 3, note: '網站未更新' })
    for (const branchUser of [s.users.manager, s.users.staff]) {
      expect(await inbox(branchUser)).toEqual([{ kind: 'itemReturned', link: `/branch/items/${id}`, params: expect.objectContaining({ itemId: id, note: '網站未更新' }) }])
    }
    // A second submission is news again; the release tells the branch.
    await as(s.users.staff).remediation.start({ id: id!, expectedVersion: 4 })
    await manager.remediation.submit({ id: id!, expectedVersion: 5, note: '網站已更新' })
    await as(s.users.convener).remediation.verify({ id: id!, expectedVersion: 6 })
    expect((await inbox(s.users.convener)).map((n) => n.kind)).toEqual(['itemSubmitted', 'itemSubmitted'])
    expect((await inbox(s.users.staff)).map((n) => n.kind)).toEqual(['itemClosed', 'itemReturned'])
    for (const other of [s.users.otherManager, s.users.otherStaff, s.users.member, s.users.admin, s.users.viewer]) expect(await inbox(other)).toEqual([])
  })

  it('a refused change writes no notification (same transaction)', async () => {
    const [id] = await createItems()
    await as(s.users.staff).remediation.start({ id: id!, expectedVersion: 1 })
    // Evidence id 999 is not this item's: the submission is refused after its event was written.
    expect((await refusal(as(s.users.manager).remediation.submit({ id: id!, expectedVersion: 2, note: '完成', evidenceIds: [999] }))).code).toBe('BAD_REQUEST')
    expect(await database.db.selectFrom('notification').selectAll().execute()).toEqual([])
  })

  it('a reviewer recused from the branch is not asked to review it', async () => {
    const [id] = await createItems()
    await database.db.insertInto('conflictOfInterest').values({ roundId: s.roundId, userId: s.users.secretary.id, branchId: s.users.branchIds.TPE!, reason: '曾任職該分署' }).execute()
    await as(s.users.staff).remediation.start({ id: id!, expectedVersion: 1 })
    await as(s.users.manager).remediation.submit({ id: id!, expectedVersion: 2, note: '完成' })
    expect(await inbox(s.users.convener)).toHaveLength(1)
    expect(await inbox(s.users.secretary)).toEqual([])
  })

  it('a meeting scheduled ahead tells the committee all items and each branch only its own; a past one tells no one', async () => {
    await createItems('TPE')
    const [ila] = await createItems('ILA')
    await database.db.updateTable('remediationItem').set({ status: 'closed' }).where('id', '=', ila!).execute()
    const meeting = await as(s.users.secretary).meeting.create({ roundId: s.roundId, heldOn: '2025-04-15', title: '第2次任務編組會議' })
    const committee = await inbox(s.users.member)
    expect(committee).toEqual([{ kind: 'meetingScheduled', link: `/meetings/${meeting.id}`, params: expect.objectContaining({ itemCount: 5, heldOn: '2025-04-15', meetingTitle: '第2次任務編組會議' }) }])
    expect((await inbox(s.users.staff))[0]!.params).toMatchObject({ itemCount: 3, branchName: '臺北分署' })
    expect((await inbox(s.users.otherManager))[0]!.params).toMatchObject({ itemCount: 2, branchName: '宜蘭分署' })
    expect(await inbox(s.users.admin)).toEqual([])

    await as(s.users.secretary).meeting.create({ roundId: s.roundId, heldOn: '2025-03-01', title: '補登會議' })
    expect(await inbox(s.users.member)).toHaveLength(1)
  })

  it('signing below the threshold tells the branch and the agency admins that a plan is due', async () => {
    const { inspectionId } = await sampleInspection(database.db, s.users, s.users.branchIds.TPE!, 'consensus')
    const criteria = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria)
    for (const c of criteria.slice(8)) {
      const last = c.tiers[c.tiers.length - 1]!
      await database.db.updateTable('consensusScore').set({ tierId: last.id, points: last.points, finding: '未辦理' }).where('inspectionId', '=', inspectionId).where('criterionCode', '=', c.code).execute()
    }
    const signed = await as(s.users.convener).inspection.sign({ id: inspectionId, expectedVersion: 1 })
    expect(signed.inspection.passed).toBe(false)
    expect(await inbox(s.users.manager)).toEqual([{ kind: 'inspectionBelowThreshold', link: '/branch', params: expect.objectContaining({ inspectionId, passThreshold: 750, branchName: '臺北分署' }) }])
    expect(await inbox(s.users.admin)).toEqual([{ kind: 'inspectionBelowThreshold', link: `/inspections/${inspectionId}`, params: expect.objectContaining({ inspectionId }) }])
    expect(await everyoneElse([s.users.manager, s.users.staff, s.users.admin])).toBe(0)
  })
})

describe('deadline notifications (daily job)', () => {
  it('tells each branch of its items due soon and overdue, once per due date', async () => {
    const tpe = await createItems('TPE', '2025-03-25')
    const ila = await createItems('ILA', '2025-03-10')
    // Submitted items wait for the committee: not the branch's to chase.
    await database.db.updateTable('remediationItem').set({ status: 'submitted' }).where('id', '=', tpe[2]!).execute()
    const first = await generateDeadlineNotifications(database.db, new Date(NOW))
    expect(first).toMatchObject({ today: '2025-03-20', dueSoon: 4, overdue: 6, written: 10 })
    expect((await inbox(s.users.staff)).map((n) => [n.kind, n.params.days])).toEqual([
      ['itemDueSoon', 5],
      ['itemDueSoon', 5],
    ])
    expect((await inbox(s.users.otherManager)).every((n) => n.kind === 'itemOverdue' && n.params.days === 10)).toBe(true)
    expect(await inbox(s.users.otherManager)).toHaveLength(3)
    expect(await everyoneElse([s.users.manager, s.users.staff, s.users.otherManager, s.users.otherStaff])).toBe(0)

    // Again the same day, or the next day: nothing new. A moved due date is news again.
    expect((await generateDeadlineNotifications(database.db, new Date('2025-03-21T02:00:00Z'))).written).toBe(0)
    await database.db.updateTable('remediationItem').set({ dueDate: '2025-03-30' }).where('id', '=', tpe[0]!).execute()
    expect((await generateDeadlineNotifications(database.db, new Date('2025-03-21T02:00:00Z'))).written).toBe(2)
    // Past the due date, the same item becomes overdue news.
    const late = await generateDeadlineNotifications(database.db, new Date('2025-03-27T02:00:00Z'))
    expect(late.written).toBe(2)
    expect((await inbox(s.users.manager)).filter((n) => n.kind === 'itemOverdue').map((n) => n.params.itemId)).toEqual([tpe[1]])
    expect(ila).toHaveLength(3)
  })

  it('reminds a member who has not marked 完成評分 two days before the consensus date, not one who has', async () => {
    const { inspectionId } = await sampleInspection(database.db, s.users, s.users.branchIds.TPE!, 'scoring')
    const inspection = await database.db.selectFrom('inspection').select('inspectedOn').where('id', '=', inspectionId).executeTakeFirstOrThrow()
    const day = typeof inspection.inspectedOn === 'string' ? inspection.inspectedOn : inspection.inspectedOn.toISOString().slice(0, 10)
    // The member scored every criterion but has not marked the sheet done; the convener has.
    const criteria = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria)
    await database.db
      .insertInto('memberScore')
      .values(criteria.map((c) => ({ inspectionId, memberId: s.users.member.id, criterionCode: c.code, tierId: c.tiers[0]!.id, points: c.tiers[0]!.points })))
      .execute()
    await database.db.insertInto('sheetCompletion').values({ inspectionId, memberId: s.users.convener.id }).execute()
    const at = (offsetDays: number) => new Date(new Date(`${day}T02:00:00Z`).getTime() + offsetDays * 86_400_000)
    expect((await generateDeadlineNotifications(database.db, at(4))).sheetUnfinished).toBe(0)
    const due = await generateDeadlineNotifications(database.db, at(5))
    expect(due.sheetUnfinished).toBe(1)
    expect(await inbox(s.users.member)).toEqual([{ kind: 'sheetUnfinished', link: `/inspections/${inspectionId}`, params: expect.objectContaining({ inspectedOn: day, inspectionId }) }])
    expect(await inbox(s.users.convener)).toEqual([])
    expect((await generateDeadlineNotifications(database.db, at(6))).written).toBe(0)
  })
})

describe('notification procedures', () => {
  it('lists newest first with the unread count, marks read (own only), marks all read, audited', async () => {
    const [id] = await createItems()
    await generateDeadlineNotifications(database.db, new Date('2025-04-25T02:00:00Z'))
    await as(s.users.staff).remediation.start({ id: id!, expectedVersion: 1 })
    await as(s.users.manager).remediation.submit({ id: id!, expectedVersion: 2, note: '完成' })
    await as(s.users.secretary).remediation.return({ id: id!, expectedVersion: 3, note: '請補佐證' })
    const staff = as(s.users.staff)
    const listed = await staff.notification.list({ limit: 10 })
    expect(listed.unread).toBe(4)
    expect(listed.items[0]).toMatchObject({ kind: 'itemReturned', readAt: null })
    expect((await staff.notification.unreadCount()).count).toBe(4)

    const mine = listed.items[0]!.id
    const others = (await as(s.users.manager).notification.list()).items[0]!.id
    expect((await refusal(staff.notification.markRead({ ids: [mine, others] }))).code).toBe('NOT_FOUND')
    expect((await staff.notification.unreadCount()).count).toBe(4)
    expect(await staff.notification.markRead({ ids: [mine] })).toEqual({ read: [mine], unread: 3 })
    expect((await staff.notification.list({ unreadOnly: true })).items.map((n) => n.id)).not.toContain(mine)
    expect(await staff.notification.markAllRead()).toEqual({ read: 3, unread: 0 })
    expect((await as(s.users.manager).notification.unreadCount()).count).toBe(4)

    const page = await staff.notification.list({ limit: 2 })
    const next = await staff.notification.list({ limit: 2, beforeId: page.items[1]!.id })
    expect([...page.items, ...next.items].map((n) => n.id)).toEqual(listed.items.map((n) => n.id))
    const audit = await database.db.selectFrom('auditLog').select(['action', 'actorId']).where('entity', '=', 'notification').execute()
    expect(audit).toEqual([
      { action: 'notification.markRead', actorId: s.users.staff.id },
      { action: 'notification.markAllRead', actorId: s.users.staff.id },
    ])
  })

  it('keeps e-mail preferences per user with a version, refusing a stale write and unknown kinds', async () => {
    const staff = as(s.users.staff)
    expect(await staff.notification.preferences()).toMatchObject({ locale: 'zh-TW', emailOff: [], version: 0, emailOn: false })
    const saved = await staff.notification.updatePreferences({ locale: 'en', emailOff: ['itemDueSoon', 'meetingScheduled'], expectedVersion: 0 })
    expect(saved).toEqual({ locale: 'en', emailOff: ['itemDueSoon', 'meetingScheduled'], version: 1 })
    expect((await refusal(staff.notification.updatePreferences({ locale: 'zh-TW', emailOff: [], expectedVersion: 0 }))).code).toBe('CONFLICT')
    const bad = await refusal(staff.notification.updatePreferences({ locale: 'zh-TW', emailOff: ['everything' as never], expectedVersion: 1 }))
    expect(bad.code).toBe('BAD_REQUEST')
    expect(await as(s.users.manager).notification.preferences()).toMatchObject({ locale: 'zh-TW', version: 0 })
  })
})

describe('demo notifications', () => {
  it('the real generators over demo-like data give each role its own, and a second run adds nothing', async () => {
    const [id] = await createItems('TPE', '2025-03-25')
    await createItems('ILA', '2025-03-10')
    await as(s.users.staff).remediation.start({ id: id!, expectedVersion: 1 })
    await as(s.users.manager).remediation.submit({ id: id!, expectedVersion: 2, note: '完成' })
    await database.db.deleteFrom('notification').execute()
    const written = await seedNotifications(database.db, new Date(NOW))
    expect(written).toBeGreaterThan(0)
    expect((await inbox(s.users.convener)).map((n) => n.kind)).toEqual(['itemSubmitted'])
    expect((await inbox(s.users.staff)).map((n) => n.kind)).toEqual(['itemDueSoon', 'itemDueSoon'])
    expect((await inbox(s.users.otherStaff)).map((n) => n.kind)).toEqual(['itemOverdue', 'itemOverdue', 'itemOverdue'])
    expect(await seedNotifications(database.db, new Date(NOW))).toBe(0)
  })
})
