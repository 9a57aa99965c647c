import { OBJECTION_DECISION_DAYS, OBJECTION_FORWARD_DAYS, formatPercent as formatShare, formatRocDate, PETITION_CATEGORIES, PETITION_CHANNELS } from '@leap/domain'
import type { Block, TableRow } from '../document/blocks.js'
import { outlineNumber } from '../format/outline-number.js'
import {
  formatPercent,
  meanScore,
  percent,
  phoneBand,
  satisfactionRate,
  SURVEY_SCALE_LEVELS,
  WAITING_BUCKET_LABELS,
  waitingTime,
} from '../indicators/indicator-math.js'
import { remediationCountsText } from '../remediation/remediation-counts-text.js'
import { REMEDIATION_STATUS_LABELS, remediationCounts } from '../remediation/remediation-item.schema.js'
import type { ResultsReportData, ResultsReportDataKind } from './results-report.schema.js'

/** Wide numeric tables use 12 pt so that figures stay on one line; line pitch stays 24 pt. */
const DATA_TABLE_SIZE = 12
const PLACEHOLDER = '（本節內容尚待填寫。）'

function narrative(report: ResultsReportData, key: string): Block[] {
  const text = report.narratives[key]?.trim()
  if (!text) return [{ kind: 'paragraph', text: PLACEHOLDER, indent: 2 }]
  // Blank lines separate paragraphs; single line breaks are kept inside a paragraph.
  return text.split(/\n\s*\n/).map((p) => ({ kind: 'paragraph', text: p.trim(), indent: 2 }))
}

function surveyBlocks(report: ResultsReportData): Block[] {
  const survey = report.survey
  if (!survey) return [{ kind: 'paragraph', text: '本期未提供為民服務意見調查資料。', indent: 2 }]
  const levels = SURVEY_SCALE_LEVELS[survey.scale].levels
  const rows: TableRow[] = survey.questions.map((q) => ({
    cells: [q.label, ...q.counts.map(String), String(q.invalid), formatPercent(satisfactionRate(survey.scale, q.counts))],
  }))
  const returned = survey.questions.map((q) => q.counts.reduce((a, b) => a + b, 0) + q.invalid)
  const best = survey.questions
    .map((q) => ({ label: q.label, rate: satisfactionRate(survey.scale, q.counts) }))
    .filter((q): q is { label: string; rate: number } => q.rate !== null)
    .sort((a, b) => b.rate - a.rate)
  const summary = [`本期為民服務意見調查表回收 ${Math.max(...returned)} 份，滿意度 = ${levels.slice(0, SURVEY_SCALE_LEVELS[survey.scale].satisfiedLevels).join('及')} ÷ 有效樣本 × 100%（無效樣本為未作答或勾選二個以上）。`]
  if (best.length > 0) summary.push(`滿意度最高者為「${best[0]!.label}」${best[0]!.rate.toFixed(2)}%，最低者為「${best.at(-1)!.label}」${best.at(-1)!.rate.toFixed(2)}%。`)
  return [
    { kind: 'paragraph', text: summary.join(''), indent: 2 },
    {
      kind: 'table',
      fontSize: DATA_TABLE_SIZE,
      columns: [{ header: '題目', width: 4 }, ...levels.map((l) => ({ header: l, width: 1.1, align: 'right' as const })), { header: '未作答或勾選二個', width: 1.3, align: 'right' }, { header: '滿意度%', width: 1.3, align: 'right' }],
      rows,
    },
  ]
}

