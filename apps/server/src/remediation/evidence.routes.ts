import fastifyMultipart from '@fastify/multipart'
import { allowedActions, isDomainError } from '@leap/domain'
import { TRPCError } from '@trpc/server'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { requireCommitteeRole, requireNotRecused } from '../access/committee.js'
import { recordAudit } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import { assertNotLocked, loadInspection, seesScoreEvidence, type LoadedInspection } from '../inspection/inspection-sheet.js'
import { rowIdFromText } from '../db/row-id.js'
import { signedRoute, type HttpRefusal, type Signed } from '../http/signed-route.js'
import type { Context } from '../trpc/context.js'
import { notFound, refusalBody, refuse } from '../trpc/refusal.js'
import { checkEvidence, EVIDENCE_MAX_BYTES, tooLarge, type EvidenceRefusal } from './evidence-type.js'
import { readEvidence, sha256Hex, storeEvidence } from './evidence-store.js'
import { actorRolesFor, loadVisibleItem } from './remediation-access.js'
import { findEvidence, insertEvidence, insertScoreEvidence, type EvidenceFileFields } from './remediation.repository.js'

export interface EvidenceRoutesOptions {
  /** The same context the tRPC adapter builds for a request (session user from the cookie). */
  createContext: (req: FastifyRequest, reply: FastifyReply) => Promise<Context> | Context
}

/** Not on the roster, recused, or the sheet is signed: the caller may not add evidence now (403). */
function evidenceRefusal(error: unknown): HttpRefusal | null {
  if (!isDomainError(error) || !['ROLE_NOT_ALLOWED', 'MEMBER_RECUSED', 'SHEET_LOCKED'].includes(error.code)) return null
  return { status: 403, body: refusalBody(error.code, error.params, error.message) }
}

/** A refused file: 413 over the limit, 415 any other kind of refusal (empty, not an accepted type). */
function refuseFile(refusal: EvidenceRefusal): TRPCError {
  return refuse(refusal.code === 'FILE_TOO_LARGE' ? 'PAYLOAD_TOO_LARGE' : 'UNSUPPORTED_MEDIA_TYPE', refusal.code, refusal.params, refusal.message)
}

/** A request's one uploaded file and the form fields sent before it. */
interface Upload {
  fields: Record<string, string>
  filename: string
  bytes: Buffer
}

/**
 * The one write of both upload routes, in `trx`: stores the accepted bytes, inserts the file's row
 * through `insert`, and records the audit entry (`about` names what the file belongs to).
 */
async function keepEvidence<Row extends { id: number; filename: string; size: number }>(
  trx: Kysely<Database>,
  ctx: Signed,
  upload: Upload,
  mime: string,
  insert: (fields: EvidenceFileFields) => Promise<Row>,
  audit: { action: string; branchId: number; about: Record<string, unknown> },
): Promise<Row & { sha256: string }> {
  const sha256 = sha256Hex(upload.bytes)
  const stored = await storeEvidence(upload.bytes, sha256, { dbKind: ctx.dbKind, dataDir: ctx.dataDir })
  const row = await insert({ filename: upload.filename.slice(0, 255), mime, size: upload.bytes.length, sha256, ...stored, uploadedBy: ctx.user.id })
  await recordAudit(trx, ctx, {
    action: audit.action,
    entity: 'evidence_file',
    entityId: row.id,
    branchId: audit.branchId,
    after: { ...audit.about, filename: row.filename, size: row.size, sha256 },
  })
  return { ...row, sha256 }
}

function criterionExists(loaded: LoadedInspection, code: string): boolean {
  return loaded.catalogue.catalogue.dimensions.some((d) => d.criteria.some((c) => c.code === code))
}

