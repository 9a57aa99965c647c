import {
  addCalendarDays,
  matchBranchUnit,
  proposeConsensus,
  QUALITY_V1,
  QUALITY_V1_TO_SERVICE_LEAP_V2,
  roundRange,
  scoreSheet,
  SERVICE_LEAP_V2,
  type Criterion,
  type MemberSheet,
  type ScoreEntry,
} from '@leap/domain'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database.js'
import { ruleNote } from '../inspection/inspection-sheet.js'
import type { InspectionStatus } from '../inspection/inspection.table.js'

/** Demo rounds: 112 上半年 … 114 下半年; the last one is still in progress. */
const ROUNDS = [
  { rocYear: 112, half: 1 },
  { rocYear: 112, half: 2 },
  { rocYear: 113, half: 1 },
  { rocYear: 113, half: 2 },
  { rocYear: 114, half: 1 },
  { rocYear: 114, half: 2 },
] as const

/**
 * How well each branch does (share of criteria at the top tier) in the first demo round and how
 * much it moves per round. ILA and CHW start below the threshold, so the demo has improvement
 * plans; ILA improves, CHW slips again in 114.
 */
const PROFILE: Record<string, { base: number; trend: number }> = {
  TPE: { base: 0.82, trend: 0.01 },
  NTP: { base: 0.7, trend: 0.02 },
  SLN: { base: 0.76, trend: 0 },
  TYN: { base: 0.62, trend: 0.03 },
  HSZ: { base: 0.8, trend: -0.01 },
  TXG: { base: 0.74, trend: 0.02 },
  CHW: { base: 0.32, trend: -0.01 },
  CYI: { base: 0.68, trend: 0 },
  TNN: { base: 0.78, trend: 0.01 },
  KHH: { base: 0.72, trend: 0.01 },
  PIF: { base: 0.45, trend: 0.05 },
  HUN: { base: 0.6, trend: -0.05 },
  ILA: { base: 0.28, trend: 0.09 },
}

/** Conflicts of interest (利益迴避) the demo committee declared: that member scores no sheet of that branch in that round. */
const RECUSALS = [
  { roundIndex: 3, branchCode: 'HSZ', username: 'member2', reason: '曾任新竹分署執行官' },
  { roundIndex: 5, branchCode: 'TYN', username: 'member6', reason: '配偶任職於桃園分署' },
]

/** Where each branch's 114 下半年 inspection stands (the round in progress). */
const IN_PROGRESS: Record<string, InspectionStatus> = {
  TPE: 'scoring',
  NTP: 'signed',
  SLN: 'signed',
  TYN: 'consensus',
  HSZ: 'signed',
  TXG: 'scoring',
  CHW: 'consensus',
  CYI: 'draft',
  TNN: 'signed',
  KHH: 'scoring',
  PIF: 'draft',
  HUN: 'scoring',
  ILA: 'consensus',
}

