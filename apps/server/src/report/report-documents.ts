import { formatRocDate, isoToRoc, roundLabel, taipeiDate, type IsoDate } from '@leap/domain'
import {
  buildIndicatorWorkbook,
  buildNationalWorkbook,
  buildRemediationRegisterXlsx,
  renderMeetingPackPdf,
  renderResultsReportDocx,
  renderResultsReportPdf,
  renderScoreSheetPdf,
  type KaiFontSource,
  type ScoreSheetInput,
} from '@leap/reports'
import { notFound } from '../access/branch-scope.js'
import { assertInspectionVisible, inspectionScope, scopeCovers } from '../access/committee.js'
import { findBranch } from '../branch/branch.repository.js'
import { findInspection, listInspections } from '../inspection/inspection.repository.js'
import { findMeeting, listMeetingItems } from '../meeting/meeting.repository.js'
import { findItems, listItems } from '../remediation/remediation.repository.js'
import { itemScopeFor } from '../remediation/remediation-access.js'
import type { Context, SessionUser } from '../trpc/context.js'
import { refuse } from '../trpc/refusal.js'
import { assertBranchDataVisible, assertReportVisible } from './report-access.js'
import { indicatorExportFor, meetingPackFor, nationalWorkbookFor, remediationInputs, resultsReportFor, scoreSheetFor } from './report-data.js'
import { resultsReportObjectionsFor } from './results-report-objections.js'

/** A document ready to send: its bytes, media type and the file name offered for saving. */
export interface ReportDocument {
  bytes: Uint8Array
  mime: string
  filename: string
}

type Signed = Context & { user: SessionUser }

const PDF = 'application/pdf'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

function halfLabel(half: 1 | 2): string {
  return half === 1 ? '上半年' : '下半年'
}

/** ROC date without separators for file names, e.g. 1140305. */
function rocFileDate(iso: IsoDate): string {
  const { rocYear, month, day } = isoToRoc(iso)
  return `${rocYear}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`
}

/** The official score sheet of an inspection; NOT_FOUND outside the caller's scope. */
export async function scoreSheet(ctx: Signed, inspectionId: number, font: KaiFontSource): Promise<ReportDocument> {
  const inspection = await findInspection(ctx.db, inspectionId)
  await assertInspectionVisible(ctx.db, ctx.user, inspection)
  const sheet = await scoreSheetFor(ctx.db, inspection!)
  return {
    bytes: await renderScoreSheetPdf(sheet, { font }),
    mime: PDF,
    filename: `${inspection!.branchName}_${inspection!.rocYear}年${halfLabel(inspection!.half)}_評分表.pdf`,
  }
}

/** A branch's 執行成果報告 (.docx or PDF); NOT_FOUND outside the caller's scope. */
export async function resultsReport(
  ctx: Signed,
  key: { branchId: number; rocYear: number; report: 1 | 2; format: 'docx' | 'pdf' },
  font: KaiFontSource,
): Promise<ReportDocument> {
  await assertReportVisible(ctx.db, ctx.user, key.branchId, key.rocYear)
  const branch = await findBranch(ctx.db, key.branchId)
  if (!branch) throw notFound()
  const [base, issue19] = await Promise.all([
    resultsReportFor(ctx.db, branch, key.rocYear, key.report, ctx.now()),
    resultsReportObjectionsFor(ctx.db, branch.id, key.rocYear, key.report, ctx.now()),
  ])
  const input = { ...base, ...issue19 }
  const filename = `${branch.name}_${key.rocYear}年第${key.report}次_執行成果報告.${key.format}`
  return key.format === 'docx'
    ? { bytes: await renderResultsReportDocx(input, { font }), mime: DOCX, filename }
    : { bytes: await renderResultsReportPdf(input, { font }), mime: PDF, filename }
}

/**
 * The meeting pack: minutes, the remediation items reported that the caller may see and the
 * round's signed score sheets the caller may see (at most 30). Readers as for `meeting.byId`.
 */
