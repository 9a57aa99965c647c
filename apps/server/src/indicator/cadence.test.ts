import { cadenceGaps, SERVICE_LEAP_V2 } from '@leap/domain'
import { describe, expect, it } from 'vitest'
import { callerFor, refusal } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { insertCatalogue } from '../test/remediation-world.js'
import { useTestDatabase } from '../test/test-database.js'
import { listBranches } from '../branch/branch.repository.js'
import { cadenceAndObjectionsFor } from './cadence-report.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)
// 114年7月1日 to 12月31日, asked on 114年12月5日 (Taipei): October and November are over, December is not.
const H2_114 = { from: '2025-07-01', to: '2025-12-31' }
const now = () => new Date('2025-12-05T02:00:00Z')


async function meetingOn(heldOn: string) {
  const catalogueId = await insertCatalogue(database.db, SERVICE_LEAP_V2)
  const round = await database.db.insertInto('round').values({ rocYear: 114, half: 2, catalogueId }).returning('id').executeTakeFirstOrThrow()
  await database.db.insertInto('meeting').values({ roundId: round.id, heldOn, title: '第2次會議' }).execute()
}

async function surveyOf(branchId: number, periodStart: string, periodEnd: string) {
  await callerFor(database, users.admin).indicator.enterSurveyTallies({
    branchId,
    periodStart,
    periodEnd,
    surveyKind: '臨櫃',
    tallies: [{ question: '整體滿意度', scale: 'five', counts: [1, 2, 3, 4, 5] }],
  })
}

describe('cadence (服務躍升 rhythm: meetings each half, phone tests monthly, survey quarterly)', () => {
  it('finds, per branch, the months and quarters without a phone test or survey, as the domain counts them from the stored rows', async () => {
    const tpe = users.branchIds.TPE!
    const ila = users.branchIds.ILA!
    await meetingOn('2025-09-10')
    const tests = ['2025-07-03', '2025-08-14', '2025-08-20', '2025-09-30', '2025-11-02']
    await callerFor(database, users.staff).indicator.enterPhoneTests({ branchId: tpe, tests: tests.map((testedOn, i) => ({ testedOn, person: `P${i}`, total: 90 })) })
    // A survey period spanning the turn of the quarter counts for both quarters it touches.
    await surveyOf(tpe, '2025-09-20', '2025-10-05')

    const answer = await callerFor(database, users.admin, { now }).cadence.branches(H2_114)
    expect(answer.asOf).toBe('2025-12-05')
    expect(answer.notChecked).toEqual(['attitudeAssessment'])
    const mine = answer.branches.find((b) => b.branchId === tpe)!
    expect(mine).toEqual({
      branchId: tpe,
      ...cadenceGaps({ ...H2_114, asOf: '2025-12-05', meetings: ['2025-09-10'], phoneTests: tests, surveys: [{ start: '2025-09-20', end: '2025-10-05' }] }),
    })
    expect(mine.gaps.map((g) => g.message)).toEqual(['114年10月 未辦理電話禮貌測試'])
    // No attitude-assessment slot at all: the system does not store them, so they are never "missed".
    expect(mine.slots.some((s) => s.kind === 'attitudeAssessment')).toBe(false)
    expect(mine.slots.filter((s) => s.kind === 'meeting').map((s) => s.status)).toEqual(['done'])

    // The committee's meeting counts for ILA too; its missing tests and survey are gaps.
    const other = answer.branches.find((b) => b.branchId === ila)!
    expect(other.gaps.map((g) => g.message)).toEqual([
      '114年7月 未辦理電話禮貌測試',
      '114年8月 未辦理電話禮貌測試',
      // Same end day: the quarter (started earlier) comes before September.
      '114年第3季 未辦理為民服務意見調查',
      '114年9月 未辦理電話禮貌測試',
      '114年10月 未辦理電話禮貌測試',
      '114年11月 未辦理電話禮貌測試',
    ])
    expect(other.slots.filter((s) => s.status === 'pending').map((s) => s.label)).toEqual(['114年第4季', '114年12月'])
    expect(answer.branches).toHaveLength((await database.db.selectFrom('branch').select('id').execute()).length)
  })

  it('a half year without a committee meeting is a gap for every branch once it is over', async () => {
    const answer = await callerFor(database, users.viewer, { now: () => new Date('2026-01-02T02:00:00Z') }).cadence.branches(H2_114)
    for (const branch of answer.branches) expect(branch.gaps.map((g) => g.message)).toContain('114年下半年 未召開服務躍升任務編組會議')
  })

  it('branch users see their own branch only; another branch asked for is NOT_FOUND', async () => {
    const staff = callerFor(database, users.staff, { now })
    const all = await staff.cadence.branches(H2_114)
    expect(all.branches.map((b) => b.branchId)).toEqual([users.branchIds.TPE])
    expect((await refusal(staff.cadence.branches({ ...H2_114, branchId: users.branchIds.ILA! }))).code).toBe('NOT_FOUND')
    // A committee-only user who sits on no round sees no branch.
    expect((await callerFor(database, users.member, { now }).cadence.branches(H2_114)).branches).toEqual([])
  })

  it('refuses a period that ends before it starts, naming the field', async () => {
    const error = await refusal(callerFor(database, users.admin).cadence.branches({ from: '2025-12-31', to: '2025-07-01' }))
    expect(error.code).toBe('BAD_REQUEST')
    expect(error.message).toContain('to')
  })

  it('gives the national workbook each branch’s missed cadence per round and its objection figures', async () => {
    const tpe = users.branchIds.TPE!
    await meetingOn('2025-09-10')
    await callerFor(database, users.staff).objection.enter({
      branchId: tpe,
      objections: [
        { receivedOn: '2025-08-01', finding: 'unfounded', forwardedOn: '2025-08-11' },
        { receivedOn: '2025-08-01', finding: 'unfounded', forwardedOn: '2025-08-12' },
      ],
    })
    const branches = await listBranches(database.db)
    const result = await cadenceAndObjectionsFor(database.db, branches, [{ rocYear: 114, half: 2 }], new Date('2026-01-02T02:00:00Z'))
    expect(result.cadenceNotChecked).toEqual(['辦理執行態度考核'])
    const tpeCode = branches.find((b) => b.id === tpe)!.code
    const mine = result.cadenceGaps.filter((g) => g.branchCode === tpeCode).map((g) => g.message)
    expect(mine).toContain('114年10月 未辦理電話禮貌測試')
    expect(mine).toContain('114年第4季 未辦理為民服務意見調查')
    expect(mine.some((m) => m.includes('任務編組會議'))).toBe(false)
    // Both forwarded (one a day late) and neither decided within the agency's 30 days by 115年1月2日: both overdue.
    expect(result.objections).toEqual([
      { branchCode: tpeCode, round: { rocYear: 114, half: 2 }, total: 2, corrected: 0, correctedOnTimeShare: null, forwarded: 2, forwardedOnTimeShare: 50, decided: 0, decidedOnTimeShare: null, overdue: 2 },
    ])
  })
})