/** Two findings (紀錄事項) per v2 criterion, as committee members write them. */
const FINDINGS: Record<string, [string, string]> = {
  'sop-and-forms': ['部分業務流程圖未隨法規修正更新', '申請書表未附填寫範例'],
  'petitions-within-6-days': ['部分陳情案件逾6日始結案', '陳情案件結案後未附滿意度調查表'],
  'staff-training': ['教育訓練參訓率偏低', '未辦理業務專業測驗'],
  facilities: ['哺乳室標示不明', '無障礙坡道扶手損壞未修復'],
  website: ['網站部分資料逾期未更新', '網站無障礙標章已過期'],
  'phone-courtesy': ['電話禮貌測試平均未達90分', '總機轉接等候時間過長'],
  'attitude-assessment': ['執行態度考核未按月辦理', '考核結果未公告周知'],
  'disclosure-ratio': ['主動公開資訊類別不全', '預算書未於網站公開'],
  'one-stop-counter': ['單一窗口未提供跨機關收件', '移送機關派駐時段過少'],
  'fewer-documents': ['仍要求民眾檢附戶籍謄本', '未受理言詞申請分期繳納'],
  'payment-channels': ['繳款管道僅臨櫃及匯款兩種', '未提供超商或行動支付繳款'],
  'vulnerable-access': ['未提供偏遠地區巡迴服務', '弱勢民眾協助措施未訂作業程序'],
  'proactive-services': ['創新服務未訂標準作業程序', '主動服務成效未追蹤評估'],
  'internal-simplification': ['分案作業平均逾3日', '電子簽核使用率偏低'],
  'improvement-mechanism': ['服務精進會議未按季召開', '列管事項解除比率未達75%'],
  'benchmarking-innovation': ['未辦理標竿學習', '創新提案件數偏少'],
  'environment-satisfaction': ['洽公環境滿意度未達80%', '等候區座位不足'],
  'courtesy-satisfaction': ['服務禮儀滿意度未達75%', '櫃檯人員未配戴識別證'],
  'professionalism-satisfaction': ['專業及流程滿意度未達75%', '案件說明不夠清楚'],
  'served-within-15-minutes': ['15分鐘內完成服務比率未達85%', '尖峰時段等候過久'],
  'opinion-response': ['民眾抱怨未於3日內回復', '意見反映表回應內容過於簡略'],
  'satisfaction-review': ['滿意度調查結果未作檢討分析', '改善事項未追蹤辦理情形'],
}

/** Mulberry32: a small, fast, seeded PRNG, so the demo is the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const chunk = <T>(rows: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size))

export interface InspectionsSeedResult {
  catalogues: number
  rounds: number
  inspections: number
  memberScores: number
  improvementPlans: number
}

/**
 * Demo inspections: both default catalogues (v1 提升服務品質, v2 服務躍升), rounds 112–114 (both
 * halves) scored on v2 with the demo committee (convener, member1–6, secretary), one inspection
 * per branch per round with every scorer's sheet following the rubric tiers (a finding on each
 * deduction), consensus by the domain's rule, signatures and closures for finished rounds,
 * improvement plans where a total fell below 750, and 114 下半年 in progress (drafts, sheets
 * being scored, consensus under way, some signed). Deterministic (seeded PRNG) and batched.
 * Idempotent: does nothing when the rounds exist. Needs branches, units and the demo accounts.
 */
