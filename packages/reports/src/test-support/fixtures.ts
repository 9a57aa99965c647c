import { BRANCHES, SERVICE_LEAP_V2 } from '@leap/domain'
import type { ScoreSheetInput } from '../score-sheet/score-sheet.schema.js'

/**
 * A full v2 score sheet (22 criteria) for 臺北分署, 114年3月5日: criterion `i` scores its tier
 * number `tierOf(i)` (0 = the maximum; clamped to the lowest tier).
 */
export function sampleScoreSheet(tierOf: (index: number) => number = (i) => (i % 4 === 1 ? 1 : 0)): ScoreSheetInput {
  let index = 0
  const dimensions = SERVICE_LEAP_V2.dimensions.map((d) => ({
    title: d.title.zh,
    maxPoints: d.maxPoints,
    criteria: d.criteria.map((c) => {
      const i = index++
      const tier = c.tiers[Math.min(tierOf(i), c.tiers.length - 1)]!
      return {
        code: c.code,
        title: c.title.zh,
        content: `${c.guidance}\n評分等級：${c.tiers.map((t) => `${t.label.zh} ${t.points}分`).join('；')}`,
        maxPoints: c.maxPoints,
        points: tier.points,
        notApplicable: false,
        finding: tier.points < c.maxPoints ? `${c.title.zh}未臻完善，請${c.defaultUnit}檢討改進。` : null,
      }
    }),
  }))
  const total = dimensions.flatMap((d) => d.criteria).reduce((s, c) => s + c.points, 0)
  return {
    title: SERVICE_LEAP_V2.title.zh,
    catalogueVersion: `v${SERVICE_LEAP_V2.version}`,
    branch: { code: 'TPE', name: '臺北分署' },
    round: { rocYear: 114, half: 1 },
    inspectedOn: '2025-03-05',
    committee: [
      { name: '王大明', role: 'convener' },
      { name: '李小華', role: 'member' },
      { name: '陳美玲', role: 'member' },
      { name: '張志強', role: 'secretary' },
    ],
    dimensions,
    total,
    totalPoints: 1000,
    passThreshold: 750,
    improvementPlan: null,
    signOff: { signedBy: '王大明', signedAt: '2025-03-05T06:30:00Z' },
  }
}

import type { RemediationItemInput } from '../remediation/remediation-item.schema.js'
import type { ResultsReportInput } from '../results-report/results-report.schema.js'

const STATUSES = ['open', 'in_progress', 'submitted', 'returned', 'closed', 'cancelled'] as const

/** `n` remediation items spread over branches and statuses; due dates around 2025-03. */
export function sampleRemediationItems(n: number, branches: { code: string; name: string }[] = [{ code: 'TPE', name: '臺北分署' }]): RemediationItemInput[] {
  return Array.from({ length: n }, (_, i) => {
    const branch = branches[i % branches.length]!
    const status = STATUSES[i % STATUSES.length]!
    return {
      ref: `114上-${String(i + 1).padStart(3, '0')}`,
      branch,
      round: { rocYear: 114, half: 1 as const },
      criterion: '人民陳情案件6日內結案',
      title: `第 ${i + 1} 項：陳情案件處理流程圖未更新，請更新並公告於網站。`,
      unit: ['秘書室', '執行一科', '統計室'][i % 3]!,
      dueDate: `2025-0${(i % 6) + 1}-15`,
      status,
      latestProgress: status === 'open' ? null : `已於 114 年 ${(i % 6) + 1} 月辦理第 ${i + 1} 次檢討。`,
      closedOn: status === 'closed' ? '2025-06-30' : null,
    }
  })
}

