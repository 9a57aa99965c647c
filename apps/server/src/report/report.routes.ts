import fastifyMultipart from '@fastify/multipart'
import { formatRocDate, isDomainError, isoDateSchema, isoToRoc, roundLabel, rocToIso, taipeiDate } from '@leap/domain'
import {
  buildIndicatorWorkbook,
  buildNationalWorkbook,
  buildRemediationRegisterXlsx,
  parseIndicatorWorkbook,
  renderMeetingPackPdf,
  renderResultsReportDocx,
  renderResultsReportPdf,
  renderScoreSheetPdf,
  type ImportProblem,
  type ScoreSheetInput,
} from '@leap/reports'
import { TRPCError } from '@trpc/server'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z, ZodError } from 'zod'
import { rowIdFromText } from '../db/row-id.js'
import { NOT_FOUND_MESSAGE } from '../access/branch-scope.js'
import { assertInspectionVisible, inspectionScope, scopeCovers } from '../access/committee.js'
import { recordAudit } from '../audit/audit.repository.js'
import { findInspection, listInspections } from '../inspection/inspection.repository.js'
import { insertPhoneTests, upsertSurveyTallies } from '../indicator/indicator.repository.js'
import { findMeeting, listMeetingItems } from '../meeting/meeting.repository.js'
import { findItems, listItems } from '../remediation/remediation.repository.js'
import { itemScopeFor } from '../remediation/remediation-access.js'
import type { Context, SessionUser } from '../trpc/context.js'
import { assertBranchDataVisible, assertReportVisible } from './report-access.js'
import { indicatorExportFor, meetingPackFor, nationalWorkbookFor, remediationInputs, resultsReportFor, scoreSheetFor } from './report-data.js'

export interface ReportRoutesOptions {
  /** The same context the tRPC adapter builds for a request (session user from the cookie). */
  createContext: (req: FastifyRequest, reply: FastifyReply) => Promise<Context> | Context
}

type Signed = Context & { user: SessionUser }

const PDF = 'application/pdf'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
/** Indicator workbooks are small tables; 5 MB leaves room for tens of thousands of rows. */
const IMPORT_MAX_BYTES = 5 * 1024 * 1024

const positiveId = rowIdFromText
const rocYear = z.coerce.number().int().min(1).max(300)

function fail(reply: FastifyReply, status: number, message: string, extra: Record<string, unknown> = {}) {
  return reply.code(status).send({ error: message, ...extra })
}

/** A downloaded document: the UTF-8 filename (RFC 6266/5987) keeps 臺北分署 readable in every browser. */
function sendDocument(reply: FastifyReply, bytes: Uint8Array, mime: string, filename: string) {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return reply
    .header('content-type', mime)
    .header('content-length', bytes.length)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
}

/** Maps the errors a document route may meet to statuses; anything else is a 500. */
function statusOf(error: unknown): { status: number; message: string } | null {
  if (error instanceof TRPCError) {
    const status = ({ NOT_FOUND: 404, FORBIDDEN: 403, UNAUTHORIZED: 401, BAD_REQUEST: 400 } as Record<string, number>)[error.code]
    return status ? { status, message: error.message } : null
  }
  if (isDomainError(error)) return { status: 409, message: error.message }
  if (error instanceof ZodError) return { status: 409, message: `資料不完整，無法產製文件 (the stored data cannot fill the document): ${error.issues[0]?.path.join('.') ?? ''} ${error.issues[0]?.message ?? ''}` }
  return null
}

function halfLabel(half: 1 | 2): string {
  return half === 1 ? '上半年' : '下半年'
}

/**
 * Document downloads and the indicator import under /api/reports (binary bodies, so plain HTTP
 * rather than tRPC). Every route needs a session (401), answers 404 — never 403 — for records
 * outside the caller's scope, and 409 when the stored data cannot fill the document yet (e.g. a
 * sheet without consensus on every criterion).
 */