/**
 * Evidence files of remediation items:
 * - `POST /api/evidence` (multipart: field `itemId` before one `file` part) stores one file and
 *   answers 201 `{ id, filename, mime, size, sha256 }`; pass the id to `remediation.submit` or
 *   `postProgress`. Refuses: 401 not signed in, 403 no/incorrect `x-csrf-token`, viewer, or a role
 *   that may not report on the item now; 404 item missing or outside scope; 413 over 10 MB;
 *   415 not a pdf/jpg/png/docx/xlsx (checked by content, not by name).
 * - `POST /api/evidence/score` (multipart: fields `inspectionId` and `criterionCode` before one
 *   `file` part) stores one file for a criterion of a score sheet, by the convener or a member of
 *   the inspection's round who is not recused, while the sheet is not signed; 201 as above. Same
 *   401/403/413/415; 404 inspection missing or outside scope, or no such criterion.
 * - `GET /api/evidence/:id` returns the bytes as an attachment; 404 outside scope. A score-sheet
 *   file is seen by the round's committee and agency admin/viewer, by the inspected branch's users
 *   only once the sheet is signed.
 */
export const evidenceRoutes: FastifyPluginAsync<EvidenceRoutesOptions> = async (app, options) => {
  // One byte more than the limit, so a file over it is always seen as longer (see readUpload); a
  // second file is read far enough to be refused, not silently dropped.
  await app.register(fastifyMultipart, { limits: { fileSize: EVIDENCE_MAX_BYTES + 1, files: 2, fields: 5, fieldSize: 1024, parts: 8 } })

  /**
   * The one file of an upload request and the fields sent with it, read whole: refuses a viewer
   * (403), a body that is not multipart (400), malformed multipart framing — no boundary, a body
   * cut off mid-part — (400), no file or more than one (400), or a file over the limit (413).
   * Nothing is stored before this returns, so a refused upload leaves nothing behind.
   */
  async function readUpload(ctx: Signed, req: FastifyRequest): Promise<Upload> {
    const oneFile = () => refuse('BAD_REQUEST', 'INVALID_INPUT', { field: 'file', rule: 'oneFile' }, 'one file per upload')
    if (ctx.user.agencyRole === 'viewer') throw refuse('FORBIDDEN', 'VIEWER_READ_ONLY', {}, 'viewers read only')
    if (!req.isMultipart()) throw refuse('BAD_REQUEST', 'INVALID_INPUT', { rule: 'multipart' }, 'send multipart/form-data')
    const fields: Record<string, string> = {}
    let file: { filename: string; bytes: Buffer } | null = null
    try {
      for await (const part of req.parts()) {
        if (part.type !== 'file') {
          fields[part.fieldname] = String(part.value)
          continue
        }
        if (file) throw oneFile()
        const bytes = await part.toBuffer()
        // The parser stops one byte past the limit; whether its `truncated` flag is set by the time
        // the last chunk arrives depends on timing (a 50 MB file was once stored cut to 10 MiB), so
        // the length decides too: a file longer than the limit is never kept.
        if (part.file.truncated || bytes.length > EVIDENCE_MAX_BYTES) throw refuseFile(tooLarge())
        file = { filename: part.filename, bytes }
      }
    } catch (error) {
      if (error instanceof TRPCError) throw error
      const { code, statusCode } = error as { code?: string; statusCode?: number }
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw refuseFile(tooLarge())
      if (code === 'FST_FILES_LIMIT') throw oneFile()
      if (statusCode === 413) throw refuse('PAYLOAD_TOO_LARGE', 'INVALID_INPUT', { rule: 'formFields' }, 'too many or too large form fields')
      // Everything else while reading the body is its framing: no boundary, a part cut off, a bad header.
      req.log.info({ err: error }, 'malformed multipart body')
      throw refuse('BAD_REQUEST', 'INVALID_INPUT', { rule: 'multipart' }, `malformed multipart body: ${(error as Error).message}`)
    }
    if (!file) throw refuse('BAD_REQUEST', 'INVALID_INPUT', { field: 'file', rule: 'required' }, 'no file')
    return { fields, filename: file.filename, bytes: file.bytes }
  }

  /** Runs `handler` for a signed-in user, answering the refusals it and the shared access helpers throw. */
  function route(handler: (ctx: Signed, req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) {
    return signedRoute(options.createContext, handler, evidenceRefusal)
  }

  app.post('/api/evidence', route(async (ctx, req, reply) => {
    // CSRF (x-csrf-token = leap_csrf cookie) is enforced for every POST under /api by the app's hook.
    const upload = await readUpload(ctx, req)
    const parsedItemId = rowIdFromText.safeParse(upload.fields.itemId ?? (req.query as { itemId?: unknown }).itemId)
    if (!parsedItemId.success) throw refuse('BAD_REQUEST', 'INVALID_INPUT', { field: 'itemId' }, 'itemId field required: a whole number from 1 to 2147483647', [{ path: ['itemId'] }])

    const item = await loadVisibleItem(ctx.db, ctx.user, parsedItemId.data)
    const roles = await actorRolesFor(ctx.db, ctx.user, item)
    const mayReport = roles.some((r) => allowedActions(item, r).some((a) => a === 'postProgress' || a === 'submit'))
    if (!mayReport) throw refuse('FORBIDDEN', 'NOT_ALLOWED', { action: 'uploadEvidence' }, 'you may not report on this item now')
    const checked = checkEvidence(upload.filename, upload.bytes)
    if (!checked.ok) throw refuseFile(checked)
    const meta = await ctx.db.transaction().execute((trx) =>
      keepEvidence(trx, ctx, upload, checked.mime, (fields) => insertEvidence(trx, { ...fields, remediationItemId: item.id }), {
        action: 'remediation.uploadEvidence',
        branchId: item.branchId,
        about: { remediationItemId: item.id },
      }),
    )
    return reply.code(201).send({ id: meta.id, filename: meta.filename, mime: meta.mime, size: meta.size, sha256: meta.sha256 })
  }))

  app.post('/api/evidence/score', route(async (ctx, req, reply) => {
    const upload = await readUpload(ctx, req)
    const parsedInspectionId = rowIdFromText.safeParse(upload.fields.inspectionId)
    const inspectionId = parsedInspectionId.success ? parsedInspectionId.data : 0
    const criterionCode = (upload.fields.criterionCode ?? '').trim()
    if (!parsedInspectionId.success || !criterionCode || criterionCode.length > 64) {
      const field = parsedInspectionId.success ? 'criterionCode' : 'inspectionId'
      throw refuse('BAD_REQUEST', 'INVALID_INPUT', { field }, 'inspectionId and criterionCode fields required before the file', [{ path: [field] }])
    }

    const row = await ctx.db.transaction().execute(async (trx) => {
      // Shared lock: signing (FOR UPDATE) waits for this upload, and an upload after it sees `signed`.
      const loaded = await loadInspection(trx, ctx.user, inspectionId, { forShare: true })
      const { inspection } = loaded
      if (!criterionExists(loaded, criterionCode)) throw notFound()
      requireCommitteeRole(loaded.myRole, ['convener', 'member'])
      requireNotRecused(loaded.recused)
      assertNotLocked(inspection)

      const checked = checkEvidence(upload.filename, upload.bytes)
      if (!checked.ok) throw refuseFile(checked)
      return keepEvidence(trx, ctx, upload, checked.mime, (fields) => insertScoreEvidence(trx, { ...fields, inspectionId: inspection.id, criterionCode }), {
        action: 'inspection.uploadEvidence',
        branchId: inspection.branchId,
        about: { inspectionId: inspection.id, criterionCode },
      })
    })
    return reply.code(201).send({ id: row.id, criterionCode: row.criterionCode, filename: row.filename, mime: row.mime, size: row.size, sha256: row.sha256, uploadedAt: row.uploadedAt })
  }))

  app.get('/api/evidence/:id', route(async (ctx, req, reply) => {
    // An id past the column's range matches no row: the same 404 as any unknown id.
    const id = rowIdFromText.safeParse((req.params as { id: string }).id)
    const file = id.success ? await findEvidence(ctx.db, id.data) : undefined
    if (!file) throw notFound()
    if (file.remediationItemId !== null) {
      await loadVisibleItem(ctx.db, ctx.user, file.remediationItemId)
    } else {
      const loaded = await loadInspection(ctx.db, ctx.user, file.inspectionId ?? 0)
      if (!seesScoreEvidence(loaded)) throw notFound()
    }
    const bytes = await readEvidence(file, ctx.dataDir)
    return reply
      .header('content-type', file.mime)
      .header('content-length', bytes.length)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(bytes))
  }))
}
