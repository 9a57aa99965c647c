import fastifyMultipart from '@fastify/multipart'
import { isDomainError, isoDateSchema, type ErrorCode, type ErrorParams } from '@leap/domain'
import { buildIndicatorWorkbook, DEFAULT_KAI_FONT_PATH, KaiFontMissingError, parseIndicatorWorkbook, type KaiFontSource } from '@leap/reports'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z, ZodError } from 'zod'
import { rowIdFromText } from '../db/row-id.js'
import { signedRoute, type HttpRefusal, type Signed } from '../http/signed-route.js'
import type { Context } from '../trpc/context.js'
import { refusalBody, refuse } from '../trpc/refusal.js'
import { importIndicatorData } from './indicator-import.js'
import { kaiFontFix } from './report-font.js'
import { indicatorExport, meetingPack, nationalWorkbook, remediationRegister, resultsReport, scoreSheet, type ReportDocument } from './report-documents.js'

export interface ReportRoutesOptions {
  /** The same context the tRPC adapter builds for a request (session user from the cookie). */
  createContext: (req: FastifyRequest, reply: FastifyReply) => Promise<Context> | Context
  /** The Kai font of the PDFs and the .docx (LEAP_KAI_FONT); default Debian's ukai.ttc. */
  font?: KaiFontSource
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** Indicator workbooks are small tables; 5 MB leaves room for tens of thousands of rows. */
const IMPORT_MAX_BYTES = 5 * 1024 * 1024

const positiveId = rowIdFromText
const rocYear = z.coerce.number().int().min(1).max(300)

/** A refusal of a plain HTTP route: the status, the code and params the admin words, the English text for the record. */
function fail(reply: FastifyReply, status: number, errorCode: ErrorCode, params: ErrorParams, message: string, extra: Record<string, unknown> = {}) {
  return reply.code(status).send({ ...refusalBody(errorCode, params, message), ...extra })
}

/** A downloaded document: the UTF-8 filename (RFC 6266/5987) keeps 臺北分署 readable in every browser. */
function sendDocument(reply: FastifyReply, doc: ReportDocument) {
  const ascii = doc.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return reply
    .header('content-type', doc.mime)
    .header('content-length', doc.bytes.length)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(doc.bytes.buffer, doc.bytes.byteOffset, doc.bytes.byteLength))
}

/**
 * Document downloads and the indicator import under /api/reports (binary bodies, so plain HTTP
 * rather than tRPC). Every route needs a session (401), answers 404 — never 403 — for records
 * outside the caller's scope, 409 when the stored data cannot fill the document yet (e.g. a sheet
 * without consensus on every criterion), and 503 naming the fix when the server has no Kai font.
 */
