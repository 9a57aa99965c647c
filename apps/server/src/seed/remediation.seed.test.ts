import { addCalendarDays, isOverdue, REMEDIATION_STATUSES } from '@leap/domain'
import { beforeEach, describe, expect, it } from 'vitest'
import { createRemediationScenario, type RemediationScenario } from '../test/remediation-world.js'
import { callerFor } from '../test/fixtures.js'
import { useTestDatabase } from '../test/test-database.js'
import { seedRemediation } from './remediation.seed.js'

const database = useTestDatabase()
let s: RemediationScenario
const TODAY = '2025-06-01'

beforeEach(async () => {
  s = await createRemediationScenario(database.db)
})

describe('seedRemediation', () => {
  it('creates items in every state with consistent timelines, overdue ones, meetings and indicators; once', async () => {
    const first = await seedRemediation(database.db, TODAY)
    expect(first.items).toBe(6)
    expect(first.meetings).toBe(2)
    expect(first.surveyTallies).toBeGreaterThan(0)

    const admin = callerFor(database, s.users.admin, { now: () => new Date(`${TODAY}T04:00:00Z`) })
    const { items } = await admin.remediation.list({ pageSize: 100 })
    expect(new Set(items.map((i) => i.status))).toEqual(new Set(REMEDIATION_STATUSES))
    const overdue = await admin.remediation.list({ overdue: true })
    expect(overdue.total).toBeGreaterThan(0)
    expect(overdue.items.every((i) => isOverdue(i, TODAY))).toBe(true)
    for (const item of items) {
      const detail = await admin.remediation.byId({ id: item.id })
      expect(detail.timeline.at(-1)?.toStatus).toBe(item.status)
      expect(detail.version).toBe(detail.timeline.length)
      expect(item.dueDate >= addCalendarDays(TODAY, -45) && item.dueDate <= addCalendarDays(TODAY, 60)).toBe(true)
    }
    // The seeded items go on through the API like any other.
    const open = items.find((i) => i.status === 'open' && i.branchId === s.users.branchIds.TPE) ?? items.find((i) => i.status === 'returned')!
    const branchUser = open.branchId === s.users.branchIds.TPE ? s.users.staff : s.users.otherStaff
    await expect(callerFor(database, branchUser).remediation.start({ id: open.id, expectedVersion: open.version })).resolves.toMatchObject({ status: 'in_progress' })

    const meeting = (await admin.meeting.list({ roundId: s.roundId }))[0]!
    expect((await admin.meeting.byId({ id: meeting.id })).items).toHaveLength(6)
    // Demo meetings say when and where they are held, so the minutes print them.
    expect(meeting).toMatchObject({ startTime: expect.stringMatching(/^\d{2}:\d{2}$/), place: '本署5樓第1會議室' })

    const tnn = await admin.indicator.summary({ branchId: s.users.branchIds.TNN!, from: '2017-01-01', to: '2017-06-30' })
    expect(tnn.phone).toEqual({ count: 18, average: 92.17, band: '優' })
    expect(tnn.waitingTime?.published.averageMinutes).toBe(7.9)

    expect(await seedRemediation(database.db, TODAY)).toEqual({ items: 0, meetings: 0, surveyTallies: 0, phoneTests: 0, petitions: 0 })
  })
})
