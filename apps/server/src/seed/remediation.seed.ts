import {
  addCalendarDays,
  BRANCHES,
  DEFAULT_UNITS,
  parseCatalogue,
  PETITION_CATEGORIES,
  PETITION_CHANNELS,
  REMEDIATION_STATUSES,
  rocToIso,
  roundRange,
  scoreSheet,
  taipeiDate,
  type IsoDate,
  type RemediationStatus,
} from '@leap/domain'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { upsertSurveyTallies, insertPetitions, insertPhoneTests, type NewPetition, type NewPhoneTest, type NewSurveyTally } from '../indicator/indicator.repository.js'
import { insertEvents } from '../remediation/remediation.repository.js'

/** One survey question as the seeds print it. */
export interface SeedQuestion {
  question: string
  scale: 'five' | 'four' | 'three' | 'waitingTime'
  indicator: NewSurveyTally['indicator']
  counts: number[]
  invalid: number
}

/**
 * 臺南分署, 106年 1–6月 (seed 002): the 為民服務意見調查表 per question (166 returned), the
 * waiting-time question K, 18 phone tests averaging 92.17, two petitions (行政權益維護, by phone
 * in March and in person in June).
 */
export const SEED_002: { questions: SeedQuestion[]; phoneScores: number[]; petitions: { receivedOn: IsoDate; closedOn: IsoDate; channel: string }[] } = {
  questions: [
    { question: 'A 洽公環境滿意度及環境整潔及綠化、美化情形', scale: 'five', indicator: 'environmentSatisfaction', counts: [95, 66, 5, 0, 0], invalid: 0 },
    { question: 'B 服務設備、引導標示是否清楚', scale: 'five', indicator: 'environmentSatisfaction', counts: [90, 69, 7, 0, 0], invalid: 0 },
    { question: 'C 電話禮貌', scale: 'five', indicator: 'courtesySatisfaction', counts: [86, 64, 7, 0, 0], invalid: 9 },
    { question: 'D 服務台服務', scale: 'five', indicator: 'professionalismSatisfaction', counts: [112, 50, 3, 0, 0], invalid: 1 },
    { question: 'E 機關網站提供資訊情形', scale: 'five', indicator: null, counts: [81, 62, 16, 0, 0], invalid: 7 },
    { question: 'F 行政執行事件有關規定獲知管道', scale: 'five', indicator: null, counts: [81, 60, 17, 0, 0], invalid: 8 },
    { question: 'G 承辦人的服務態度', scale: 'five', indicator: 'courtesySatisfaction', counts: [103, 58, 3, 0, 0], invalid: 2 },
    { question: 'H 承辦人員對規定解說是否詳細', scale: 'five', indicator: 'professionalismSatisfaction', counts: [99, 62, 4, 0, 0], invalid: 1 },
    { question: 'I 承辦人的問題回應正確率', scale: 'five', indicator: 'professionalismSatisfaction', counts: [98, 61, 5, 0, 0], invalid: 2 },
    { question: 'J 申辦案件的流程及速度', scale: 'five', indicator: 'overallSatisfaction', counts: [96, 60, 6, 0, 0], invalid: 4 },
    { question: 'K 申辦案件所花費的時間', scale: 'waitingTime', indicator: 'within15MinutesShare', counts: [69, 52, 13, 2, 0], invalid: 30 },
  ],
  // 15 × 92 + 3 × 93 = 1659; 1659 / 18 = 92.1666… → 92.17 (優).
  phoneScores: [...Array<number>(15).fill(92), 93, 93, 93],
  petitions: [
    { receivedOn: '2017-03-14', closedOn: '2017-03-17', channel: '電話' },
    { receivedOn: '2017-06-05', closedOn: '2017-06-09', channel: '口頭' },
  ],
}

/**
 * 宜蘭分署, 114年 1–12月 (seed 003): four-level questions (106 valid; 105 for 整體滿意度), waiting
 * time (83.65 % within 15 minutes, 96.15 % within 30, of 104 answers), 24 phone tests averaging
 * 94.29, 18 petitions all closed within 6 days (one on day 6).
 */
