import fastifyMultipart from '@fastify/multipart'
import { allowedActions, isDomainError } from '@leap/domain'
import { TRPCError } from '@trpc/server'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { NOT_FOUND_MESSAGE } from '../access/branch-scope.js'
import { requireCommitteeRole, requireNotRecused } from '../access/committee.js'
import { recordAudit } from '../audit/audit.repository.js'
import { assertNotLocked, loadInspection, seesScoreEvidence, type LoadedInspection } from '../inspection/inspection-sheet.js'
import { rowIdFromText } from '../db/row-id.js'
import type { Context, SessionUser } from '../trpc/context.js'
import { checkEvidence, EVIDENCE_MAX_BYTES, tooLargeMessage } from './evidence-type.js'
import { readEvidence, sha256Hex, storeEvidence } from './evidence-store.js'
import { actorRolesFor, loadVisibleItem } from './remediation-access.js'
import { findEvidence, insertEvidence, insertScoreEvidence } from './remediation.repository.js'

export interface EvidenceRoutesOptions {
  /** The same context the tRPC adapter builds for a request (session user from the cookie). */
  createContext: (req: FastifyRequest, reply: FastifyReply) => Promise<Context> | Context
}

function fail(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).send({ error: message })
}

/** Maps TRPCErrors and domain refusals thrown by the shared access helpers to HTTP statuses. */
function statusOf(error: unknown): number | null {
  // Not on the roster, recused, or the sheet is signed: the caller may not add evidence now.
  if (isDomainError(error)) return ['ROLE_NOT_ALLOWED', 'MEMBER_RECUSED', 'SHEET_LOCKED'].includes(error.code) ? 403 : null
  if (!(error instanceof TRPCError)) return null
  return { NOT_FOUND: 404, FORBIDDEN: 403, UNAUTHORIZED: 401, BAD_REQUEST: 400 }[error.code as string] ?? null
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

function criterionExists(loaded: LoadedInspection, code: string): boolean {
  return loaded.catalogue.catalogue.dimensions.some((d) => d.criteria.some((c) => c.code === code))
}
export const evidenceRoutes: FastifyPluginAsync<EvidenceRoutesOptions> = async (app, options) => {
  // One byte more than the limit, so a file over it is always seen as longer (see readUpload); a
  // second file is read far enough to be refused, not silently dropped.
  await app.register(fastifyMultipart, { limits: { fileSize: EVIDENCE_MAX_BYTES + 1, files: 2, fields: 5, fieldSize: 1024, parts: 8 } })

  async function signedIn(req: FastifyRequest, reply: FastifyReply): Promise<(Context & { user: SessionUser }) | null> {
    const ctx = await options.createContext(req, reply)
    if (!ctx.user) {
      await fail(reply, 401, '請先登入 (sign in first)')
      return null
    }
    return ctx as Context & { user: SessionUser }
  }

  /**
   * The one file of an upload request and the fields sent with it, read whole: refuses (and
   * answers) a viewer (403), a body that is not multipart (400), malformed multipart framing — no
   * boundary, a body cut off mid-part — (400), no file or more than one (400), or a file over the
   * limit (413); null once answered. Nothing is stored before this returns, so a refused upload
   * leaves nothing behind.
   */
  async function readUpload(ctx: Context & { user: SessionUser }, req: FastifyRequest, reply: FastifyReply) {
    const refuse = async (status: number, message: string) => {
      await fail(reply, status, message)
      return null
    }
    if (ctx.user.agencyRole === 'viewer') return refuse(403, '檢視者僅能查閱 (viewers read only)')
    if (!req.isMultipart()) return refuse(400, '請以 multipart/form-data 上傳 (send multipart/form-data)')
    const fields: Record<string, string> = {}
    let file: { filename: string; bytes: Buffer } | null = null
    try {
      for await (const part of req.parts()) {
        if (part.type !== 'file') {
          fields[part.fieldname] = String(part.value)
          continue
        }
        if (file) return refuse(400, '一次只能上傳一個檔案 (one file per upload)')
        const bytes = await part.toBuffer()
        // The parser stops one byte past the limit; whether its `truncated` flag is set by the time
        // the last chunk arrives depends on timing (a 50 MB file was once stored cut to 10 MiB), so
        // the length decides too: a file longer than the limit is never kept.
        if (part.file.truncated || bytes.length > EVIDENCE_MAX_BYTES) return refuse(413, tooLargeMessage())
        file = { filename: part.filename, bytes }
      }
    } catch (error) {
      const { code, statusCode } = error as { code?: string; statusCode?: number }
      if (code === 'FST_REQ_FILE_TOO_LARGE') return refuse(413, tooLargeMessage())
      if (code === 'FST_FILES_LIMIT') return refuse(400, '一次只能上傳一個檔案 (one file per upload)')
      if (statusCode === 413) return refuse(413, '欄位過多或過大 (too many or too large form fields)')
      // Everything else while reading the body is its framing: no boundary, a part cut off, a bad header.
      req.log.info({ err: error }, 'malformed multipart body')
      return refuse(400, `multipart 內容格式錯誤 (malformed multipart body: ${(error as Error).message})`)
    }
    if (!file) return refuse(400, '未附檔案 (no file)')
    return { fields, filename: file.filename, bytes: file.bytes }
  }

  app.post('/api/evidence', async (req, reply) => {
    // CSRF (x-csrf-token = leap_csrf cookie) is enforced for every POST under /api by the app's hook.
    const ctx = await signedIn(req, reply)
    if (!ctx) return reply
    const upload = await readUpload(ctx, req, reply)
    if (!upload) return reply
    const { fields, filename, bytes } = upload
    const parsedItemId = rowIdFromText.safeParse(fields.itemId ?? (req.query as { itemId?: unknown }).itemId)
    if (!parsedItemId.success) return fail(reply, 400, '項目編號 itemId 必須是 1 到 2147483647 的整數 (itemId field required: a whole number from 1 to 2147483647)')
    const itemId = parsedItemId.data

    try {
      const item = await loadVisibleItem(ctx.db, ctx.user, itemId)
      const roles = await actorRolesFor(ctx.db, ctx.user, item)
      const mayReport = roles.some((r) => allowedActions(item, r).some((a) => a === 'postProgress' || a === 'submit'))
      if (!mayReport) return fail(reply, 403, '目前不能為此項目上傳佐證 (you may not report on this item now)')

      const checked = checkEvidence(filename, bytes)
      if (!checked.ok) return fail(reply, 415, checked.message)
      const sha256 = sha256Hex(bytes)
      const stored = await storeEvidence(bytes, sha256, { dbKind: ctx.dbKind, dataDir: ctx.dataDir })
      const meta = await ctx.db.transaction().execute(async (trx) => {
        const row = await insertEvidence(trx, {
          remediationItemId: item.id,
          filename: filename.slice(0, 255),
          mime: checked.mime,
          size: bytes.length,
          sha256,
          ...stored,
          uploadedBy: ctx.user.id,
        })
        await recordAudit(trx, ctx, {
          action: 'remediation.uploadEvidence',
          entity: 'evidence_file',
          entityId: row.id,
          branchId: item.branchId,
          after: { remediationItemId: item.id, filename: row.filename, size: row.size, sha256 },
        })
        return row
      })
      return reply.code(201).send({ id: meta.id, filename: meta.filename, mime: meta.mime, size: meta.size, sha256: meta.sha256 })
    } catch (error) {
      const status = statusOf(error)
      if (status) return fail(reply, status, (error as Error).message)
      throw error
    }
  })

  app.post('/api/evidence/score', async (req, reply) => {
    const ctx = await signedIn(req, reply)
    if (!ctx) return reply
    const upload = await readUpload(ctx, req, reply)
    if (!upload) return reply
    const { fields, filename, bytes } = upload
    const parsedInspectionId = rowIdFromText.safeParse(fields.inspectionId)
    const inspectionId = parsedInspectionId.success ? parsedInspectionId.data : 0
    const criterionCode = (fields.criterionCode ?? '').trim()
    if (!parsedInspectionId.success || !criterionCode || criterionCode.length > 64) {
      return fail(reply, 400, '缺少考核編號 inspectionId 或指標代碼 criterionCode (inspectionId and criterionCode fields required before the file)')
    }

    try {
      const result = await ctx.db.transaction().execute(async (trx) => {
        // Shared lock: signing (FOR UPDATE) waits for this upload, and an upload after it sees `signed`.
        const loaded = await loadInspection(trx, ctx.user, inspectionId, { forShare: true })
        const { inspection } = loaded
        if (!criterionExists(loaded, criterionCode)) return { status: 404, message: NOT_FOUND_MESSAGE } as const
        requireCommitteeRole(loaded.myRole, ['convener', 'member'])
        requireNotRecused(loaded.recused)
        assertNotLocked(inspection)

        const checked = checkEvidence(filename, bytes)
        if (!checked.ok) return { status: 415, message: checked.message } as const
        const sha256 = sha256Hex(bytes)
        const stored = await storeEvidence(bytes, sha256, { dbKind: ctx.dbKind, dataDir: ctx.dataDir })
        const row = await insertScoreEvidence(trx, {
          inspectionId: inspection.id,
          criterionCode,
          filename: filename.slice(0, 255),
          mime: checked.mime,
          size: bytes.length,
          sha256,
          ...stored,
          uploadedBy: ctx.user.id,
        })
        await recordAudit(trx, ctx, {
          action: 'inspection.uploadEvidence',
          entity: 'evidence_file',
          entityId: row.id,
          branchId: inspection.branchId,
          after: { inspectionId: inspection.id, criterionCode, filename: row.filename, size: row.size, sha256 },
        })
        return { status: 201, row: { ...row, sha256 } } as const
      })
      if (result.status !== 201) return fail(reply, result.status, result.message)
      const { row } = result
      return reply.code(201).send({ id: row.id, criterionCode: row.criterionCode, filename: row.filename, mime: row.mime, size: row.size, sha256: row.sha256, uploadedAt: row.uploadedAt })
    } catch (error) {
      const status = statusOf(error)
      if (status) return fail(reply, status, (error as Error).message)
      throw error
    }
  })

  app.get<{ Params: { id: string } }>('/api/evidence/:id', async (req, reply) => {
    const ctx = await signedIn(req, reply)
    if (!ctx) return reply
    // An id past the column's range matches no row: the same 404 as any unknown id.
    const id = rowIdFromText.safeParse(req.params.id)
    const file = id.success ? await findEvidence(ctx.db, id.data) : undefined
    if (!file) return fail(reply, 404, NOT_FOUND_MESSAGE)
    try {
      if (file.remediationItemId !== null) {
        await loadVisibleItem(ctx.db, ctx.user, file.remediationItemId)
      } else {
        const loaded = await loadInspection(ctx.db, ctx.user, file.inspectionId ?? 0)
        if (!seesScoreEvidence(loaded)) return fail(reply, 404, NOT_FOUND_MESSAGE)
      }
    } catch (error) {
      const status = statusOf(error)
      if (status) return fail(reply, status, (error as Error).message)
      throw error
    }
    const bytes = await readEvidence(file, ctx.dataDir)
    return reply
      .header('content-type', file.mime)
      .header('content-length', bytes.length)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(bytes))
  })
}