export const reportRoutes: FastifyPluginAsync<ReportRoutesOptions> = async (app, options) => {
  await app.register(fastifyMultipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 2, fieldSize: 1024 } })
  const font = options.font ?? {}

  /**
   * The errors a document route may meet beside refusals, as a status and a refusal body (code and
   * params the admin words, the text for the record); anything else is a 500.
   */
  function documentRefusal(error: unknown): HttpRefusal | null {
    // No Kai font: the server cannot make any document until the operator installs one — 503, never 500.
    if (error instanceof KaiFontMissingError) return { status: 503, body: refusalBody('DOCUMENT_FONT_MISSING', { path: font.path ?? DEFAULT_KAI_FONT_PATH }, kaiFontFix(font)) }
    if (isDomainError(error)) return { status: 409, body: refusalBody(error.code, error.params, error.message) }
    if (error instanceof ZodError) {
      const field = error.issues[0]?.path.join('.') ?? ''
      return { status: 409, body: refusalBody('DOCUMENT_DATA_INCOMPLETE', { field }, `the stored data cannot fill the document: ${field} ${error.issues[0]?.message ?? ''}`) }
    }
    return null
  }

  /** Runs `handler` for a signed-in user, mapping access and data errors to statuses. */
  function route<Req extends FastifyRequest>(handler: (ctx: Signed, req: Req, reply: FastifyReply) => Promise<unknown>) {
    return signedRoute(options.createContext, handler, documentRefusal)
  }

  function parse<T>(schema: z.ZodType<T>, value: unknown): T {
    const result = schema.safeParse(value)
    if (!result.success) {
      const paths = result.error.issues.map((i) => i.path.map(String))
      throw refuse('BAD_REQUEST', 'INVALID_INPUT', { fields: paths.map((p) => p.join('.')) }, `invalid parameter: ${paths.map((p) => p.join('.')).join(', ')}`, paths.map((path) => ({ path })))
    }
    return result.data
  }

  /** Official score sheet of one inspection: the round's committee, agency staff, the branch's users. */
  app.get('/api/reports/inspections/:id/score-sheet.pdf', route(async (ctx, req, reply) => {
    const { id } = parse(z.object({ id: positiveId }), req.params)
    return sendDocument(reply, await scoreSheet(ctx, id, font))
  }))

  /** 執行成果報告 draft of a branch (report 1 = 1–6月, 2 = 1–12月) as .docx or PDF. */
  app.get('/api/reports/branches/:branchId/results-report.:format', route(async (ctx, req, reply) => {
    const { branchId, format } = parse(z.object({ branchId: positiveId, format: z.enum(['docx', 'pdf']) }), req.params)
    const query = parse(z.object({ rocYear, report: z.coerce.number().pipe(z.union([z.literal(1), z.literal(2)])) }), req.query)
    return sendDocument(reply, await resultsReport(ctx, { branchId, rocYear: query.rocYear, report: query.report, format }, font))
  }))

  /**
   * Meeting pack: minutes, the remediation items reported (those the caller may see) and the
   * round's signed score sheets the caller may see. Readers as for `meeting.byId`.
   */
  app.get('/api/reports/meetings/:id/pack.pdf', route(async (ctx, req, reply) => {
    const { id } = parse(z.object({ id: positiveId }), req.params)
    return sendDocument(reply, await meetingPack(ctx, id, font))
  }))

  /** National workbook (agency admin and viewer): branches × rounds × criteria + the register. */
  app.get('/api/reports/national.xlsx', route(async (ctx, req, reply) => {
    const range = parse(z.object({ fromRocYear: rocYear.optional(), toRocYear: rocYear.optional() }), req.query)
    return sendDocument(reply, await nationalWorkbook(ctx, range))
  }))

  /** 列管表 of the items the caller may see, narrowed to a branch and/or round. */
  app.get('/api/reports/remediation-register.xlsx', route(async (ctx, req, reply) => {
    const filter = parse(z.object({ branch: positiveId.optional(), round: positiveId.optional() }), req.query)
    return sendDocument(reply, await remediationRegister(ctx, { branchId: filter.branch, roundId: filter.round }))
  }))

  /** The blank indicator template (問卷統計, 電話禮貌測試). */
  app.get('/api/reports/indicators/template.xlsx', route(async (_ctx, _req, reply) => {
    return sendDocument(reply, { bytes: await buildIndicatorWorkbook(), mime: XLSX, filename: '指標資料範本.xlsx' })
  }))

  /**
   * The stored survey tallies and phone tests of a branch in a period (`from`–`to`, at most ten
   * years), in the template the import reads: export, correct, import again. Readers as for the
   * results report: agency staff, the branch, committee members of those years.
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
    return sendDocument(reply, await indicatorExport(ctx, branchId, period))
  }))

  /**
   * Imports a filled indicator template, all or nothing: 400 `{ error, problems }` naming every bad
   * row (sheet, row, column, rule), or 200 `{ surveys, phoneTests, unchanged }` after saving every
   * changed row in one audited transaction (rows equal to the stored ones are left alone, so an
   * unchanged export imported again changes nothing). Agency admin any branch; branch
   * manager/staff only their own branch's rows.
   */
  app.post('/api/reports/indicators/import', route(async (ctx, req, reply) => {
    // CSRF (x-csrf-token = leap_csrf cookie) is enforced for every POST under /api by the app's hook.
    if (ctx.user.agencyRole !== 'admin' && ctx.user.branchRole === null) return fail(reply, 403, 'NOT_ALLOWED', {}, 'only branch staff or an agency admin may import')
    if (!req.isMultipart()) return fail(reply, 400, 'INVALID_INPUT', {}, 'send multipart/form-data')
    const part = await req.file()
    if (!part) return fail(reply, 400, 'INVALID_INPUT', { field: 'file' }, 'no file')
    let bytes: Buffer
    try {
      bytes = await part.toBuffer()
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return fail(reply, 413, 'FILE_TOO_LARGE', { maxMb: IMPORT_MAX_BYTES / 1024 / 1024 }, 'file over 5 MB')
      throw error
    }
    const parsed = await parseIndicatorWorkbook(new Uint8Array(bytes))
    if (!parsed.ok) return fail(reply, 400, 'INVALID_INPUT', { problems: parsed.problems.length }, 'nothing imported', { problems: parsed.problems })
    const outcome = await importIndicatorData(ctx, parsed.data, part.filename)
    if (!outcome.ok) return fail(reply, outcome.status, outcome.status === 409 ? 'STALE_ROW' : 'INVALID_INPUT', { problems: outcome.problems.length }, 'nothing imported', { problems: outcome.problems })
    return reply.code(200).send(outcome.saved)
  }))
}