export async function seedInspections(db: Kysely<Database>): Promise<InspectionsSeedResult> {
  const none = { catalogues: 0, rounds: 0, inspections: 0, memberScores: 0, improvementPlans: 0 }
  const existing = await db.selectFrom('round').select('id').where('rocYear', '=', ROUNDS[0].rocYear).where('half', '=', ROUNDS[0].half).executeTakeFirst()
  if (existing) return none
  const users = await db.selectFrom('appUser').select(['id', 'username']).where('username', 'in', ['admin', 'convener', 'secretary', 'member1', 'member2', 'member3', 'member4', 'member5', 'member6']).execute()
  const userId = (name: string) => users.find((u) => u.username === name)?.id
  const convener = userId('convener')
  const secretary = userId('secretary')
  const members = [1, 2, 3, 4, 5, 6].map((n) => userId(`member${n}`))
  if (convener === undefined || secretary === undefined || members.some((m) => m === undefined)) return none
  const scorers = [convener, ...(members as number[])]
  const admin = userId('admin') ?? null

  return db.transaction().execute(async (trx) => {
    const random = prng(1140)
    const catalogues = await trx
      .insertInto('catalogue')
      .values(
        [QUALITY_V1, SERVICE_LEAP_V2].map((c) => ({
          code: c.id,
          version: c.version,
          title: c.title.zh,
          effectiveRocYear: c.effectiveRocYear,
          data: JSON.stringify(c),
          createdBy: admin,
          // Used by the demo rounds: a used catalogue is locked (v1 stays editable history).
          lockedAt: c === SERVICE_LEAP_V2 ? new Date('2023-01-02T01:00:00Z') : null,
        })),
      )
      .onConflict((oc) => oc.columns(['code', 'version']).doNothing())
      .returning(['id', 'code'])
      .execute()
    const v2 = catalogues.find((c) => c.code === SERVICE_LEAP_V2.id)?.id ?? (await trx.selectFrom('catalogue').select('id').where('code', '=', SERVICE_LEAP_V2.id).where('version', '=', SERVICE_LEAP_V2.version).executeTakeFirstOrThrow()).id
    const v1 = catalogues.find((c) => c.code === QUALITY_V1.id)?.id
    if (v1 !== undefined) {
      // The shipped criterion mapping 提升服務品質 → 服務躍升, as the admin would record it (issue 19).
      await trx
        .insertInto('catalogueMapping')
        .values({ fromCatalogueId: v1, toCatalogueId: v2, data: JSON.stringify(QUALITY_V1_TO_SERVICE_LEAP_V2), updatedBy: admin })
        .onConflict((oc) => oc.columns(['fromCatalogueId', 'toCatalogueId']).doNothing())
        .execute()
    }
    const catalogue = SERVICE_LEAP_V2
    const criteria = catalogue.dimensions.flatMap((d) => d.criteria)

    const rounds = await trx
      .insertInto('round')
      .values(ROUNDS.map((r, i) => ({ rocYear: r.rocYear, half: r.half, catalogueId: v2, status: i < ROUNDS.length - 2 ? ('closed' as const) : ('open' as const) })))
      .returning(['id', 'rocYear', 'half'])
      .execute()
    await trx
      .insertInto('roundMember')
      .values(
        rounds.flatMap((r) => [
          { roundId: r.id, userId: convener, role: 'convener' as const },
          ...(members as number[]).map((m) => ({ roundId: r.id, userId: m, role: 'member' as const })),
          { roundId: r.id, userId: secretary, role: 'secretary' as const },
        ]),
      )
      .execute()

    const branches = await trx.selectFrom('branch').select(['id', 'code']).orderBy('id').execute()
    const recusalRows = RECUSALS.flatMap((r) => {
      const branch = branches.find((b) => b.code === r.branchCode)
      const member = userId(r.username)
      return branch && member !== undefined
        ? [{ roundId: rounds[r.roundIndex]!.id, userId: member, branchId: branch.id, reason: r.reason, declaredAt: new Date(`${roundRange(ROUNDS[r.roundIndex]!).start}T02:00:00Z`) }]
        : []
    })
    if (recusalRows.length > 0) await trx.insertInto('conflictOfInterest').values(recusalRows).execute()
    const units = await trx.selectFrom('unit').select(['id', 'branchId', 'name']).execute()

    // Plan every inspection in memory first, then insert in a few statements.
    interface Planned {
      roundIndex: number
      branchId: number
      code: string
      inspectedOn: string
      status: InspectionStatus
      sheets: MemberSheet[]
      consensus: ScoreEntry[]
    }
    const planned: Planned[] = []
    ROUNDS.forEach((round, roundIndex) => {
      const range = roundRange(round)
      branches.forEach((branch, b) => {
        const profile = PROFILE[branch.code] ?? { base: 0.7, trend: 0 }
        const quality = Math.min(0.95, Math.max(0.2, profile.base + profile.trend * roundIndex + (random() - 0.5) * 0.1))
        const inProgress = roundIndex === ROUNDS.length - 1
        const status: InspectionStatus = inProgress ? (IN_PROGRESS[branch.code] ?? 'draft') : 'closed'
        const inspectedOn = addCalendarDays(range.start, 45 + b * 9 + Math.floor(random() * 5))
        const truth = criteria.map((c) => trueTier(c, quality, random))
        let sheets: MemberSheet[] = []
        if (status !== 'draft') {
          sheets = scorers.map((memberId, m) => ({ memberId: String(memberId), entries: memberEntries(criteria, truth, random, m) }))
          // A recused member's sheet never exists: they declared the conflict before scoring.
          const recused = RECUSALS.find((r) => r.roundIndex === roundIndex && r.branchCode === branch.code)
          if (recused) sheets = sheets.filter((sheet) => sheet.memberId !== String(userId(recused.username)))
          // Scoring in progress: some members have not finished their sheet yet.
          if (status === 'scoring') sheets = sheets.map((s, m) => (m % 3 === 2 ? { ...s, entries: s.entries.slice(0, 8 + m) } : s))
        }
        const consensus = status === 'draft' || status === 'scoring' ? [] : proposeConsensus(catalogue, { sheets }).sheet
        planned.push({ roundIndex, branchId: branch.id, code: branch.code, inspectedOn, status, sheets, consensus })
      })
    })

    const results = planned.map((p) => (p.consensus.length > 0 ? scoreSheet(catalogue, p.consensus) : null))
    // A finished round's failing sheet is closed only with a plan; 114 上半年 keeps one waiting for it.
    const withPlan = planned.map((p, i) => results[i]?.passed === false && (p.status === 'closed' || p.status === 'signed') && !(p.roundIndex === ROUNDS.length - 2 && p.code === 'CHW'))
    planned.forEach((p, i) => {
      if (results[i]?.passed === false && p.status === 'closed' && !withPlan[i]) p.status = 'signed'
    })

    const inserted = await trx
      .insertInto('inspection')
      .values(
        planned.map((p, i) => {
          const result = results[i]
          const signed = p.status === 'signed' || p.status === 'closed'
          const signedAt = new Date(`${addCalendarDays(p.inspectedOn, 14)}T02:00:00Z`)
          return {
            roundId: rounds[p.roundIndex]!.id,
            branchId: p.branchId,
            inspectedOn: p.inspectedOn,
            status: p.status,
            totalPoints: signed && result ? result.total : null,
            passThreshold: signed && result ? result.passThreshold : null,
            passed: signed && result ? result.passed : null,
            dimensionTotals: signed && result ? JSON.stringify(result.dimensions) : null,
            signedAt: signed ? signedAt : null,
            signedBy: signed ? convener : null,
            closedAt: p.status === 'closed' ? new Date(signedAt.getTime() + 30 * 86_400_000) : null,
            closedBy: p.status === 'closed' ? convener : null,
            version: { draft: 1, scoring: 2, consensus: 3, signed: 4, closed: 5 }[p.status],
            createdAt: new Date(`${addCalendarDays(p.inspectedOn, -7)}T01:00:00Z`),
            updatedAt: signed ? signedAt : new Date(`${p.inspectedOn}T08:00:00Z`),
          }
        }),
      )
      .returning(['id', 'roundId', 'branchId'])
      .execute()
    const inspectionIdOf = (p: Planned) => inserted.find((r) => r.roundId === rounds[p.roundIndex]!.id && r.branchId === p.branchId)!.id

    const memberRows = planned.flatMap((p) =>
      p.sheets.flatMap((sheet) =>
        sheet.entries.map((e) => ({
          inspection_id: inspectionIdOf(p),
          member_id: Number(sheet.memberId),
          criterion_code: e.criterionCode,
          tier_id: e.tierId ?? null,
          points: e.points ?? null,
          finding: e.finding ?? null,
          updated_at: `${p.inspectedOn}T07:00:00Z`,
        })),
      ),
    )
    // Twelve thousand rows as one JSON parameter: far faster than a statement with 80 000 bind
    // parameters, on PGlite most of all.
    await sql`
      insert into member_score (inspection_id, member_id, criterion_code, tier_id, points, finding, updated_at)
      select * from jsonb_to_recordset(${JSON.stringify(memberRows)}::jsonb) as x(
        inspection_id integer, member_id integer, criterion_code text, tier_id text, points numeric, finding text, updated_at timestamptz)`.execute(trx)

    const consensusRows = planned.flatMap((p) => {
      if (p.consensus.length === 0) return []
      const proposal = proposeConsensus(catalogue, { sheets: p.sheets })
      return p.consensus.map((e) => ({
        inspectionId: inspectionIdOf(p),
        criterionCode: e.criterionCode,
        tierId: e.tierId ?? null,
        points: e.points ?? null,
        finding: e.finding ?? null,
        notApplicable: e.notApplicable === true,
        ruleNote: ruleNote(e, proposal.criteria.find((c) => c.criterionCode === e.criterionCode), undefined),
        decidedBy: convener,
        updatedAt: new Date(`${addCalendarDays(p.inspectedOn, 7)}T06:00:00Z`),
      }))
    })
    for (const rows of chunk(consensusRows, 2000)) await trx.insertInto('consensusScore').values(rows).execute()

    let improvementPlans = 0
    for (const [i, p] of planned.entries()) {
      const result = results[i]
      if (!withPlan[i] || !result) continue
      const branchUnits = units.filter((u) => u.branchId === p.branchId)
      const at = new Date(`${addCalendarDays(p.inspectedOn, 20)}T03:00:00Z`)
      const { id: planId } = await trx
        .insertInto('improvementPlan')
        .values({
          inspectionId: inspectionIdOf(p),
          summary: `總分 ${result.total} 分，未達 ${result.passThreshold} 分。請各承辦單位就扣分項目提出具體改善作法，並於期限內完成，於任務編組會議報告辦理情形。`,
          createdBy: secretary,
          createdAt: at,
          updatedBy: secretary,
          updatedAt: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      // The largest deductions first, at most two per unit.
      const perUnit = new Map<string, number>()
      const measures = [...result.remediationCandidates]
        .sort((a, b) => b.deduction - a.deduction)
        .filter((r) => {
          const n = perUnit.get(r.unit) ?? 0
          perUnit.set(r.unit, n + 1)
          return n < 2
        })
        .map((r, position) => ({
          planId,
          position,
          unitId: unitFor(branchUnits, r.unit),
          criterionCode: r.criterionCode,
          measure: `就「${criteria.find((c) => c.code === r.criterionCode)?.title.zh ?? r.criterionCode}」扣分事項（${r.finding}）訂定改善措施，按月追蹤辦理情形。`,
          dueDate: addCalendarDays(p.inspectedOn, 90 + 30 * (position % 3)),
        }))
        .filter((m): m is typeof m & { unitId: number } => m.unitId !== undefined)
      if (measures.length > 0) await trx.insertInto('improvementMeasure').values(measures).execute()
      improvementPlans += 1
    }

    return { catalogues: catalogues.length, rounds: rounds.length, inspections: inserted.length, memberScores: memberRows.length, improvementPlans }
  })
}

/** The tier a branch of this quality really deserves: the top tier with probability `quality`, else 1–3 steps down. */
function trueTier(criterion: Criterion, quality: number, random: () => number): number {
  if (random() < quality) return 0
  const r = random()
  const steps = r < 0.5 ? 1 : r < 0.85 ? 2 : 3
  return Math.min(steps, criterion.tiers.length - 1)
}

/** One member's sheet: mostly the true tier, sometimes one step either way; findings on deductions. */
function memberEntries(criteria: readonly Criterion[], truth: readonly number[], random: () => number, member: number): ScoreEntry[] {
  return criteria.map((c, i) => {
    const r = random()
    const shift = r < 0.72 ? 0 : r < 0.88 ? 1 : -1
    const tierIndex = Math.min(c.tiers.length - 1, Math.max(0, (truth[i] as number) + shift))
    const tier = c.tiers[tierIndex]!
    const entry: ScoreEntry = { criterionCode: c.code, tierId: tier.id, points: tier.points }
    if (tier.points < c.maxPoints) entry.finding = (FINDINGS[c.code] ?? ['待改進', '待改進'])[(member + i) % 2]
    return entry
  })
}

/** The branch unit for a criterion's default unit by the domain's rule; the branch's first unit when none fits. */
function unitFor(units: readonly { id: number; name: string }[], name: string): number | undefined {
  return (matchBranchUnit(name, units) ?? units[0])?.id
}