function waitingBlocks(report: ResultsReportData): Block[] {
  const w = report.waitingTime
  if (!w) return [{ kind: 'paragraph', text: '本期未提供申辦案件所花費時間資料。', indent: 2 }]
  const summary = waitingTime(w.buckets, w.openBucketMinutes)
  // One row per time band (the bands as rows, not columns): every header fits its column unbroken.
  return [
    {
      kind: 'paragraph',
      indent: 2,
      text:
        `有效樣本 ${summary.valid} 份，15分鐘以內完成者占 ${formatPercent(summary.within15)}%，平均申辦案件所花費時間 ${summary.averageMinutes === null ? '—' : summary.averageMinutes.toFixed(2)} 分鐘` +
        `（各組以組中值計，60分鐘以上以 ${w.openBucketMinutes} 分鐘計${w.openBucketMinutes === 30 ? '，依原公告計算式' : ''}）。`,
    },
    {
      kind: 'table',
      fontSize: DATA_TABLE_SIZE,
      columns: [{ header: '申辦案件所花費時間', width: 2 }, { header: '件數', width: 1, align: 'right' }, { header: '比率%', width: 1, align: 'right' }],
      rows: [
        ...WAITING_BUCKET_LABELS.map((label, i) => ({ cells: [label, String(w.buckets[i] ?? 0), formatPercent(summary.shares[i] ?? null)] })),
        { cells: ['有效樣本合計', String(summary.valid), summary.valid === 0 ? '—' : '100.00'], total: true },
        { cells: ['15分鐘以內合計', String(w.buckets[0]! + w.buckets[1]!), formatPercent(summary.within15)], total: true },
        { cells: ['未作答或勾選二個以上', String(w.invalid), ''] },
      ],
    },
  ]
}

function phoneBlocks(report: ResultsReportData): Block[] {
  const tests = report.phoneTests
  if (tests.length === 0) return [{ kind: 'paragraph', text: '本期未提供電話禮貌測試資料。', indent: 2 }]
  const average = meanScore(tests.map((t) => t.score))!
  return [
    { kind: 'paragraph', indent: 2, text: `本期辦理電話禮貌測試計 ${tests.length} 人次，平均成績為 ${average.toFixed(2)} 分，評定為「${phoneBand(average)}」等。` },
    {
      kind: 'table',
      columns: [{ header: '測試日期', width: 1.4, align: 'center' }, { header: '受測單位', width: 1.6 }, { header: '受測人員', width: 1.4 }, { header: '分數', width: 1, align: 'right' }],
      rows: [
        ...tests.map((t) => ({ cells: [formatRocDate(t.testedOn, 'slash'), t.unit, t.person, String(t.score)] })),
        { cells: ['平均', '', '', average.toFixed(2)], total: true },
      ],
    },
  ]
}

/**
 * A petition table with every month of the period (1月 to `lastMonth`), months without cases as
 * zeros, as seed 002 prints them, then the totals and shares.
 */
function petitionTable(months: NonNullable<ResultsReportData['petitions']>['months'], lastMonth: number, labels: readonly string[], pick: (m: (typeof months)[number]) => number[], corner: string): Block {
  const given = new Map(months.map((m) => [m.month, m]))
  const zeros = labels.map(() => 0)
  const sorted = Array.from({ length: lastMonth }, (_, k) => given.get(k + 1) ?? { month: k + 1, byCategory: zeros, byChannel: zeros })
  const totals = labels.map((_, i) => sorted.reduce((s, m) => s + pick(m)[i]!, 0))
  const grand = totals.reduce((a, b) => a + b, 0)
  return {
    kind: 'table',
    fontSize: DATA_TABLE_SIZE,
    columns: [{ header: corner, width: 1.2, align: 'center' }, ...labels.map((l) => ({ header: l, width: 1.3, align: 'right' as const })), { header: '合計', width: 1, align: 'right' }],
    rows: [
      ...sorted.map((m) => ({ cells: [`${m.month}月`, ...pick(m).map(String), String(pick(m).reduce((a, b) => a + b, 0))] })),
      { cells: ['件數', ...totals.map(String), String(grand)], total: true },
      { cells: ['%', ...totals.map((t) => formatPercent(percent(t, grand))), grand === 0 ? '—' : '100.00'], total: true },
    ],
  }
}

function petitionBlocks(report: ResultsReportData): Block[] {
  const p = report.petitions
  if (!p) return [{ kind: 'paragraph', text: '本期未提供人民陳情案件資料。', indent: 2 }]
  const total = p.months.reduce((s, m) => s + m.byCategory.reduce((a, b) => a + b, 0), 0)
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      indent: 2,
      text:
        `本期受理人民陳情案件計 ${total} 件。` +
        (p.closedWithin6Days === null ? '' : `於 6 日內辦結者 ${p.closedWithin6Days} 件，占 ${formatPercent(percent(p.closedWithin6Days, total))}%。`),
    },
    { kind: 'heading', level: 3, label: outlineNumber(3, 1), text: '陳情案件類別' },
    petitionTable(p.months, lastMonthOf(report), PETITION_CATEGORIES, (m) => m.byCategory, '月份'),
    { kind: 'heading', level: 3, label: outlineNumber(3, 2), text: '陳情方式' },
    petitionTable(p.months, lastMonthOf(report), PETITION_CHANNELS, (m) => m.byChannel, '月份'),
  ]
  return blocks
}