/** A results report with the golden figures of seed 002 (臺南分署, 106年第1次). */
export function sampleResultsReport(): ResultsReportInput {
  return {
    branch: { code: 'TNN', name: '臺南分署' },
    rocYear: 106,
    period: 1,
    asOf: '2017-06-30',
    narratives: {
      'basic.consistency': '一樓現場設大型「繳款流程圖」，機關網站並有建置。\n\n各類書表置於服務台提供民眾使用，並建置在機關網站。',
      'evaluation.response': '民眾詢問業務，由承辦單位受理說明回復。',
    },
    survey: {
      scale: 'five',
      questions: [
        { label: '服務台服務', counts: [112, 50, 3, 0, 0], invalid: 1 },
        { label: '洽公環境滿意度及環境整潔及綠化、美化情形', counts: [95, 66, 5, 0, 0], invalid: 0 },
        { label: '電話禮貌', counts: [86, 64, 7, 0, 0], invalid: 9 },
        { label: '本分署機關網站提供資訊情形', counts: [81, 62, 16, 0, 0], invalid: 7 },
        { label: '申請案件時，承辦人員對規定解說是否詳細', counts: [99, 62, 4, 0, 0], invalid: 1 },
      ],
    },
    waitingTime: { buckets: [69, 52, 13, 2, 0], invalid: 30 },
    phoneTests: Array.from({ length: 18 }, (_, i) => ({ testedOn: `2017-0${(i % 6) + 1}-10`, unit: '執行一科', person: `受測者${i + 1}`, score: i < 15 ? 92 : 93 })),
    petitions: {
      months: [1, 2, 3, 4, 5, 6].map((month) => ({
        month,
        byCategory: month === 3 || month === 6 ? [0, 0, 0, 1, 0] : [0, 0, 0, 0, 0],
        byChannel: month === 3 ? [0, 0, 1, 0, 0] : month === 6 ? [1, 0, 0, 0, 0] : [0, 0, 0, 0, 0],
      })),
      closedWithin6Days: 2,
    },
    remediation: sampleRemediationItems(4, [{ code: 'TNN', name: '臺南分署' }]).map((r) => ({ ...r, round: { rocYear: 106, half: 1 as const }, dueDate: '2017-05-31', closedOn: r.closedOn ? '2017-06-20' : null })),
  }
}

import type { NationalWorkbookInput } from '../excel/national-workbook.xlsx.js'

/**
 * The national workbook of the bench: all 13 branches × `roundCount` rounds × every criterion of
 * the v2 catalogue (22), plus `itemCount` remediation items. Totals vary so some fall below 750.
 */
export function sampleNationalWorkbook(roundCount = 6, itemCount = 500): NationalWorkbookInput {
  const criteria = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria.map((c) => ({ code: c.code, dimension: d.title.zh, title: c.title.zh, maxPoints: c.maxPoints, tiers: c.tiers.map((t) => t.points) })))
  const rounds = Array.from({ length: roundCount }, (_, i) => ({ rocYear: 112 + Math.floor(i / 2), half: ((i % 2) + 1) as 1 | 2 }))
  const branches = BRANCHES.map((b) => ({ code: b.code, name: b.name }))
  const sheets = branches.flatMap((b, bi) =>
    rounds.map((round, ri) => {
      const scores = Object.fromEntries(criteria.map((c, ci) => [c.code, c.tiers[Math.min((bi + ri + ci) % 4 === 0 ? (bi % 4) : 0, c.tiers.length - 1)]!]))
      const total = Object.values(scores).reduce((s, v) => s + v, 0)
      return { branchCode: b.code, round, inspectedOn: `${round.rocYear + 1911}-0${round.half === 1 ? 3 : 9}-1${bi % 10}`, total, scores }
    }),
  )
  return {
    criteria: criteria.map(({ tiers: _tiers, ...c }) => c),
    branches,
    rounds,
    sheets,
    remediation: sampleRemediationItems(itemCount, branches),
    indicators: branches.flatMap((b) => rounds.map((round) => ({ branchCode: b.code, round, key: 'phoneCourtesyAverage' as const, value: 92.17 }))),
    asOf: '2025-04-01',
  }
}