export const SEED_003: { questions: SeedQuestion[]; phoneScores: number[]; petitionDays: number[] } = {
  questions: [
    { question: '機關洽公環境', scale: 'four', indicator: 'environmentSatisfaction', counts: [80, 23, 1, 2], invalid: 0 },
    { question: '接待之志工或警衛的服務態度', scale: 'four', indicator: 'courtesySatisfaction', counts: [93, 13, 0, 0], invalid: 0 },
    { question: '解答詢問的流程、效率', scale: 'four', indicator: 'professionalismSatisfaction', counts: [90, 16, 0, 0], invalid: 0 },
    { question: '整體滿意度', scale: 'four', indicator: 'overallSatisfaction', counts: [87, 16, 2, 0], invalid: 1 },
    { question: '洽辦公務時間', scale: 'waitingTime', indicator: 'within15MinutesShare', counts: [60, 27, 13, 4, 0], invalid: 2 },
  ],
  // 7 × 95 + 17 × 94 = 2263; 2263 / 24 = 94.29 (優).
  phoneScores: [...Array<number>(7).fill(95), ...Array<number>(17).fill(94)],
  petitionDays: [...[1, 2, 3, 4, 5, 2, 3, 1, 4, 5, 2, 3, 4, 1, 2, 3, 5], 6],
}

/** Lifecycle path that ends in each status, after the `create` entry. */
const PATHS: Record<RemediationStatus, { action: string; to: RemediationStatus; note: string | null; by: 'branch' | 'manager' | 'committee' }[]> = {
  open: [],
  in_progress: [
    { action: 'start', to: 'in_progress', note: null, by: 'branch' },
    { action: 'postProgress', to: 'in_progress', note: '已擬定改善計畫，預計下月完成', by: 'branch' },
  ],
  submitted: [
    { action: 'start', to: 'in_progress', note: null, by: 'branch' },
    { action: 'submit', to: 'submitted', note: '已完成改善，檢附照片及簽陳', by: 'manager' },
  ],
  returned: [
    { action: 'start', to: 'in_progress', note: null, by: 'branch' },
    { action: 'submit', to: 'submitted', note: '已完成改善', by: 'manager' },
    { action: 'return', to: 'returned', note: '佐證資料不足，請補充現場照片', by: 'committee' },
  ],
  closed: [
    { action: 'start', to: 'in_progress', note: null, by: 'branch' },
    { action: 'submit', to: 'submitted', note: '已完成改善並公告於網站', by: 'manager' },
    { action: 'verify', to: 'closed', note: '經委員會確認，解除列管', by: 'committee' },
  ],
  cancelled: [{ action: 'cancel', to: 'cancelled', note: '經查非屬本分署權責，撤銷列管', by: 'committee' }],
}

function pickUnit(units: { id: number; name: string }[], wanted: string): number | undefined {
  return (units.find((u) => u.name === wanted) ?? units.find((u) => u.name.startsWith(wanted.slice(0, 2))) ?? units[0])?.id
}

/**
 * Demo remediation data: items for the deductions of every signed or closed inspection, in every
 * lifecycle state (cycling), with due dates around `today` so some are overdue, full timelines;
 * two committee meetings per round reporting its items; and indicator inputs for every branch
 * (臺南 = seed 002's figures for 106年上半年, 宜蘭 = seed 003's for 114年, the others modelled on
 * them for each demo round's year). Skips what already exists. Batch inserts.
 */