export async function meetingPack(ctx: Signed, meetingId: number, font: KaiFontSource): Promise<ReportDocument> {
  const meeting = await findMeeting(ctx.db, meetingId)
  const scope = await inspectionScope(ctx.db, ctx.user)
  const roundVisible = scope.all || scope.branchIds.length > 0 || scope.roundIds.includes(meeting?.roundId ?? -1)
  if (!meeting || !roundVisible) throw notFound()
  const reported = (await listMeetingItems(ctx.db, meeting.id)).filter((i) => scopeCovers(scope, i.roundId, i.branchId))
  const notes = new Map(reported.map((i) => [i.remediationItemId, i.note]))
  const items = (await remediationInputs(ctx.db, await findItems(ctx.db, reported.map((i) => i.remediationItemId)))).map((input, k) => ({
    ...input,
    note: notes.get(reported[k]!.remediationItemId) ?? '',
  }))
  const signed = (await listInspections(ctx.db, scope, { roundId: meeting.roundId })).filter((i) => i.status === 'signed' || i.status === 'closed')
  const sheets: ScoreSheetInput[] = []
  for (const inspection of signed.slice(0, 30)) sheets.push(await scoreSheetFor(ctx.db, inspection))
  const pdf = await renderMeetingPackPdf(await meetingPackFor(ctx.db, meeting, items, sheets), { font })
  return { bytes: pdf, mime: PDF, filename: `${rocFileDate(meeting.heldOn)}_${meeting.title}_會議資料.pdf` }
}

/** The national workbook (agency admin and viewer; FORBIDDEN otherwise, NOT_FOUND without rounds). */
export async function nationalWorkbook(ctx: Signed, range: { fromRocYear?: number | undefined; toRocYear?: number | undefined }): Promise<ReportDocument> {
  if (ctx.user.agencyRole === null) throw refuse('FORBIDDEN', 'AGENCY_ONLY', {}, 'the national workbook is for agency staff only')
  const input = await nationalWorkbookFor(ctx.db, { fromYear: range.fromRocYear, toYear: range.toRocYear }, ctx.now())
  if (!input) throw notFound()
  const filename = range.fromRocYear || range.toRocYear ? `全國考核總表_${range.fromRocYear ?? ''}-${range.toRocYear ?? ''}年.xlsx` : '全國考核總表.xlsx'
  return { bytes: await buildNationalWorkbook(input), mime: XLSX, filename }
}

/** 列管表 of the items the caller may see, narrowed to a branch and/or round. */
export async function remediationRegister(ctx: Signed, filter: { branchId?: number | undefined; roundId?: number | undefined }): Promise<ReportDocument> {
  const scope = await itemScopeFor(ctx.db, ctx.user)
  // Another branch's register is as absent as an unknown branch's (committee members see the branches of their rounds).
  if (filter.branchId !== undefined && !scope.all && !scope.branchIds.includes(filter.branchId) && scope.roundIds.length === 0) throw notFound()
  const { items } = await listItems(ctx.db, scope, { branchId: filter.branchId, roundId: filter.roundId }, { limit: 50_000, offset: 0 })
  const branchName = filter.branchId === undefined ? undefined : (await findBranch(ctx.db, filter.branchId))?.name
  const round = filter.roundId !== undefined && items[0] ? `_${roundLabel({ rocYear: items[0].rocYear, half: items[0].half })}` : ''
  const bytes = await buildRemediationRegisterXlsx({ items: await remediationInputs(ctx.db, items), asOf: taipeiDate(ctx.now()) })
  return { bytes, mime: XLSX, filename: `${branchName ?? '全部分署'}${round}_列管表.xlsx` }
}

/**
 * The stored survey tallies and phone tests of a branch in a period, in the template the import
 * reads (tallies replaced on import, phone tests with their 編號 updated, unchanged rows left alone).
 * What the template cannot carry is counted on the 說明 sheet. Readers as for the results report.
 */
export async function indicatorExport(ctx: Signed, branchId: number, period: { from: IsoDate; to: IsoDate }): Promise<ReportDocument> {
  await assertBranchDataVisible(ctx.db, ctx.user, branchId, { fromRocYear: isoToRoc(period.from).rocYear, toRocYear: isoToRoc(period.to).rocYear })
  const branch = await findBranch(ctx.db, branchId)
  if (!branch) throw notFound()
  const { data, leftOut } = await indicatorExportFor(ctx.db, branch, period)
  const notes = [
    `匯出範圍：${branch.name}${formatRocDate(period.from)}至${formatRocDate(period.to)}；匯出日期：${formatRocDate(taipeiDate(ctx.now()))}。`,
    ...(leftOut.waitingTime ? [`本檔未含申辦等候時間資料 ${leftOut.waitingTime} 筆（範本僅收滿意度量表），請於指標頁面查看。`] : []),
    ...(leftOut.notOneMonth ? [`本檔未含期間非單一月份之問卷資料 ${leftOut.notOneMonth} 筆（範本每列為一個月份）。`] : []),
    ...(leftOut.phoneComponents ? [`電話禮貌測試 ${leftOut.phoneComponents} 筆之分項分數未列出，僅列總分；再匯入時不含分項。`] : []),
  ]
  const bytes = await buildIndicatorWorkbook(data, { notes })
  return { bytes, mime: XLSX, filename: `${branch.name}_${rocFileDate(period.from)}-${rocFileDate(period.to)}_指標資料.xlsx` }
}