function remediationBlocks(report: ResultsReportData): Block[] {
  if (report.remediation.length === 0) return [{ kind: 'paragraph', text: '本期無列管之應改進事項。', indent: 2 }]
  const c = remediationCounts(report.remediation, report.asOf)
  return [
    {
      kind: 'paragraph',
      indent: 2,
      text: `截至${formatRocDate(report.asOf)}，不定期考核應改進事項${remediationCountsText(c)}。`,
    },
    {
      kind: 'table',
      columns: [{ header: '應改進事項', width: 4 }, { header: '承辦單位', width: 1.4 }, { header: '完成期限', width: 1.5, align: 'center' }, { header: '辦理情形', width: 1.5, align: 'center' }],
      rows: report.remediation.map((r) => ({
        cells: [r.title, r.unit, r.dueDate ? formatRocDate(r.dueDate, 'slash') : '—', REMEDIATION_STATUS_LABELS[r.status]],
      })),
    },
  ]
}

function objectionBlocks(report: ResultsReportData): Block[] {
  const o = report.objections
  if (!o || o.total === 0) return [{ kind: 'paragraph', text: '本期未受理聲明異議案件。', indent: 2 }]
  const share = (v: number | null) => (v === null ? '—' : formatShare(v, { suffix: '%' }))
  const text =
    `本期受理聲明異議案件計 ${o.total} 件，認定有理由者 ${o.wellFounded} 件、無理由者 ${o.unfounded} 件` +
    (o.pending > 0 ? `、尚未認定者 ${o.pending} 件` : '') +
    `。有理由者已更正 ${o.corrected} 件，於 ${OBJECTION_FORWARD_DAYS} 日內更正者占 ${share(o.correctedOnTimeShare)}；` +
    `無理由者已附具意見移送 ${o.forwarded} 件，於 ${OBJECTION_FORWARD_DAYS} 日內移送者占 ${share(o.forwardedOnTimeShare)}；` +
    `已決定 ${o.decided} 件，於移送後 ${OBJECTION_DECISION_DAYS} 日內決定者占 ${share(o.decidedOnTimeShare)}；` +
    (o.overdue > 0 ? `逾期未辦結者 ${o.overdue} 件。` : '無逾期未辦結案件。') +
    '（行政執行法第9條；期限自收件翌日起以日曆日計算，末日當日辦結者視為如期。）'
  const cell = (v: number | null) => formatShare(v)
  return [
    { kind: 'paragraph', indent: 2, text },
    {
      kind: 'table',
      fontSize: DATA_TABLE_SIZE,
      columns: [{ header: '項目', width: 3 }, { header: '件數', width: 1, align: 'right' }, { header: '如期比率%', width: 1.3, align: 'right' }],
      rows: [
        { cells: ['受理聲明異議', String(o.total), ''] },
        { cells: ['認定有理由', String(o.wellFounded), ''] },
        { cells: ['認定無理由', String(o.unfounded), ''] },
        { cells: [`有理由已更正（${OBJECTION_FORWARD_DAYS}日內）`, String(o.corrected), cell(o.correctedOnTimeShare)] },
        { cells: [`無理由已移送（${OBJECTION_FORWARD_DAYS}日內）`, String(o.forwarded), cell(o.forwardedOnTimeShare)] },
        { cells: [`已決定（移送後${OBJECTION_DECISION_DAYS}日內）`, String(o.decided), cell(o.decidedOnTimeShare)] },
        { cells: ['逾期未辦結', String(o.overdue), ''], total: true },
      ],
    },
  ]
}

