import { objectionTimeliness } from '@leap/domain'
import { resultsReportSchema } from '@leap/reports'
import { describe, expect, it } from 'vitest'
import { callerFor } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import { resultsReportObjectionsFor } from './results-report-objections.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)
// 2025-04-01 in Taipei (114年4月1日): January–March are over, April is not.
const now = () => new Date('2025-04-01T02:00:00Z')


describe('the results report’s objections and cadence (issue 19)', () => {
  it('gives the branch’s objection figures for the report’s period as the domain counts them, and the months with no phone test', async () => {
    const tpe = users.branchIds.TPE!
    const objections = [
      { receivedOn: '2025-02-03', finding: 'wellFounded' as const, correctedOn: '2025-02-04' },
      { receivedOn: '2025-02-10', finding: 'unfounded' as const, forwardedOn: '2025-02-20', decidedOn: '2025-03-10' },
      { receivedOn: '2025-02-10', finding: 'unfounded' as const, forwardedOn: '2025-02-21' },
      { receivedOn: '2025-03-01' },
    ]
    await callerFor(database, users.staff, { now }).objection.enter({ branchId: tpe, objections })
    // An objection of the second half is not in report 1.
    await callerFor(database, users.staff, { now: () => new Date('2025-08-01T02:00:00Z') }).objection.enter({ branchId: tpe, objections: [{ receivedOn: '2025-07-02' }] })

    const got = await resultsReportObjectionsFor(database.db, tpe, 114, 1, now())
    const f = objectionTimeliness(objections, { asOf: '2025-04-01' })
    expect(got.objections).toEqual({
      total: 4,
      wellFounded: 1,
      unfounded: 2,
      pending: 1,
      corrected: 1,
      correctedOnTimeShare: f.correctedOnTimeShare,
      forwarded: 2,
      forwardedOnTimeShare: 50,
      decided: 1,
      decidedOnTimeShare: f.decidedOnTimeShare,
      overdue: 2,
    })
    const messages = got.cadence!.gaps.map((g) => g.message)
    expect(messages).toContain('114年1月 未辦理電話禮貌測試')
    expect(messages).toContain('114年3月 未辦理電話禮貌測試')
    expect(messages.some((m) => m.startsWith('114年4月'))).toBe(false)
    expect(got.cadence!.notChecked).toEqual(['辦理執行態度考核'])
    // What it gives is what the report generator accepts.
    expect(resultsReportSchema.safeParse({ branch: { code: 'TPE', name: '臺北分署' }, rocYear: 114, period: 1, asOf: '2025-04-01', ...got }).success).toBe(true)
  })

  it('gives no objection figures when none were received in the period', async () => {
    const got = await resultsReportObjectionsFor(database.db, users.branchIds.TPE!, 114, 2, now())
    expect(got.objections).toBeNull()
  })
})
