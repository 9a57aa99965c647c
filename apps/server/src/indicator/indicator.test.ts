import { petitionTimeliness, phoneCourtesySummary, SERVICE_LEAP_V2, suggestTiers, surveySatisfaction, waitingTimeSummary } from '@leap/domain'
import { describe, expect, it } from 'vitest'
import { SEED_002, SEED_003 } from '../seed/remediation.seed.js'
import { callerFor } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import { insertCatalogue } from '../test/remediation-world.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)

const H1_106 = { from: '2017-01-01', to: '2017-06-30' }

async function enterSeed002(branchId: number) {
  const admin = callerFor(database, users.admin)
  await admin.indicator.enterSurveyTallies({
    branchId,
    periodStart: H1_106.from,
    periodEnd: H1_106.to,
    surveyKind: 'public',
    tallies: SEED_002.questions.map((q) => ({ question: q.question, scale: q.scale, indicator: q.indicator as never, counts: q.counts, invalid: q.invalid })),
  })
  await admin.indicator.enterPhoneTests({
    branchId,
    tests: SEED_002.phoneScores.map((total, i) => ({ testedOn: `2017-0${1 + (i % 6)}-15`, person: `P${i}`, total })),
  })
  await admin.indicator.enterPetitions({
    branchId,
    petitions: SEED_002.petitions.map((p) => ({ receivedOn: p.receivedOn, closedOn: p.closedOn, category: '行政權益維護' as const, channel: p.channel as '電話' })),
  })
}

describe('indicator.summary', () => {
  it("reproduces seed 002's published figures, computed by the domain", async () => {
    const tnn = users.branchIds.TNN!
    await enterSeed002(tnn)
    const summary = await callerFor(database, users.viewer).indicator.summary({ branchId: tnn, ...H1_106 })

    const rates = Object.fromEntries(summary.questions.map((q) => [q.question.slice(0, 1), q.computed.kind === 'satisfaction' ? q.computed.rate : q.computed.within15Share]))
    expect(rates).toEqual({ A: 96.99, B: 95.78, C: 95.54, D: 98.18, E: 89.94, F: 89.24, G: 98.17, H: 97.58, I: 96.95, J: 96.3, K: 88.97 })
    expect(summary.waitingTime?.published).toMatchObject({ within15Share: 88.97, averageMinutes: 7.9, valid: 136 })
    expect(summary.waitingTime?.published).toEqual(waitingTimeSummary({ buckets: [69, 52, 13, 2, 0], invalid: 30 }, { mode: 'published' }))
    expect(summary.waitingTime?.corrected).toEqual(waitingTimeSummary({ buckets: [69, 52, 13, 2, 0], invalid: 30 }, { mode: 'corrected' }))
    expect(summary.phone).toEqual({ count: 18, average: 92.17, band: '優' })
    expect(summary.petitions).toMatchObject({ total: 2, onTime: 2, onTimeShare: 100 })
    expect(summary.petitions).toEqual(petitionTimeliness(SEED_002.petitions.map((p) => ({ ...p, category: '行政權益維護', channel: p.channel as '電話' }))))

    // An indicator fed by several questions pools their counts (A + B for the environment).
    const environment = surveySatisfaction({ scale: 'five', counts: [185, 135, 12, 0, 0], invalid: 0 })
    expect(summary.satisfaction.environmentSatisfaction).toEqual(environment)
    expect(summary.indicators).toMatchObject({
      environmentSatisfaction: environment.rate,
      within15MinutesShare: 88.97,
      phoneCourtesyAverage: 92.17,
      petitionsWithin6DaysShare: 100,
    })
    expect(summary.tierSuggestions).toBeNull()
  })

  it("suggests tiers on the round's catalogue from the same figures, as suggestTiers does", async () => {
    const tnn = users.branchIds.TNN!
    await enterSeed002(tnn)
    const catalogueId = await insertCatalogue(database.db, SERVICE_LEAP_V2)
    const round = await database.db.insertInto('round').values({ rocYear: 106, half: 1, catalogueId }).returning('id').executeTakeFirstOrThrow()
    const summary = await callerFor(database, users.admin).indicator.summary({ branchId: tnn, ...H1_106, roundId: round.id })
    expect(summary.tierSuggestions).toEqual(suggestTiers(SERVICE_LEAP_V2, summary.indicators))
    const phone = summary.tierSuggestions?.find((t) => t.criterionCode === 'phone-courtesy')
    expect(phone).toMatchObject({ status: 'suggested', tierId: 'A', points: 40 })
    expect(summary.remediation).toEqual({ closed: 0, tracked: 0, closedShare: null })
    // Without roundId, the round the period ends in (106年上半年) is found by itself.
    const inferred = await callerFor(database, users.admin).indicator.summary({ branchId: tnn, ...H1_106 })
    expect(inferred.tierSuggestions).toEqual(summary.tierSuggestions)
  })

  it("reproduces seed 003's four-level rates and phone average", async () => {
    const ila = users.branchIds.ILA!
    const manager = callerFor(database, users.otherManager)
    await manager.indicator.enterSurveyTallies({
      branchId: ila,
      periodStart: '2025-01-01',
      periodEnd: '2025-12-31',
      surveyKind: 'public',
      tallies: SEED_003.questions.map((q) => ({ question: q.question, scale: q.scale, indicator: q.indicator as never, counts: q.counts, invalid: q.invalid })),
    })
    await manager.indicator.enterPhoneTests({ branchId: ila, tests: SEED_003.phoneScores.map((total, i) => ({ testedOn: '2025-05-01', person: `P${i}`, total })) })
    const summary = await manager.indicator.summary({ branchId: ila, from: '2025-01-01', to: '2025-12-31' })
    expect(summary.indicators).toMatchObject({ environmentSatisfaction: 97.17, courtesySatisfaction: 100, professionalismSatisfaction: 100, overallSatisfaction: 98.1, phoneCourtesyAverage: 94.29 })
    expect(summary.waitingTime?.published).toMatchObject({ within15Share: 83.65, within30Share: 96.15 })
    expect(summary.phone).toEqual(phoneCourtesySummary(SEED_003.phoneScores))
  })
})

