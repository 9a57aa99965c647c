import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../http/app.js'
import { callerFor } from '../test/fixtures.js'
import { useTestApp } from '../test/http-app.js'
import { perTest } from '../test/per-test.js'
import { createDeductedItems, createRemediationScenario } from '../test/remediation-world.js'
import { useTestDatabase } from '../test/test-database.js'
import type { SessionUser } from '../trpc/context.js'
import { checkEvidence, EVIDENCE_MAX_BYTES } from './evidence-type.js'

const SECRET = 'evidence-test-secret-0123456789abcdef'
const CSRF = 'csrf-token-for-tests'

const database = useTestDatabase()
const s = perTest(() => createRemediationScenario(database.db))
const started = perTest(async () => ({ id: (await createDeductedItems(database, s, { start: true }))[0]! }))
const http = useTestApp(database, { secret: SECRET, csrf: CSRF, each: true, dataDir: 'leap-evidence-' })
const cookieFor = http.cookieFor

function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer; type?: string }) {
  const boundary = '----leapboundary7MA4YWxkTrZu0gW'
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`))
  parts.push(file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

async function upload(user: SessionUser | null, file: { name: string; bytes: Buffer }, options: { csrf?: boolean; item?: number; app?: FastifyInstance } = {}) {
  const body = multipart({ itemId: String(options.item ?? started.id) }, file)
  const headers: Record<string, string> = { 'content-type': body.contentType }
  headers.cookie = user ? await cookieFor(user) : `leap_csrf=${CSRF}`
  if (options.csrf !== false) headers['x-csrf-token'] = CSRF
  return (options.app ?? http.app).inject({ method: 'POST', url: '/api/evidence', headers, payload: body.payload })
}

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')])
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])

/** A minimal zip (stored entries, CRC not checked by the detector) with the given entry names. */
function zip(names: string[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const name of names) {
    const n = Buffer.from(name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(n.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(n.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, n)
    centrals.push(central, n)
    offset += 30 + n.length
  }
  const cd = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(names.length, 8)
  end.writeUInt16LE(names.length, 10)
  end.writeUInt32LE(cd.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, cd, end])
}

describe('POST /api/evidence', () => {
  it('stores a pdf, records its sha256, serves it back, and a submission attaches it', async () => {
    const res = await upload(s.users.manager, { name: '改善照片.pdf', bytes: pdf })
    expect(res.statusCode).toBe(201)
    const body = res.json<{ id: number; sha256: string; size: number; mime: string }>()
    const expected = createHash('sha256').update(pdf).digest('hex')
    expect(body).toMatchObject({ sha256: expected, size: pdf.length, mime: 'application/pdf' })

    const row = await database.db.selectFrom('evidenceFile').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow()
    // Embedded PGlite with a data directory keeps files on disk; PostgreSQL keeps them in the row.
    if (database.kind === 'pglite') {
      expect(row).toMatchObject({ storage: 'disk', path: path.join('evidence', expected), content: null })
      const onDisk = fs.readFileSync(path.join(http.dataDir!, 'evidence', expected))
      expect(createHash('sha256').update(onDisk).digest('hex')).toBe(expected)
    } else {
      expect(row.storage).toBe('db')
      expect(createHash('sha256').update(row.content!).digest('hex')).toBe(expected)
    }

    const download = await http.app.inject({ method: 'GET', url: `/api/evidence/${body.id}`, headers: { cookie: await cookieFor(s.users.viewer) } })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-type']).toBe('application/pdf')
    expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(expected)

    const submitted = await callerFor(database, s.users.manager).remediation.submit({ id: started.id, expectedVersion: 2, evidenceIds: [body.id] })
    expect(submitted.status).toBe('submitted')
    const detail = await callerFor(database, s.users.secretary).remediation.byId({ id: started.id })
    expect(detail.timeline.at(-1)).toMatchObject({ action: 'submit', evidenceIds: [body.id] })
    expect(detail.evidence).toEqual([expect.objectContaining({ id: body.id, filename: '改善照片.pdf', sha256: expected })])
  })

  it('keeps files in the database when there is no data directory', async () => {
    const dbOnly = await buildApp({ database, logLevel: 'silent', sessionSecret: SECRET, dataDir: null })
    const res = await upload(s.users.staff, { name: 'photo.png', bytes: png }, { app: dbOnly }).finally(() => dbOnly.close())
    expect(res.statusCode).toBe(201)
    const row = await database.db.selectFrom('evidenceFile').select(['storage', 'content', 'path']).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ storage: 'db', path: null })
    expect(Buffer.from(row.content!).equals(png)).toBe(true)
  })

  it('accepts a file of several megabytes (above the 1 MB JSON body limit)', async () => {
    const sizable = Buffer.concat([pdf, Buffer.alloc(3 * 1024 * 1024, 0x20)])
    const res = await upload(s.users.manager, { name: 'scan.pdf', bytes: sizable })
    expect(res.statusCode).toBe(201)
    expect(res.json<{ size: number }>().size).toBe(sizable.length)
  })

  it('refuses a file over 10 MB with 413 and a clear message', async () => {
    const big = Buffer.concat([pdf, Buffer.alloc(EVIDENCE_MAX_BYTES, 0x20)])
    const res = await upload(s.users.manager, { name: 'big.pdf', bytes: big })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ errorCode: 'FILE_TOO_LARGE', params: { maxMb: 10 }, error: expect.stringContaining('10 MB') })
    expect(await database.db.selectFrom('evidenceFile').select('id').execute()).toHaveLength(0)
  })

  it('checks the content, not the name: an executable or a png named .pdf is refused with 415', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512, 1)])
    const asPdf = await upload(s.users.manager, { name: 'report.pdf', bytes: exe })
    expect(asPdf.statusCode).toBe(415)
    expect(asPdf.json()).toMatchObject({ errorCode: 'FILE_TYPE_NOT_ALLOWED', params: { ext: 'pdf', detected: null } })
    const mismatch = await upload(s.users.manager, { name: 'report.pdf', bytes: png })
    expect(mismatch.statusCode).toBe(415)
    expect(mismatch.json()).toMatchObject({ errorCode: 'FILE_TYPE_MISMATCH', params: { ext: 'pdf', detected: 'png' } })
    const exeName = await upload(s.users.manager, { name: 'tool.exe', bytes: pdf })
    expect(exeName.statusCode).toBe(415)
    expect(exeName.json()).toMatchObject({ errorCode: 'FILE_TYPE_NOT_ALLOWED', params: { ext: 'exe' } })
  })

  it('needs the CSRF header, a session, and an item the user may report on', async () => {
    expect((await upload(s.users.manager, { name: 'a.pdf', bytes: pdf }, { csrf: false })).statusCode).toBe(403)
    const anonymous = await upload(null, { name: 'a.pdf', bytes: pdf })
    expect([anonymous.statusCode, anonymous.json().errorCode]).toEqual([401, 'SIGN_IN_REQUIRED'])
    const viewer = await upload(s.users.viewer, { name: 'a.pdf', bytes: pdf })
    expect([viewer.statusCode, viewer.json().errorCode]).toEqual([403, 'VIEWER_READ_ONLY'])
    const secretary = await upload(s.users.secretary, { name: 'a.pdf', bytes: pdf })
    expect([secretary.statusCode, secretary.json().errorCode]).toEqual([403, 'NOT_ALLOWED'])
    const other = await upload(s.users.otherManager, { name: 'a.pdf', bytes: pdf })
    expect([other.statusCode, other.json().errorCode]).toEqual([404, 'NOT_FOUND'])
    expect((await upload(s.users.manager, { name: 'a.pdf', bytes: pdf }, { item: 999_999 })).statusCode).toBe(404)
  })
})

describe('GET /api/evidence/:id', () => {
  it("answers 404 to another branch's user, the same as for a missing file", async () => {
    const { id } = (await upload(s.users.manager, { name: 'a.pdf', bytes: pdf })).json<{ id: number }>()
    const other = await http.app.inject({ method: 'GET', url: `/api/evidence/${id}`, headers: { cookie: await cookieFor(s.users.otherStaff) } })
    const missing = await http.app.inject({ method: 'GET', url: `/api/evidence/999999`, headers: { cookie: await cookieFor(s.users.otherStaff) } })
    expect(other.statusCode).toBe(404)
    expect(other.json()).toEqual(missing.json())
    expect((await http.app.inject({ method: 'GET', url: `/api/evidence/${id}` })).statusCode).toBe(401)
  })
})

describe('checkEvidence', () => {
  it.each([
    ['a.docx', zip(['[Content_Types].xml', 'word/document.xml']), 'docx'],
    ['a.xlsx', zip(['[Content_Types].xml', 'xl/workbook.xml']), 'xlsx'],
    ['a.jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'jpg'],
  ])('accepts %s by its content', (name, bytes, kind) => {
    expect(checkEvidence(name, bytes)).toMatchObject({ ok: true, kind })
  })

  it('refuses a plain zip named .docx and a docx named .xlsx', () => {
    expect(checkEvidence('a.docx', zip(['notes.txt'])).ok).toBe(false)
    expect(checkEvidence('a.xlsx', zip(['[Content_Types].xml', 'word/document.xml'])).ok).toBe(false)
  })
})
