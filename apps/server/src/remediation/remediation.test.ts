import { isOverdue } from '@leap/domain'
import { beforeEach, describe, expect, it } from 'vitest'
import { callerFor } from '../test/fixtures.js'
import { useTestDatabase } from '../test/test-database.js'
import type { SessionUser } from '../trpc/context.js'
import { createRemediationScenario, DEDUCTED, type RemediationScenario } from '../test/remediation-world.js'

const database = useTestDatabase()
let s: RemediationScenario

beforeEach(async () => {
  s = await createRemediationScenario(database.db)
})

const at = (iso: string) => () => new Date(iso)
const as = (user: SessionUser, now = '2025-03-20T02:00:00Z') => callerFor(database, user, { now: at(now) })

async function createItems(branch: 'TPE' | 'ILA' = 'TPE', dueDate = '2025-04-30') {
  const res = await as(s.users.convener).remediation.createFromInspection({
    inspectionId: s.inspections[branch],
    items: DEDUCTED.map((criterionCode) => ({ criterionCode, dueDate })),
  })
  return res.created
}

describe('remediation.createFromInspection', () => {
  it('turns each deduction of a signed inspection into an open item with its unit, and skips duplicates', async () => {
    const created = await createItems()
    expect(created).toHaveLength(3)
    const item = await as(s.users.staff).remediation.byId({ id: created[0]! })
    expect(item).toMatchObject({ status: 'open', version: 1, criterionCode: 'sop-and-forms', unitName: '秘書室', dueDate: '2025-04-30', overdue: false })
    expect(item.finding).toContain('未達標準')
    expect(item.timeline.map((e) => e.action)).toEqual(['create'])

    const again = await as(s.users.secretary).remediation.createFromInspection({
      inspectionId: s.inspections.TPE,
      items: [{ criterionCode: 'website', dueDate: '2025-05-31' }],
    })
    expect(again).toEqual({ created: [], skipped: ['website'] })
  })

  it('refuses a criterion that was not deducted, branch users and plain members', async () => {
    await expect(
      as(s.users.convener).remediation.createFromInspection({ inspectionId: s.inspections.TPE, items: [{ criterionCode: 'facilities', dueDate: '2025-04-30' }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    const input = { inspectionId: s.inspections.TPE, items: [{ criterionCode: 'website', dueDate: '2025-04-30' }] }
    await expect(as(s.users.manager).remediation.createFromInspection(input)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(as(s.users.member).remediation.createFromInspection(input)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(as(s.users.otherManager).remediation.createFromInspection(input)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('remediation lifecycle through the API', () => {
  it('runs open → in progress → submitted → returned → … → closed with the right role at each step, audited', async () => {
    const [id] = await createItems()
    const staff = as(s.users.staff)
    const manager = as(s.users.manager)

    let item = await staff.remediation.start({ id: id!, expectedVersion: 1 })
    expect(item).toMatchObject({ status: 'in_progress', version: 2 })
    // Staff may report progress but not submit: submitting is the manager's act.
    item = await staff.remediation.postProgress({ id: id!, expectedVersion: 2, note: '已修訂流程圖草稿' })
    expect(item).toMatchObject({ status: 'in_progress', version: 3 })
    await expect(staff.remediation.submit({ id: id!, expectedVersion: 3, note: '完成' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(manager.remediation.submit({ id: id!, expectedVersion: 3 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    item = await manager.remediation.submit({ id: id!, expectedVersion: 3, note: '流程圖已張貼並上網' })
    expect(item.status).toBe('submitted')

    // Neither the branch nor a plain member may release it; a return needs a reason.
    await expect(manager.remediation.verify({ id: id!, expectedVersion: 4 })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(as(s.users.member).remediation.verify({ id: id!, expectedVersion: 4 })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(as(s.users.secretary).remediation.return({ id: id!, expectedVersion: 4, note: '  ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    item = await as(s.users.secretary).remediation.return({ id: id!, expectedVersion: 4, note: '網站未更新' })
    expect(item.status).toBe('returned')

    await staff.remediation.start({ id: id!, expectedVersion: 5 })
    await manager.remediation.submit({ id: id!, expectedVersion: 6, note: '網站已更新' })
    item = await as(s.users.convener).remediation.verify({ id: id!, expectedVersion: 7 })
    expect(item).toMatchObject({ status: 'closed', version: 8 })
    expect(item.closedAt).toBeInstanceOf(Date)

    const detail = await as(s.users.viewer).remediation.byId({ id: id! })
    expect(detail.timeline.map((e) => [e.action, e.toStatus])).toEqual([
      ['create', 'open'],
      ['start', 'in_progress'],
      ['postProgress', 'in_progress'],
      ['submit', 'submitted'],
      ['return', 'returned'],
      ['start', 'in_progress'],
      ['submit', 'submitted'],
      ['verify', 'closed'],
    ])
    expect(detail.timeline[4]).toMatchObject({ note: '網站未更新', actorName: s.users.secretary.displayName })
    expect(detail.allowedActions).toEqual([])

    const audit = await database.db.selectFrom('auditLog').select(['action', 'actorId']).where('entity', '=', 'remediation_item').where('entityId', '=', String(id)).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual([
      'remediation.start',
      'remediation.postProgress',
      'remediation.submit',
      'remediation.return',
      'remediation.start',
      'remediation.submit',
      'remediation.verify',
    ])
  })

  it('lets the viewer read but never act, and cancels only with a reason', async () => {
    const [id] = await createItems()
    await expect(as(s.users.viewer).remediation.start({ id: id!, expectedVersion: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(as(s.users.admin).remediation.start({ id: id!, expectedVersion: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const cancelled = await as(s.users.admin).remediation.cancel({ id: id!, expectedVersion: 1, note: '重複列管' })
    expect(cancelled.status).toBe('cancelled')
  })

  it('answers CONFLICT with the current version when expectedVersion is stale, and changes nothing', async () => {
    const [id] = await createItems()
    await as(s.users.staff).remediation.start({ id: id!, expectedVersion: 1 })
    const error = await as(s.users.manager)
      .remediation.postProgress({ id: id!, expectedVersion: 1, note: 'late' })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'CONFLICT' })
    expect((error as { cause?: { code: string; params: { current?: { version: number } } } }).cause).toMatchObject({ code: 'VERSION_CONFLICT', params: { current: { version: 2 } } })
    const item = await as(s.users.manager).remediation.byId({ id: id! })
    expect(item.timeline).toHaveLength(2)
  })
})

describe('remediation scope', () => {
  it("hides another branch's items with the same NOT_FOUND as a missing one", async () => {
    const [tpeId] = await createItems('TPE')
    await createItems('ILA')
    const other = as(s.users.otherStaff)
    const hidden = await other.remediation.byId({ id: tpeId! }).catch((e: unknown) => e)
    const missing = await other.remediation.byId({ id: 999_999 }).catch((e: unknown) => e)
    expect(hidden).toMatchObject({ code: 'NOT_FOUND' })
    expect((hidden as { cause?: unknown }).cause).toEqual((missing as { cause?: unknown }).cause)
    expect((hidden as Error).message).toBe((missing as Error).message)
    await expect(other.remediation.start({ id: tpeId!, expectedVersion: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' })

    const ownList = await other.remediation.list({})
    expect(ownList.total).toBe(3)
    expect(ownList.items.every((i) => i.branchId === s.users.branchIds.ILA)).toBe(true)
    // Asking for another branch by filter yields nothing rather than its items.
    expect((await other.remediation.list({ branchId: s.users.branchIds.TPE })).total).toBe(0)
    expect((await as(s.users.viewer).remediation.list({})).total).toBe(6)
    expect((await as(s.users.member).remediation.list({ branchId: s.users.branchIds.TPE })).total).toBe(3)
  })

  it('pages and filters by status and unit', async () => {
    await createItems('TPE')
    const admin = as(s.users.admin)
    const page1 = await admin.remediation.list({ pageSize: 2 })
    const page2 = await admin.remediation.list({ pageSize: 2, page: 2 })
    expect(page1).toMatchObject({ total: 3, page: 1 })
    expect(page1.items).toHaveLength(2)
    expect(page2.items).toHaveLength(1)
    expect(new Set([...page1.items, ...page2.items].map((i) => i.id)).size).toBe(3)
    expect((await admin.remediation.list({ unitId: s.units.TPE['統計室'] })).items.map((i) => i.criterionCode)).toEqual(['website'])
    expect((await admin.remediation.list({ status: ['closed'] })).total).toBe(0)
  })
})

describe('remediation.list overdue filter', () => {
  it('keeps items due before today (Asia/Taipei) that are still tracked, as the domain decides', async () => {
    const [a, b, c] = await createItems('TPE', '2025-04-30')
    await as(s.users.admin).remediation.cancel({ id: c!, expectedVersion: 1, note: '誤列' })
    // 2025-04-30T16:30Z is already 2025-05-01 in Taipei: due 04-30 is then overdue.
    const before = await as(s.users.admin, '2025-04-30T15:00:00Z').remediation.list({ overdue: true })
    const after = await as(s.users.admin, '2025-04-30T16:30:00Z').remediation.list({ overdue: true })
    expect(before.total).toBe(0)
    expect(after.items.map((i) => i.id).sort()).toEqual([a, b].sort())
    const all = await as(s.users.admin, '2025-04-30T16:30:00Z').remediation.list({})
    for (const item of all.items) {
      expect(item.overdue).toBe(isOverdue(item, '2025-05-01'))
      expect(after.items.some((i) => i.id === item.id)).toBe(item.overdue)
    }
  })
})

describe('remediation.bulk', () => {
  async function submitted(ids: number[]) {
    for (const id of ids) {
      await as(s.users.staff).remediation.start({ id, expectedVersion: 1 })
      await as(s.users.manager).remediation.submit({ id, expectedVersion: 2, note: '完成' })
    }
  }

  it('verifies several items in one go', async () => {
    const ids = await createItems()
    await submitted(ids)
    const res = await as(s.users.secretary).remediation.bulk({ action: 'verify', items: ids.map((id) => ({ id, expectedVersion: 3 })) })
    expect(res.items.map((i) => i.status)).toEqual(['closed', 'closed', 'closed'])
  })

  it('is all or nothing, and the error names the failing item', async () => {
    const ids = await createItems()
    await submitted(ids.slice(0, 2))
    const error = await as(s.users.convener)
      .remediation.bulk({ action: 'verify', items: ids.map((id, i) => ({ id, expectedVersion: i < 2 ? 3 : 1 })) })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'PRECONDITION_FAILED' })
    expect((error as { cause?: { params?: unknown } }).cause?.params).toMatchObject({ item: 3, itemId: ids[2] })
    const statuses = await database.db.selectFrom('remediationItem').select(['id', 'status']).orderBy('id').execute()
    expect(statuses.map((r) => r.status)).toEqual(['submitted', 'submitted', 'open'])
    const audits = await database.db.selectFrom('auditLog').select('action').where('action', '=', 'remediation.verify').execute()
    expect(audits).toHaveLength(0)
  })

  it('refuses a return without a reason and a branch user', async () => {
    const ids = await createItems()
    await submitted(ids)
    await expect(as(s.users.secretary).remediation.bulk({ action: 'return', items: [{ id: ids[0]!, expectedVersion: 3 }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(as(s.users.manager).remediation.bulk({ action: 'cancel', note: 'x', items: [{ id: ids[0]!, expectedVersion: 3 }] })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})

describe('remediation.carryOver', () => {
  it('moves the items still tracked into the next round, keeping their timeline, and leaves closed ones', async () => {
    const [a, b, c] = await createItems()
    await as(s.users.admin).remediation.cancel({ id: c!, expectedVersion: 1, note: '誤列' })
    await as(s.users.staff).remediation.start({ id: b!, expectedVersion: 1 })
    await expect(as(s.users.staff).remediation.carryOver({ roundId: s.roundId })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const res = await as(s.users.secretary).remediation.carryOver({ roundId: s.roundId })
    expect(res).toEqual({ toRoundId: s.nextRoundId, carried: [a, b] })
    const moved = await as(s.users.staff).remediation.byId({ id: b! })
    expect(moved).toMatchObject({ roundId: s.nextRoundId, originRoundId: s.roundId, status: 'in_progress', half: 2 })
    expect(moved.timeline.at(-1)).toMatchObject({ action: 'carryOver', note: '114年上半年 → 114年下半年' })
    const stayed = await as(s.users.staff).remediation.byId({ id: c! })
    expect(stayed.roundId).toBe(s.roundId)
  })
})

describe('dashboard.remediationCounts', () => {
  it('counts tracked and overdue items per branch in the scope', async () => {
    const tpe = await createItems('TPE', '2025-03-01')
    await createItems('ILA', '2025-12-31')
    await as(s.users.admin).remediation.cancel({ id: tpe[0]!, expectedVersion: 1, note: '誤列' })
    const counts = await as(s.users.admin).dashboard.remediationCounts({ roundId: s.roundId })
    expect(counts.byBranch).toEqual([
      { branchId: s.users.branchIds.TPE, open: 2, overdue: 2 },
      { branchId: s.users.branchIds.ILA, open: 3, overdue: 0 },
    ])
    const own = await as(s.users.otherManager).dashboard.remediationCounts()
    expect(own.byBranch).toEqual([{ branchId: s.users.branchIds.ILA, open: 3, overdue: 0 }])
  })
})