describe('indicator entry', () => {
  it('refuses counts that do not fit the scale with the domain message, and a petition closed before received', async () => {
    const admin = callerFor(database, users.admin)
    const tpe = users.branchIds.TPE!
    await expect(
      admin.indicator.enterSurveyTallies({ branchId: tpe, periodStart: '2025-01-01', periodEnd: '2025-06-30', surveyKind: 'public', tallies: [{ question: 'Q', scale: 'four', counts: [1, 2, 3, 4, 5] }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(
      admin.indicator.enterPetitions({ branchId: tpe, petitions: [{ receivedOn: '2025-03-10', closedOn: '2025-03-01', category: '其他', channel: '書面' }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(
      admin.indicator.enterPhoneTests({ branchId: tpe, tests: [{ testedOn: '2025-03-01', person: 'A', components: { speed: 20, courtesy: 20 }, total: 90 }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('re-entering a question for the same period replaces it', async () => {
    const staff = callerFor(database, users.staff)
    const tpe = users.branchIds.TPE!
    const base = { branchId: tpe, periodStart: '2025-01-01', periodEnd: '2025-06-30', surveyKind: 'public' }
    await staff.indicator.enterSurveyTallies({ ...base, tallies: [{ question: 'Q1', scale: 'four', counts: [1, 1, 1, 1] }] })
    await staff.indicator.enterSurveyTallies({ ...base, tallies: [{ question: 'Q1', scale: 'four', counts: [4, 0, 0, 0] }] })
    const list = await staff.indicator.listSurveyTallies({ branchId: tpe, from: '2025-01-01', to: '2025-12-31' })
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ counts: [4, 0, 0, 0], computed: { rate: 100 } })
  })

  it("keeps branch users to their own branch (NOT_FOUND) and the viewer and committee to reading", async () => {
    const tpe = users.branchIds.TPE!
    const input = { branchId: tpe, petitions: [{ receivedOn: '2025-03-10', closedOn: null, category: '其他' as const, channel: '書面' as const }] }
    await expect(callerFor(database, users.otherStaff).indicator.enterPetitions(input)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(callerFor(database, users.otherStaff).indicator.listPetitions({ branchId: tpe, from: '2025-01-01', to: '2025-12-31' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(callerFor(database, users.viewer).indicator.enterPetitions(input)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await callerFor(database, users.manager).indicator.enterPetitions(input)
    const listed = await callerFor(database, users.viewer).indicator.listPetitions({ branchId: tpe, from: '2025-01-01', to: '2025-12-31' })
    expect(listed).toEqual([expect.objectContaining({ receivedOn: '2025-03-10', closedOn: null, category: '其他' })])
  })
})

describe('correcting and deleting one phone test or petition', () => {
  const H1_2025 = { from: '2025-01-01', to: '2025-06-30' }
  // The field errors the client receives (see trpc/refusal.ts refusalData): the issues of the DomainError cause.
  const fieldsOf = (error: unknown) => ((error as { cause?: { issues?: { path: string[] }[] } }).cause?.issues ?? []).map((i) => i.path.join('.'))
  const conflictOf = (error: unknown) => error as { code: string; cause?: { params: { current?: { version: number; total?: number; closedOn?: string | null } } } }

  async function enterOnePhoneTest(total = 92, components: Record<string, number> = {}) {
    const tpe = users.branchIds.TPE!
    const { ids } = await callerFor(database, users.staff).indicator.enterPhoneTests({ branchId: tpe, tests: [{ testedOn: '2025-03-01', person: '總機', total, components }] })
    return ids[0]!
  }
  async function enterOnePetition() {
    const tpe = users.branchIds.TPE!
    const { ids } = await callerFor(database, users.staff).indicator.enterPetitions({
      branchId: tpe,
      petitions: [{ receivedOn: '2025-03-01', closedOn: '2025-03-20', category: '其他', channel: '書面' }],
    })
    return ids[0]!
  }

  it('corrects a phone test: the summary follows, the version moves on, one audit entry has before and after', async () => {
    const id = await enterOnePhoneTest(29)
    const staff = callerFor(database, users.staff)
    const [listed] = await staff.indicator.listPhoneTests({ branchId: users.branchIds.TPE!, ...H1_2025 })
    expect(listed).toMatchObject({ id, total: 29, version: 1 })

    const after = await staff.indicator.correctPhoneTest({ id, expectedVersion: 1, total: 92, person: '總機 王小明' })
    expect(after).toMatchObject({ id, total: 92, person: '總機 王小明', testedOn: '2025-03-01', version: 2 })
    const summary = await staff.indicator.summary({ branchId: users.branchIds.TPE!, ...H1_2025 })
    expect(summary.phone).toEqual({ count: 1, average: 92, band: '優' })

    const audit = await database.db.selectFrom('auditLog').select(['action', 'actorId', 'before', 'after']).where('entity', '=', 'phone_test').where('entityId', '=', String(id)).execute()
    expect(audit).toEqual([
      { action: 'indicator.correctPhoneTest', actorId: users.staff.id, before: expect.objectContaining({ total: 29, version: 1 }), after: expect.objectContaining({ total: 92, version: 2 }) },
    ])
  })

  it('answers a stale correction with CONFLICT carrying the current row, and changes nothing', async () => {
    const id = await enterOnePhoneTest(80)
    await callerFor(database, users.manager).indicator.correctPhoneTest({ id, expectedVersion: 1, total: 85 })
    const stale = await callerFor(database, users.staff).indicator.correctPhoneTest({ id, expectedVersion: 1, total: 70 }).catch((e: unknown) => e)
    expect(conflictOf(stale).code).toBe('CONFLICT')
    expect(conflictOf(stale).cause?.params.current).toMatchObject({ id, total: 85, version: 2 })
    const staleDelete = await callerFor(database, users.staff).indicator.deletePhoneTest({ id, expectedVersion: 1 }).catch((e: unknown) => e)
    expect(conflictOf(staleDelete).cause?.params.current).toMatchObject({ total: 85, version: 2 })
    const list = await callerFor(database, users.staff).indicator.listPhoneTests({ branchId: users.branchIds.TPE!, ...H1_2025 })
    expect(list).toEqual([expect.objectContaining({ id, total: 85, version: 2 })])
  })

  it('refuses a total that no longer matches the stored components, naming the field', async () => {
    const id = await enterOnePhoneTest(90, { speed: 40, courtesy: 50 })
    const error = await callerFor(database, users.staff).indicator.correctPhoneTest({ id, expectedVersion: 1, total: 95 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'BAD_REQUEST', cause: expect.objectContaining({ code: 'PARTS_DO_NOT_ADD_UP', params: { sum: 90, total: 95 } }) })
    expect(fieldsOf(error)).toEqual(['total'])
    await expect(callerFor(database, users.staff).indicator.correctPhoneTest({ id, expectedVersion: 1, total: 95, components: { speed: 45, courtesy: 50 } })).resolves.toMatchObject({
      total: 95,
      components: { speed: 45, courtesy: 50 },
    })
    await expect(callerFor(database, users.staff).indicator.correctPhoneTest({ id, expectedVersion: 2 } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('deletes a petition: gone from the list and the summary, the audit keeps the row', async () => {
    const id = await enterOnePetition()
    const keep = await enterOnePetition()
    const manager = callerFor(database, users.manager)
    await expect(manager.indicator.deletePetition({ id, expectedVersion: 1 })).resolves.toEqual({ id })
    const list = await manager.indicator.listPetitions({ branchId: users.branchIds.TPE!, ...H1_2025 })
    expect(list.map((p) => p.id)).toEqual([keep])
    const summary = await manager.indicator.summary({ branchId: users.branchIds.TPE!, ...H1_2025 })
    expect(summary.petitions).toMatchObject({ total: 1 })
    const audit = await database.db.selectFrom('auditLog').select(['action', 'before', 'after']).where('entity', '=', 'petition').where('entityId', '=', String(id)).execute()
    expect(audit).toEqual([{ action: 'indicator.deletePetition', before: expect.objectContaining({ receivedOn: '2025-03-01', closedOn: '2025-03-20' }), after: null }])
    await expect(manager.indicator.deletePetition({ id, expectedVersion: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('corrects a petition closed late to on time, reopens it, and refuses a close before receipt on the field', async () => {
    const id = await enterOnePetition()
    const staff = callerFor(database, users.staff)
    await expect(staff.indicator.correctPetition({ id, expectedVersion: 1, closedOn: '2025-03-05' })).resolves.toMatchObject({ closedOn: '2025-03-05', version: 2 })
    expect((await staff.indicator.summary({ branchId: users.branchIds.TPE!, ...H1_2025 })).petitions).toMatchObject({ onTime: 1, onTimeShare: 100 })
    await expect(staff.indicator.correctPetition({ id, expectedVersion: 2, closedOn: null })).resolves.toMatchObject({ closedOn: null, version: 3 })
    const error = await staff.indicator.correctPetition({ id, expectedVersion: 3, receivedOn: '2025-04-01', closedOn: '2025-03-31' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'BAD_REQUEST', cause: expect.objectContaining({ code: 'DATE_BEFORE', params: { date: '2025-03-31', after: '2025-04-01' } }) })
    expect(fieldsOf(error)).toEqual(['closedOn'])
    const stale = await staff.indicator.correctPetition({ id, expectedVersion: 2, subject: 'x' }).catch((e: unknown) => e)
    expect(conflictOf(stale).cause?.params.current).toMatchObject({ closedOn: null, version: 3 })
  })

  it('keeps other branches out (NOT_FOUND) and the viewer and committee to reading', async () => {
    const phoneId = await enterOnePhoneTest()
    const petitionId = await enterOnePetition()
    const other = callerFor(database, users.otherStaff).indicator
    await expect(other.correctPhoneTest({ id: phoneId, expectedVersion: 1, total: 10 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(other.deletePetition({ id: petitionId, expectedVersion: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(callerFor(database, users.viewer).indicator.deletePhoneTest({ id: phoneId, expectedVersion: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(database, users.convener).indicator.correctPetition({ id: petitionId, expectedVersion: 1, subject: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // Nothing changed: both rows are still at version 1.
    const admin = callerFor(database, users.admin).indicator
    expect(await admin.listPhoneTests({ branchId: users.branchIds.TPE!, ...H1_2025 })).toEqual([expect.objectContaining({ id: phoneId, total: 92, version: 1 })])
    expect(await admin.listPetitions({ branchId: users.branchIds.TPE!, ...H1_2025 })).toEqual([expect.objectContaining({ id: petitionId, version: 1 })])
    await expect(admin.correctPhoneTest({ id: phoneId, expectedVersion: 1, total: 75 })).resolves.toMatchObject({ total: 75, version: 2 })
  })
})

describe('deleting one survey tally', () => {
  const H1_2025 = { from: '2025-01-01', to: '2025-06-30' }
  const base = { periodStart: H1_2025.from, periodEnd: H1_2025.to, surveyKind: 'public' }
  const conflictOf = (error: unknown) => error as { code: string; cause?: { params: { current?: { id: number; version: number; counts?: number[] } } } }

  /** A right question and a mistyped one, both feeding the environment indicator (pooled). */
  async function enterTwo() {
    const tpe = users.branchIds.TPE!
    await callerFor(database, users.staff).indicator.enterSurveyTallies({
      ...base,
      branchId: tpe,
      tallies: [
        { question: 'A 環境整潔', scale: 'four', indicator: 'environmentSatisfaction', counts: [9, 1, 0, 0] },
        { question: 'A 環竟整潔', scale: 'four', indicator: 'environmentSatisfaction', counts: [0, 0, 5, 5] },
      ],
    })
    const list = await callerFor(database, users.staff).indicator.listSurveyTallies({ branchId: tpe, ...H1_2025 })
    return { tpe, right: list.find((t) => t.question === 'A 環境整潔')!, wrong: list.find((t) => t.question === 'A 環竟整潔')! }
  }

  it('deletes a mistyped question: gone from the list, the summary no longer pools it, the audit keeps the row', async () => {
    const { tpe, right, wrong } = await enterTwo()
    expect(wrong).toMatchObject({ version: 1 })
    const manager = callerFor(database, users.manager).indicator
    expect((await manager.summary({ branchId: tpe, ...H1_2025 })).indicators.environmentSatisfaction).toBe(50)

    await expect(manager.deleteSurveyTally({ id: wrong.id, expectedVersion: 1 })).resolves.toEqual({ id: wrong.id })
    expect((await manager.listSurveyTallies({ branchId: tpe, ...H1_2025 })).map((t) => t.id)).toEqual([right.id])
    const summary = await manager.summary({ branchId: tpe, ...H1_2025 })
    expect(summary.questions.map((q) => q.question)).toEqual(['A 環境整潔'])
    expect(summary.indicators.environmentSatisfaction).toBe(100)

    const audit = await database.db.selectFrom('auditLog').select(['action', 'actorId', 'before', 'after']).where('entity', '=', 'survey_tally').where('entityId', '=', String(wrong.id)).execute()
    expect(audit).toEqual([
      { action: 'indicator.deleteSurveyTally', actorId: users.manager.id, before: expect.objectContaining({ question: 'A 環竟整潔', counts: [0, 0, 5, 5], version: 1 }), after: null },
    ])
    await expect(manager.deleteSurveyTally({ id: wrong.id, expectedVersion: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('refuses a delete read before the tally was replaced (CONFLICT with the current row) and keeps it', async () => {
    const { tpe, wrong } = await enterTwo()
    const staff = callerFor(database, users.staff).indicator
    // Re-entering the question replaces the tally, as the report import does: its version moves on.
    await staff.enterSurveyTallies({ ...base, branchId: tpe, tallies: [{ question: 'A 環竟整潔', scale: 'four', indicator: 'environmentSatisfaction', counts: [3, 0, 0, 0] }] })
    const stale = await staff.deleteSurveyTally({ id: wrong.id, expectedVersion: 1 }).catch((e: unknown) => e)
    expect(conflictOf(stale).code).toBe('CONFLICT')
    expect(conflictOf(stale).cause?.params.current).toMatchObject({ id: wrong.id, counts: [3, 0, 0, 0], version: 2 })
    expect(await staff.listSurveyTallies({ branchId: tpe, ...H1_2025 })).toEqual(expect.arrayContaining([expect.objectContaining({ id: wrong.id, version: 2 })]))
    await expect(staff.deleteSurveyTally({ id: wrong.id, expectedVersion: 2 })).resolves.toEqual({ id: wrong.id })
  })

  it('keeps other branches out (NOT_FOUND) and the viewer and committee to reading', async () => {
    const { tpe, wrong } = await enterTwo()
    await expect(callerFor(database, users.otherStaff).indicator.deleteSurveyTally({ id: wrong.id, expectedVersion: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(callerFor(database, users.otherManager).indicator.deleteSurveyTally({ id: wrong.id, expectedVersion: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(callerFor(database, users.viewer).indicator.deleteSurveyTally({ id: wrong.id, expectedVersion: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(database, users.convener).indicator.deleteSurveyTally({ id: wrong.id, expectedVersion: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const list = await callerFor(database, users.admin).indicator.listSurveyTallies({ branchId: tpe, ...H1_2025 })
    expect(list).toHaveLength(2)
    expect(await database.db.selectFrom('auditLog').select('id').where('action', '=', 'indicator.deleteSurveyTally').execute()).toEqual([])
    await expect(callerFor(database, users.admin).indicator.deleteSurveyTally({ id: wrong.id, expectedVersion: 1 })).resolves.toEqual({ id: wrong.id })
  })
})