export async function seedRemediation(db: Kysely<Database>, today: IsoDate = taipeiDate(new Date())): Promise<{ items: number; meetings: number; surveyTallies: number; phoneTests: number; petitions: number }> {
  const result = { items: 0, meetings: 0, surveyTallies: 0, phoneTests: 0, petitions: 0 }
  const users = await db.selectFrom('appUser').select(['id', 'username', 'branchId', 'branchRole']).execute()
  const byName = (name: string) => users.find((u) => u.username === name)?.id ?? null
  const committeeActor = byName('secretary') ?? byName('convener') ?? byName('admin')
  const branchActor = (branchId: number, role: 'manager' | 'staff') =>
    users.find((u) => u.branchId === branchId && u.branchRole === role)?.id ?? users.find((u) => u.branchId === branchId)?.id ?? null

  const existing = await db.selectFrom('remediationItem').select('id').limit(1).executeTakeFirst()
  if (!existing) {
    const inspections = await db
      .selectFrom('inspection as i')
      .innerJoin('round as r', 'r.id', 'i.roundId')
      .innerJoin('catalogue as c', 'c.id', 'r.catalogueId')
      .select(['i.id', 'i.roundId', 'i.branchId', 'i.signedAt', sql<string>`to_char(i.inspected_on, 'YYYY-MM-DD')`.as('inspectedOn'), 'r.status as roundStatus', 'c.data'])
      .where('i.status', 'in', ['signed', 'closed'])
      .orderBy('i.id')
      .execute()
    const scores = inspections.length
      ? await db
          .selectFrom('consensusScore')
          .select(['inspectionId', 'criterionCode', 'tierId', 'points', 'notApplicable', 'finding'])
          .where('inspectionId', 'in', inspections.map((i) => i.id))
          .execute()
      : []
    const branchIds = [...new Set(inspections.map((i) => i.branchId))]
    if (branchIds.length) {
      await db
        .insertInto('unit')
        .values(branchIds.flatMap((branchId) => DEFAULT_UNITS.map((name) => ({ branchId, name }))))
        .onConflict((oc) => oc.columns(['branchId', 'name']).doNothing())
        .execute()
    }
    const units = branchIds.length ? await db.selectFrom('unit').select(['id', 'branchId', 'name']).where('branchId', 'in', branchIds).orderBy('id').execute() : []

    const planned: { row: PlannedItemRow; status: RemediationStatus; startAt: Date; branchId: number }[] = []
    let k = 0
    for (const inspection of inspections) {
      const catalogue = parseCatalogue(inspection.data)
      const sheet = scoreSheet(
        catalogue,
        scores
          .filter((s) => s.inspectionId === inspection.id)
          .map((s) => ({
            criterionCode: s.criterionCode,
            ...(s.notApplicable ? { notApplicable: true } : { ...(s.tierId ? { tierId: s.tierId } : {}), ...(s.points !== null ? { points: Number(s.points) } : {}) }),
            ...(s.finding ? { finding: s.finding } : {}),
          })),
      )
      const titles = new Map(catalogue.dimensions.flatMap((d) => d.criteria.map((c) => [c.code, c.title.zh] as const)))
      const branchUnits = units.filter((u) => u.branchId === inspection.branchId)
      for (const candidate of sheet.remediationCandidates) {
        const unitId = pickUnit(branchUnits, candidate.unit)
        if (unitId === undefined) continue
        // Rounds still open cycle through every lifecycle state, with due dates from 45 days ago
        // to 60 days ahead (so some are overdue today); items of closed rounds were mostly released,
        // a few withdrawn, due 60 days after their inspection.
        const openRound = inspection.roundStatus === 'open'
        const status: RemediationStatus = openRound ? REMEDIATION_STATUSES[k % REMEDIATION_STATUSES.length]! : k % 7 === 3 ? 'cancelled' : 'closed'
        const dueDate = openRound ? addCalendarDays(today, ((k * 17) % 105) - 45) : addCalendarDays(inspection.inspectedOn, 60)
        k += 1
        planned.push({
          row: {
            inspectionId: inspection.id,
            branchId: inspection.branchId,
            roundId: inspection.roundId,
            criterionCode: candidate.criterionCode,
            unitId,
            title: titles.get(candidate.criterionCode) ?? candidate.criterionCode,
            finding: candidate.finding,
            dueDate,
            status,
            version: 1 + PATHS[status].length,
            createdBy: committeeActor,
            closedAt: null,
          },
          status,
          startAt: inspection.signedAt ?? new Date(`${addCalendarDays(today, -90)}T02:00:00Z`),
          branchId: inspection.branchId,
        })
      }
    }
    if (planned.length) {
      const stamp = (base: Date, step: number) => new Date(base.getTime() + step * 3 * 86_400_000)
      planned.forEach((p) => {
        if (p.status === 'closed') p.row.closedAt = stamp(p.startAt, PATHS.closed.length)
      })
      const inserted = await db.insertInto('remediationItem').values(planned.map((p) => p.row)).returning('id').execute()
      const events = planned.flatMap((p, i) => {
        const itemId = inserted[i]!.id
        let from: RemediationStatus = 'open'
        const steps = PATHS[p.status].map((step, s) => {
          const actor = step.by === 'committee' ? committeeActor : branchActor(p.branchId, step.by === 'manager' ? 'manager' : 'staff')
          const event = { remediationItemId: itemId, action: step.action, fromStatus: from, toStatus: step.to, actorId: actor, note: step.note, at: stamp(p.startAt, s + 1) }
          from = step.to
          return event
        })
        return [{ remediationItemId: itemId, action: 'create', fromStatus: null, toStatus: 'open' as const, actorId: committeeActor, note: null, at: p.startAt }, ...steps]
      })
      await insertEvents(db, events)
      result.items = inserted.length

      // Two meetings per round with items: mid-round and near its end, each reporting the round's items.
      const rounds = await db.selectFrom('round').select(['id', 'rocYear', 'half']).where('id', 'in', [...new Set(planned.map((p) => p.row.roundId))]).orderBy('id').execute()
      const meetingRows = rounds.flatMap((r) => {
        const { start } = roundRange({ rocYear: r.rocYear, half: r.half === 2 ? 2 : 1 })
        const label = `${r.rocYear}年${r.half === 1 ? '上' : '下'}半年`
        return [
          { roundId: r.id, heldOn: addCalendarDays(start, 75), title: `${label}為民服務任務編組第1次會議`, startTime: '14:30', place: '本署5樓第1會議室', minutes: '一、報告事項：列管事項辦理情形。\n二、決議：持續列管，請各單位於期限內完成改善。', createdBy: committeeActor },
          { roundId: r.id, heldOn: addCalendarDays(start, 165), title: `${label}為民服務任務編組第2次會議`, startTime: '09:30', place: '本署5樓第1會議室', minutes: '一、報告事項：列管事項辦理情形及考核結果。\n二、決議：已完成改善者解除列管，其餘持續追蹤。', createdBy: committeeActor },
        ]
      })
      const meetings = meetingRows.length ? await db.insertInto('meeting').values(meetingRows).returning(['id', 'roundId']).execute() : []
      const meetingItems = meetings.flatMap((m, mi) =>
        planned
          .map((p, i) => ({ p, id: inserted[i]!.id }))
          .filter(({ p }) => p.row.roundId === m.roundId)
          .map(({ p, id }) => ({
            meetingId: m.id,
            remediationItemId: id,
            note: mi % 2 === 0 ? '辦理中，持續列管' : p.status === 'closed' ? '解除列管' : p.status === 'cancelled' ? '撤銷列管' : '持續列管',
          })),
      )
      if (meetingItems.length) await db.insertInto('meetingItem').values(meetingItems).execute()
      result.meetings = meetings.length
    }
  }

  const hasIndicators = await db.selectFrom('surveyTally').select('id').limit(1).executeTakeFirst()
  if (!hasIndicators) Object.assign(result, await seedIndicators(db, committeeActor))
  return result
}