export const reportRoutes: FastifyPluginAsync<ReportRoutesOptions> = async (app, options) => {
  await app.register(fastifyMultipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 2, fieldSize: 1024 } })

  /** Runs `handler` for a signed-in user, mapping access and data errors to statuses. */
  function route<Req extends FastifyRequest>(handler: (ctx: Signed, req: Req, reply: FastifyReply) => Promise<unknown>) {
    return async (req: Req, reply: FastifyReply) => {
      const ctx = await options.createContext(req, reply)
      if (!ctx.user) return fail(reply, 401, '請先登入 (sign in first)')
      try {
        return await handler(ctx as Signed, req, reply)
      } catch (error) {
        const mapped = statusOf(error)
        if (mapped) return fail(reply, mapped.status, mapped.message)
        throw error
      }
    }
  }

  function parse<T>(schema: z.ZodType<T>, value: unknown): T {
    const result = schema.safeParse(value)
    if (!result.success) throw new TRPCError({ code: 'BAD_REQUEST', message: `參數有誤 (invalid parameter): ${result.error.issues.map((i) => i.path.join('.')).join(', ')}` })
    return result.data
  }

  /** Official score sheet of one inspection: the round's committee, agency staff, the branch's users. */
  app.get('/api/reports/inspections/:id/score-sheet.pdf', route(async (ctx, req, reply) => {
    const { id } = parse(z.object({ id: positiveId }), req.params)
    const inspection = await findInspection(ctx.db, id)
    await assertInspectionVisible(ctx.db, ctx.user, inspection)
    const sheet = await scoreSheetFor(ctx.db, inspection!)
    const pdf = await renderScoreSheetPdf(sheet)
    return sendDocument(reply, pdf, PDF, `${inspection!.branchName}_${inspection!.rocYear}年${halfLabel(inspection!.half)}_評分表.pdf`)
  }))

  /** 執行成果報告 draft of a branch (report 1 = 1–6月, 2 = 1–12月) as .docx or PDF. */
  app.get('/api/reports/branches/:branchId/results-report.:format', route(async (ctx, req, reply) => {
    const { branchId, format } = parse(z.object({ branchId: positiveId, format: z.enum(['docx', 'pdf']) }), req.params)
    const query = parse(z.object({ rocYear, report: z.coerce.number().pipe(z.union([z.literal(1), z.literal(2)])) }), req.query)
    await assertReportVisible(ctx.db, ctx.user, branchId, query.rocYear)
    const branch = await ctx.db.selectFrom('branch').select(['id', 'code', 'name']).where('id', '=', branchId).executeTakeFirstOrThrow()
    const input = await resultsReportFor(ctx.db, branch, query.rocYear, query.report, ctx.now())
    const name = `${branch.name}_${query.rocYear}年第${query.report}次_執行成果報告.${format}`
    return format === 'docx'
      ? sendDocument(reply, await renderResultsReportDocx(input), DOCX, name)
      : sendDocument(reply, await renderResultsReportPdf(input), PDF, name)
  }))

  /**
   * Meeting pack: minutes, the remediation items reported (those the caller may see) and the
   * round's signed score sheets the caller may see. Readers as for `meeting.byId`.
   */
  app.get('/api/reports/meetings/:id/pack.pdf', route(async (ctx, req, reply) => {
    const { id } = parse(z.object({ id: positiveId }), req.params)
    const meeting = await findMeeting(ctx.db, id)
    const scope = await inspectionScope(ctx.db, ctx.user)
    const roundVisible = scope.all || scope.branchIds.length > 0 || scope.roundIds.includes(meeting?.roundId ?? -1)
    if (!meeting || !roundVisible) return fail(reply, 404, NOT_FOUND_MESSAGE)
    const reported = (await listMeetingItems(ctx.db, meeting.id)).filter((i) => scopeCovers(scope, i.roundId, i.branchId))
    const notes = new Map(reported.map((i) => [i.remediationItemId, i.note]))
    const items = (await remediationInputs(ctx.db, await findItems(ctx.db, reported.map((i) => i.remediationItemId)))).map((input, k) => ({
      ...input,
      note: notes.get(reported[k]!.remediationItemId) ?? '',
    }))
    const signed = (await listInspections(ctx.db, scope, { roundId: meeting.roundId })).filter((i) => i.status === 'signed' || i.status === 'closed')
    const sheets: ScoreSheetInput[] = []
    for (const inspection of signed.slice(0, 30)) sheets.push(await scoreSheetFor(ctx.db, inspection))
    const pdf = await renderMeetingPackPdf(await meetingPackFor(ctx.db, meeting, items, sheets))
    return sendDocument(reply, pdf, PDF, `${meeting.heldOn}_${meeting.title}_會議資料.pdf`)
  }))

  /** National workbook (agency admin and viewer): branches × rounds × criteria + the register. */
  app.get('/api/reports/national.xlsx', route(async (ctx, req, reply) => {
    if (ctx.user.agencyRole === null) return fail(reply, 403, '需要署本部權限 (agency staff only)')
    const range = parse(z.object({ fromRocYear: rocYear.optional(), toRocYear: rocYear.optional() }), req.query)
    const input = await nationalWorkbookFor(ctx.db, { fromYear: range.fromRocYear, toYear: range.toRocYear }, ctx.now())
    if (!input) return fail(reply, 404, NOT_FOUND_MESSAGE)
    const name = range.fromRocYear || range.toRocYear ? `全國考核總表_${range.fromRocYear ?? ''}-${range.toRocYear ?? ''}年.xlsx` : '全國考核總表.xlsx'
    return sendDocument(reply, await buildNationalWorkbook(input), XLSX, name)
  }))

  /** 列管表 of the items the caller may see, narrowed to a branch and/or round. */
  app.get('/api/reports/remediation-register.xlsx', route(async (ctx, req, reply) => {
    const filter = parse(z.object({ branch: positiveId.optional(), round: positiveId.optional() }), req.query)
    const scope = await itemScopeFor(ctx.db, ctx.user)
    // Another branch's register is as absent as an unknown branch's (committee members see the branches of their rounds).
    if (filter.branch !== undefined && !scope.all && !scope.branchIds.includes(filter.branch) && scope.roundIds.length === 0) {
      return fail(reply, 404, NOT_FOUND_MESSAGE)
    }
    const { items } = await listItems(ctx.db, scope, { branchId: filter.branch, roundId: filter.round }, { limit: 50_000, offset: 0 })
    const branchName =
      filter.branch === undefined ? undefined : (await ctx.db.selectFrom('branch').select('name').where('id', '=', filter.branch).executeTakeFirst())?.name
    const round = filter.round !== undefined && items[0] ? `_${roundLabel({ rocYear: items[0].rocYear, half: items[0].half })}` : ''
    const xlsx = await buildRemediationRegisterXlsx({ items: await remediationInputs(ctx.db, items), asOf: taipeiDate(ctx.now()) })
    return sendDocument(reply, xlsx, XLSX, `${branchName ?? '全部分署'}${round}_列管表.xlsx`)
  }))

  /** The blank indicator template (問卷統計, 電話禮貌測試). */
  app.get('/api/reports/indicators/template.xlsx', route(async (_ctx, _req, reply) => {
    return sendDocument(reply, await buildIndicatorWorkbook(), XLSX, '指標資料範本.xlsx')
  }))

  /**
   * The stored survey tallies and phone tests of a branch in a period (`from`–`to`, at most ten
   * years), in the template the import reads: export, correct, import again. On import tallies are
   * replaced (same branch, month, form and question) and phone tests carrying their 編號 updated,
   * so a re-imported export adds nothing twice. What the template cannot carry (waiting-time tallies,
   * periods other than one month, phone component scores) is counted on the 說明 sheet. Readers
   * as for the results report: agency staff, the branch, committee members of those years.
   */
  app.get('/api/reports/branches/:branchId/indicators.xlsx', route(async (ctx, req, reply) => {
    const { branchId } = parse(z.object({ branchId: positiveId }), req.params)
    const period = parse(
      z
        .object({ from: isoDateSchema, to: isoDateSchema })
        .refine((p) => p.from <= p.to, { path: ['to'] })
        .refine((p) => Number(p.to.slice(0, 4)) - Number(p.from.slice(0, 4)) <= 10, { path: ['to'] }),
      req.query,
    )
    await assertBranchDataVisible(ctx.db, ctx.user, branchId, { fromRocYear: isoToRoc(period.from).rocYear, toRocYear: isoToRoc(period.to).rocYear })
    const branch = await ctx.db.selectFrom('branch').select(['id', 'code', 'name']).where('id', '=', branchId).executeTakeFirstOrThrow()
    const { data, leftOut } = await indicatorExportFor(ctx.db, branch, period)
    const notes = [
      `匯出範圍：${branch.name}（${branch.code}）${formatRocDate(period.from)}至${formatRocDate(period.to)}；匯出時間：${taipeiDate(ctx.now())}。`,
      ...(leftOut.waitingTime ? [`本檔未含申辦等候時間資料 ${leftOut.waitingTime} 筆（範本僅收滿意度量表），請於指標頁面查看。`] : []),
      ...(leftOut.notOneMonth ? [`本檔未含期間非單一月份之問卷資料 ${leftOut.notOneMonth} 筆（範本每列為一個月份）。`] : []),
      ...(leftOut.phoneComponents ? [`電話禮貌測試 ${leftOut.phoneComponents} 筆之分項分數未列出，僅列總分；再匯入時不含分項。`] : []),
    ]
    const xlsx = await buildIndicatorWorkbook(data, { notes })
    return sendDocument(reply, xlsx, XLSX, `${branch.name}_${period.from}_${period.to}_指標資料.xlsx`)
  }))

  /**
   * Imports a filled indicator template, all or nothing: 400 `{ error, problems }` naming every bad
   * row (sheet, row, column, rule), or 200 `{ surveys, phoneTests }` after saving every row in one
   * audited transaction (phone rows with a 編號 update that test of their branch, others are
   * added). Agency admin any branch; branch manager/staff only their own branch's rows.
   */
  app.post('/api/reports/indicators/import', route(async (ctx, req, reply) => {
    // CSRF (x-csrf-token = leap_csrf cookie) is enforced for every POST under /api by the app's hook.
    if (ctx.user.agencyRole !== 'admin' && ctx.user.branchRole === null) return fail(reply, 403, '僅分署同仁或署管理者可匯入 (only branch staff or an agency admin may import)')
    if (!req.isMultipart()) return fail(reply, 400, '請以 multipart/form-data 上傳 (send multipart/form-data)')
    const part = await req.file()
    if (!part) return fail(reply, 400, '未附檔案 (no file)')
    let bytes: Buffer
    try {
      bytes = await part.toBuffer()
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return fail(reply, 413, '檔案超過 5 MB (file over 5 MB)')
      throw error
    }
    const result = await parseIndicatorWorkbook(new Uint8Array(bytes))
    if (!result.ok) return fail(reply, 400, '匯入檔有誤，未匯入任何資料 (nothing imported)', { problems: result.problems })

    const branches = await ctx.db.selectFrom('branch').select(['id', 'code']).execute()
    const idOf = new Map(branches.map((b) => [b.code, b.id]))
    const problems: ImportProblem[] = []
    const allowed = (code: string, sheet: string, n: number) => {
      const id = idOf.get(code)
      const mine = ctx.user.agencyRole === 'admin' || id === ctx.user.branchId
      if (id === undefined || !mine) {
        problems.push({ sheet, row: null, column: '分署代碼', rule: 'UNKNOWN_BRANCH', message: `第 ${n} 筆資料的分署代碼「${code}」不是可匯入的分署 (not a branch you may import for)` })
      }
      return id
    }
    const surveys = result.data.surveys.map((s, k) => ({ s, branchId: allowed(s.branchCode, '問卷統計', k + 1) }))
    const phones = result.data.phoneTests.map((p, k) => ({ p, branchId: allowed(p.branchCode, '電話禮貌測試', k + 1) }))
    // A row with 編號 (from an export) updates that test: it must be a test of the row's branch.
    const ids = phones.flatMap(({ p }) => (p.id === null ? [] : [p.id]))
    const existing = new Map(
      (ids.length ? await ctx.db.selectFrom('phoneTest').select(['id', 'branchId', 'total', 'version']).where('id', 'in', ids).execute() : []).map((r) => [r.id, r]),
    )
    phones.forEach(({ p, branchId }, k) => {
      if (p.id !== null && branchId !== undefined && existing.get(p.id)?.branchId !== branchId) {
        problems.push({ sheet: '電話禮貌測試', row: null, column: '編號', rule: 'UNKNOWN_ROW', message: `第 ${k + 1} 筆資料的編號 ${p.id} 不是該分署的電話禮貌測試 (no such test of that branch; leave 編號 blank to add one)` })
      } else if (p.id !== null && existing.get(p.id)!.version !== p.version) {
        problems.push({ sheet: '電話禮貌測試', row: null, column: '版本', rule: 'STALE_ROW', message: staleRowMessage(k + 1, p.id, existing.get(p.id)!.version) })
      }
    })
    if (problems.length) return fail(reply, 400, '匯入檔有誤，未匯入任何資料 (nothing imported)', { problems })

    let saved
    try {
      saved = await ctx.db.transaction().execute(async (trx) => {
        const tallyIds = await upsertSurveyTallies(
          trx,
          surveys.map(({ s, branchId }) => {
            const start = rocToIso({ rocYear: s.rocYear, month: s.month, day: 1 })
            return {
              branchId: branchId!,
              periodStart: start,
              periodEnd: lastDayOfMonth(start),
              surveyKind: s.surveyKind,
              question: s.question,
              scale: s.scale,
              indicator: s.indicator,
              counts: s.counts,
              invalid: s.invalid,
              createdBy: ctx.user.id,
            }
          }),
        )
        const phoneIds = await insertPhoneTests(
          trx,
          phones.filter(({ p }) => p.id === null).map(({ p, branchId }) => ({
            branchId: branchId!,
            testedOn: p.testedOn,
            person: p.person,
            extension: p.extension || null,
            components: {},
            total: p.score,
            // phone_test has no unit column: the results report prints `note` as the unit tested.
            note: p.unit || null,
            createdBy: ctx.user.id,
          })),
        )
        const updated: number[] = []
        for (const [k, { p }] of phones.entries()) {
          if (p.id === null) continue
          // Component scores are not in the template: kept while the total stands, dropped when it changes.
          const totalChanged = Number(existing.get(p.id)!.total) !== p.score
          const result = await trx
            .updateTable('phoneTest')
            // The version moves on, so a correction opened on the indicator page before the import sees it as stale.
            .set((eb) => ({
              testedOn: p.testedOn,
              person: p.person,
              extension: p.extension || null,
              total: p.score,
              note: p.unit || null,
              ...(totalChanged ? { components: '{}' } : {}),
              version: eb('version', '+', 1),
              updatedAt: ctx.now(),
            }))
            .where('id', '=', p.id)
            // Only the version that was exported: a correction saved since then is never overwritten.
            .where('version', '=', p.version!)
            .executeTakeFirst()
          if (result.numUpdatedRows === 0n) throw new StaleImportRow(k + 1, p.id)
          updated.push(p.id)
        }
        const touched = [...new Set([...surveys, ...phones].map((r) => r.branchId!))]
        await recordAudit(trx, ctx, {
          action: 'indicator.import',
          entity: 'indicator_import',
          entityId: part.filename.slice(0, 200),
          branchId: touched.length === 1 ? touched[0]! : null,
          after: { surveys: tallyIds.length, phoneTests: phoneIds.length, phoneTestsUpdated: updated, branches: touched },
      })
      return { surveys: tallyIds.length, phoneTests: phoneIds.length + updated.length }
      })
    } catch (error) {
      if (!(error instanceof StaleImportRow)) throw error
      // Changed between the check above and the update: nothing was saved (the transaction rolled back).
      const problems: ImportProblem[] = [{ sheet: '電話禮貌測試', row: null, column: '版本', rule: 'STALE_ROW', message: staleRowMessage(error.position, error.id, null) }]
      return fail(reply, 409, '匯入檔有誤，未匯入任何資料 (nothing imported)', { problems })
    }
    return reply.code(200).send(saved)
  }))
}

/** A phone-test row of an import whose test changed after the export (thrown inside the import's transaction). */
class StaleImportRow extends Error {
  constructor(
    readonly position: number,
    readonly id: number,
  ) {
    super(`phone test ${id} changed since the export`)
  }
}

function staleRowMessage(position: number, id: number, current: number | null): string {
  const now = current === null ? '' : `（目前為第 ${current} 版）`
  return `第 ${position} 筆資料（編號 ${id}）已於匯出後被修改${now}，為免覆蓋該修正，未匯入任何資料；請重新匯出後再修改 (changed since the export: export again, then edit)`
}

function lastDayOfMonth(firstDay: string): string {
  const [y, m] = firstDay.split('-').map(Number) as [number, number]
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return `${firstDay.slice(0, 8)}${String(last).padStart(2, '0')}`
}