function cadenceBlocks(report: ResultsReportData): Block[] {
  const c = report.cadence
  if (!c) return [{ kind: 'paragraph', text: '本期未檢核辦理頻率。', indent: 2 }]
  const unchecked = c.notChecked.length > 0 ? `（${c.notChecked.join('、')}未納入系統資料，未予檢核。）` : ''
  if (c.gaps.length === 0) return [{ kind: 'paragraph', indent: 2, text: `本期任務編組會議（每半年至少1次）、電話禮貌測試（每月）及為民服務意見調查（每季）均依計畫辦理。${unchecked}` }]
  return [
    { kind: 'paragraph', indent: 2, text: `依服務躍升計畫所定辦理頻率檢核，本期計有 ${c.gaps.length} 項未依期辦理，列表如下。${unchecked}` },
    {
      kind: 'table',
      fontSize: DATA_TABLE_SIZE,
      columns: [{ header: '期間', width: 1.5, align: 'center' }, { header: '未辦理事項', width: 4 }],
      rows: c.gaps.map((g) => ({ cells: [g.label, g.message.startsWith(g.label) ? g.message.slice(g.label.length).trim() : g.message] })),
    },
  ]
}

/** A data table with its sub-heading, as a section lists it after its narrative. */
function dataBlocks(report: ResultsReportData, kind: ResultsReportDataKind): { title: string; blocks: Block[] } {
  switch (kind) {
    case 'phoneTests':
      return { title: '電話禮貌測試', blocks: phoneBlocks(report) }
    case 'remediation':
      return { title: '不定期考核應改進事項辦理情形', blocks: remediationBlocks(report) }
    case 'survey':
      return { title: '為民服務意見調查', blocks: surveyBlocks(report) }
    case 'waitingTime':
      return { title: '申辦案件所花費的時間分析', blocks: waitingBlocks(report) }
    case 'petitions':
      return { title: '人民陳情案件', blocks: petitionBlocks(report) }
    case 'objections':
      return { title: '聲明異議案件處理情形', blocks: objectionBlocks(report) }
    case 'cadence':
      return { title: '辦理頻率檢核', blocks: cadenceBlocks(report) }
  }
}

/** The last month of the report's period: June for 第1次, December for 第2次. */
function lastMonthOf(report: Pick<ResultsReportData, 'period'>): number {
  return report.period === 1 ? 6 : 12
}

/** 第1次 = January–June, 第2次 = January–December. */
export function resultsReportPeriodText(report: Pick<ResultsReportData, 'rocYear' | 'period'>): string {
  return `${report.rocYear}年1月至${report.period === 1 ? 6 : 12}月（第${report.period}次）`
}

/** The report title, e.g. 114年度服務躍升執行成果報告 (100年度提升服務品質執行成果報告 for v1). */
export function resultsReportTitle(report: Pick<ResultsReportData, 'rocYear' | 'programme'>): string {
  return `${report.rocYear}年度${report.programme}執行成果報告`
}

/**
 * The blocks of a results report in its structure (`report.sections`; by default the 服務躍升 one:
 * 壹、基礎服務 … 肆、服務評價), each dimension (壹、…) with its sections (一、…), each section with its
 * narrative and its data tables (by default where seeds 002/003 put them: phone tests under
 * 服務友善, remediation status under 服務精進機制, survey, waiting-time and petition tables under
 * 服務滿意情形).
 */
export function resultsReportBlocks(report: ResultsReportData): Block[] {
  const blocks: Block[] = [
    { kind: 'title', text: resultsReportTitle(report) },
    { kind: 'paragraph', text: `陳報機關：法務部行政執行署${report.branch.name}` },
    { kind: 'paragraph', text: `資料時間：${resultsReportPeriodText(report)}` },
  ]
  const dimensions = [...new Set(report.sections.map((s) => s.dimension))]
  dimensions.forEach((dimension, di) => {
    blocks.push({ kind: 'heading', level: 0, label: outlineNumber(0, di + 1), text: dimension })
    report.sections.filter((s) => s.dimension === dimension).forEach((section, si) => {
      blocks.push({ kind: 'heading', level: 1, label: outlineNumber(1, si + 1), text: section.title })
      blocks.push(...narrative(report, section.key))
      section.data.map((kind) => dataBlocks(report, kind)).forEach((data, i) => {
        blocks.push({ kind: 'heading', level: 2, label: outlineNumber(2, i + 1), text: data.title })
        blocks.push(...data.blocks)
      })
    })
  })
  return blocks
}