/** A remediation_item row as the seed plans it. */
interface PlannedItemRow {
  inspectionId: number
  branchId: number
  roundId: number
  criterionCode: string
  unitId: number
  title: string
  finding: string
  dueDate: IsoDate
  status: RemediationStatus
  version: number
  createdBy: number | null
  closedAt: Date | null
}

/** Indicator inputs for every branch: the seeds' figures for 臺南 and 宜蘭, modelled ones elsewhere. */
async function seedIndicators(db: Kysely<Database>, createdBy: number | null): Promise<{ surveyTallies: number; phoneTests: number; petitions: number }> {
  const branches = await db.selectFrom('branch').select(['id', 'code']).orderBy('id').execute()
  const rounds = await db.selectFrom('round').select(['rocYear', 'half']).execute()
  const years = [...new Set(rounds.map((r) => r.rocYear))].sort()
  if (years.length === 0) years.push(114)
  const tallies: NewSurveyTally[] = []
  const phones: NewPhoneTest[] = []
  const petitions: NewPetition[] = []
  const half = (rocYear: number, h: 1 | 2) => ({ start: rocToIso({ rocYear, month: h === 1 ? 1 : 7, day: 1 }), end: rocToIso({ rocYear, month: h === 1 ? 6 : 12, day: h === 1 ? 30 : 31 }) })

  for (const branch of branches) {
    if (!BRANCHES.some((b) => b.code === branch.code)) continue
    if (branch.code === 'TNN') {
      const p = half(106, 1)
      tallies.push(...SEED_002.questions.map((q) => ({ branchId: branch.id, periodStart: p.start, periodEnd: p.end, surveyKind: 'public', ...q, createdBy })))
      phones.push(...SEED_002.phoneScores.map((total, i) => phoneRow(branch.id, addCalendarDays(p.start, 7 + i * 9), i, total, createdBy)))
      petitions.push(...SEED_002.petitions.map((x) => ({ branchId: branch.id, receivedOn: x.receivedOn, closedOn: x.closedOn, category: '行政權益維護', channel: x.channel, subject: '行政執行案件權益陳情', createdBy })))
    }
    if (branch.code === 'ILA') {
      const start = rocToIso({ rocYear: 114, month: 1, day: 1 })
      const end = rocToIso({ rocYear: 114, month: 12, day: 31 })
      tallies.push(...SEED_003.questions.map((q) => ({ branchId: branch.id, periodStart: start, periodEnd: end, surveyKind: 'public', ...q, createdBy })))
      phones.push(...SEED_003.phoneScores.map((total, i) => phoneRow(branch.id, addCalendarDays(start, 10 + i * 15), i, total, createdBy)))
      petitions.push(
        ...SEED_003.petitionDays.map((days, i) => {
          const receivedOn = addCalendarDays(start, 8 + i * 19)
          return { branchId: branch.id, receivedOn, closedOn: addCalendarDays(receivedOn, days), category: PETITION_CATEGORIES[i % 5]!, channel: PETITION_CHANNELS[(i * 3) % 5]!, subject: '民意信箱轉陳情', createdBy }
        }),
      )
      if (years.includes(114)) continue
    }
    // Modelled data for each demo year: seed 002's questions shifted per branch, deterministic.
    const shift = branch.id % 7
    for (const year of years) {
      for (const h of [1, 2] as const) {
        if (branch.code === 'TNN' && year === 106 && h === 1) continue
        const p = half(year, h)
        tallies.push(
          ...SEED_002.questions.map((q, qi) => {
            const move = Math.min(q.counts[0]!, (shift * 3 + qi + h) % 14)
            const counts = q.scale === 'waitingTime' ? [q.counts[0]! - move, q.counts[1]!, q.counts[2]! + move, q.counts[3]!, q.counts[4]! + (shift % 3)] : [q.counts[0]! - move, q.counts[1]!, q.counts[2]! + Math.floor(move / 2), q.counts[3]! + Math.ceil(move / 2), 0]
            return { branchId: branch.id, periodStart: p.start, periodEnd: p.end, surveyKind: 'public', ...q, counts, createdBy }
          }),
        )
        for (let i = 0; i < 12; i++) phones.push(phoneRow(branch.id, addCalendarDays(p.start, 5 + i * 14), i, 72 + ((branch.id * 7 + i * 5 + h) % 27), createdBy))
        for (let i = 0; i < 4 + (shift % 3); i++) {
          const receivedOn = addCalendarDays(p.start, 9 + i * 31)
          const days = (branch.id + i * 3 + h) % 9
          petitions.push({ branchId: branch.id, receivedOn, closedOn: i === 0 && h === 2 ? null : addCalendarDays(receivedOn, days), category: PETITION_CATEGORIES[(i + shift) % 5]!, channel: PETITION_CHANNELS[(i * 2 + shift) % 5]!, subject: '陳情案件', createdBy })
        }
      }
    }
  }
  await upsertSurveyTallies(db, tallies)
  await insertPhoneTests(db, phones)
  await insertPetitions(db, petitions)
  return { surveyTallies: tallies.length, phoneTests: phones.length, petitions: petitions.length }
}

/** A phone test with the public composition: switchboard 45 (speed 25, courtesy 20) + desk 55 (speed 15, courtesy 25, content 15), scaled to `total`. */
function phoneRow(branchId: number, testedOn: IsoDate, i: number, total: number, createdBy: number | null): NewPhoneTest {
  const parts = { switchboardSpeed: 25, switchboardCourtesy: 20, deskSpeed: 15, deskCourtesy: 25, deskContent: 15 }
  let missing = 100 - total
  const components: Record<string, number> = {}
  for (const [key, max] of Object.entries(parts)) {
    const take = Math.min(max, missing)
    components[key] = max - take
    missing -= take
  }
  return { branchId, testedOn, person: `受測人員${String(i + 1).padStart(2, '0')}`, extension: String(200 + i), components, total, note: null, createdBy }
}
