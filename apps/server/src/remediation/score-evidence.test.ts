import { SERVICE_LEAP_V2 } from '@leap/domain'
import { describe, expect, it } from 'vitest'
import { insertConflict } from '../round/round.repository.js'
import { useTestApp } from '../test/http-app.js'
import { createInspectionWorld, sampleInspection } from '../test/inspection-world.js'
import { perTest } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import type { SessionUser } from '../trpc/context.js'

const SECRET = 'score-evidence-test-secret-0123456789'
const CSRF = 'csrf-token-for-score-evidence'
const CODE = SERVICE_LEAP_V2.dimensions[0]!.criteria[0]!.code

const database = useTestDatabase()
const world = perTest(() => createInspectionWorld(database))
const http = useTestApp(database, { secret: SECRET, csrf: CSRF, each: true, dataDir: 'leap-score-evidence-' })
const cookieFor = http.cookieFor

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(512, 0x20), Buffer.from('\n%%EOF\n')])

async function upload(user: SessionUser, options: { inspectionId?: number; code?: string; name?: string; bytes?: Buffer } = {}) {
  const boundary = '----leapscoreboundary'
  const fields = { inspectionId: String(options.inspectionId ?? world.inspectionId), criterionCode: options.code ?? CODE }
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${options.name ?? '現場照片.pdf'}"\r\nContent-Type: application/pdf\r\n\r\n`))
  parts.push(options.bytes ?? pdf, Buffer.from(`\r\n--${boundary}--\r\n`))
  return http.app.inject({
    method: 'POST',
    url: '/api/evidence/score',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: await cookieFor(user), 'x-csrf-token': CSRF },
    payload: Buffer.concat(parts),
  })
}

async function download(user: SessionUser, id: number) {
  return http.app.inject({ method: 'GET', url: `/api/evidence/${id}`, headers: { cookie: await cookieFor(user) } })
}

describe('score-sheet evidence', () => {
  it('lets a member upload a file for a criterion: 201, audited, listed, downloadable by the committee', async () => {
    const res = await upload(world.users.member)
    expect(res.statusCode).toBe(201)
    const body = res.json<{ id: number; criterionCode: string; filename: string; mime: string }>()
    expect(body).toMatchObject({ criterionCode: CODE, filename: '現場照片.pdf', mime: 'application/pdf' })

    const listed = await world.as(world.users.member).inspection.evidence.list({ inspectionId: world.inspectionId })
    expect(listed.map((e) => [e.id, e.criterionCode, e.filename])).toEqual([[body.id, CODE, '現場照片.pdf']])
    const audit = await database.db.selectFrom('auditLog').select(['action', 'entityId']).where('action', '=', 'inspection.uploadEvidence').execute()
    expect(audit).toEqual([{ action: 'inspection.uploadEvidence', entityId: String(body.id) }])

    for (const user of [world.users.convener, world.users.secretary, world.users.viewer]) {
      const got = await download(user, body.id)
      expect(got.statusCode).toBe(200)
      expect(got.rawPayload.equals(pdf)).toBe(true)
    }
  })

  it('refuses a recused member (403), a branch user (403), another branch scope (404), a viewer, an unknown criterion and a bad type', async () => {
    await insertConflict(database.db, { roundId: world.roundId, userId: world.member2.id, branchId: world.users.branchIds.TPE!, reason: '親屬任職', declaredAt: new Date() })
    expect((await upload(world.member2)).statusCode).toBe(403)
    expect((await upload(world.users.staff)).statusCode).toBe(403)
    expect((await upload(world.users.otherStaff)).statusCode).toBe(404)
    expect((await upload(world.users.viewer)).statusCode).toBe(403)
    expect((await upload(world.users.secretary)).statusCode).toBe(403)
    expect((await upload(world.users.member, { code: 'no-such-criterion' })).statusCode).toBe(404)
    const bad = await upload(world.users.member, { name: 'run.exe', bytes: Buffer.from('MZ this is not evidence') })
    expect(bad.statusCode).toBe(415)
    expect(await database.db.selectFrom('evidenceFile').select('id').execute()).toEqual([])
  })

  it('hides the files from the inspected branch until signing, from other branches always, and refuses uploads once signed', async () => {
    const { id } = (await upload(world.users.member)).json<{ id: number }>()
    expect((await download(world.users.staff, id)).statusCode).toBe(404)
    expect(await world.as(world.users.staff).inspection.evidence.list({ inspectionId: world.inspectionId })).toEqual([])
    expect((await download(world.users.otherStaff, id)).statusCode).toBe(404)
    await expect(world.as(world.users.otherStaff).inspection.evidence.list({ inspectionId: world.inspectionId })).rejects.toMatchObject({ code: 'NOT_FOUND' })

    const signed = await sampleInspection(database.db, world.users, world.users.branchIds.TPE!, 'signed')
    const refused = await upload(world.users.member, { inspectionId: signed.inspectionId })
    expect(refused.statusCode).toBe(403)
    const [row] = await database.db
      .insertInto('evidenceFile')
      .values({ inspectionId: signed.inspectionId, criterionCode: CODE, filename: 'a.pdf', mime: 'application/pdf', size: pdf.length, sha256: 'a'.repeat(64), storage: 'db', content: pdf, path: null, uploadedBy: world.users.member.id })
      .returning('id')
      .execute()
    expect((await download(world.users.staff, row!.id)).statusCode).toBe(200)
    expect((await download(world.users.otherStaff, row!.id)).statusCode).toBe(404)
  })

  it('keeps exactly one owner per file (database check)', async () => {
    await expect(
      database.db
        .insertInto('evidenceFile')
        .values({ filename: 'a.pdf', mime: 'application/pdf', size: 1, sha256: 'a'.repeat(64), storage: 'db', content: pdf, path: null, uploadedBy: null })
        .execute(),
    ).rejects.toThrow(/evidence_file_owner/)
  })
})
