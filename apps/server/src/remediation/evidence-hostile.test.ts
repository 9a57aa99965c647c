// Evidence uploads from a careless or hostile client: malformed multipart framing is a 400 (it was a
// 500), a file over 10 MB is refused with 413 and nothing is stored — also when it arrives over a
// real socket in chunks, where the parser's truncation flag came too late and a 50 MB PDF was once
// stored cut to 10 MiB — more than one file is refused instead of the rest being dropped, and an id
// past the integer column's range is a 400 (upload) or the usual 404 (download), never a 500.
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../test/http-app.js'
import { createDeductedItems, createRemediationScenario } from '../test/remediation-world.js'
import { useTestDatabase } from '../test/test-database.js'
import { EVIDENCE_MAX_BYTES } from './evidence-type.js'

const SECRET = 'evidence-hostile-secret-0123456789abcdef'
const CSRF = 'csrf-token-for-evidence-hostile'
const BOUNDARY = '----leapHostileBoundary'

const database = useTestDatabase({ reset: 'never' })
const server = useTestApp(database, { secret: SECRET, csrf: CSRF, dataDir: 'leap-evidence-hostile-' })
let itemId: number
let manager: string

beforeAll(async () => {
  const s = await createRemediationScenario(database.db)
  itemId = (await createDeductedItems(database, s, { start: true }))[0]!
  manager = await server.cookieFor(s.users.manager)
}, 60_000)

const field = (name: string, value: string) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
const fileHead = (filename: string) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`)
const closing = Buffer.from(`\r\n--${BOUNDARY}--\r\n`)
const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(size - 9, 0x20)])

function post(url: string, payload: Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`) {
  return server.app.inject({ method: 'POST', url, headers: { cookie: manager, 'x-csrf-token': CSRF, 'content-type': contentType }, payload })
}

/** Rows and files stored so far: a refused upload must leave both unchanged. */
async function stored(): Promise<{ rows: number; files: number }> {
  const rows = await database.db.selectFrom('evidenceFile').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  const dir = path.join(server.dataDir!, 'evidence')
  return { rows: Number(rows.n), files: fs.existsSync(dir) ? fs.readdirSync(dir).length : 0 }
}

describe('malformed multipart is a 400, never a 500', () => {
  it.each([
    ['no boundary in the content type', Buffer.concat([field('itemId', '1'), fileHead('a.pdf'), pdf(100), closing]), 'multipart/form-data'],
    ['an empty boundary', Buffer.concat([field('itemId', '1'), fileHead('a.pdf'), pdf(100), closing]), 'multipart/form-data; boundary='],
    ['a body cut off in the middle of the file', Buffer.concat([field('itemId', String(0)), fileHead('a.pdf'), pdf(5_000)]).subarray(0, 2_000), undefined],
    ['a body cut off inside a part header', Buffer.concat([field('itemId', '1'), fileHead('a.pdf')]).subarray(0, 120), undefined],
    ['garbage where the parts should be', Buffer.from('this is not multipart at all\r\n\r\n'), undefined],
    ['a part without a content-disposition', Buffer.from(`--${BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${BOUNDARY}--\r\n`), undefined],
  ] as const)('%s', async (_what, payload, contentType) => {
    const before = await stored()
    for (const url of ['/api/evidence', '/api/evidence/score']) {
      const res = await post(url, Buffer.from(payload.toString('latin1').replace('name="itemId"\r\n\r\n0', `name="itemId"\r\n\r\n${itemId}`), 'latin1'), contentType)
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400)
      expect(res.json(), url).toMatchObject({ errorCode: 'INVALID_INPUT', error: expect.any(String) })
    }
    expect(await stored()).toEqual(before)
  })
})

describe('a file over 10 MB is refused whole: 413 and nothing stored', () => {
  it('a file of exactly 10 MiB is accepted (the limit itself is allowed)', async () => {
    const res = await post('/api/evidence', Buffer.concat([field('itemId', String(itemId)), fileHead('exact.pdf'), pdf(EVIDENCE_MAX_BYTES), closing]))
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ size: EVIDENCE_MAX_BYTES })
  })

  it('one byte over the limit, through inject: 413', async () => {
    const before = await stored()
    const res = await post('/api/evidence', Buffer.concat([field('itemId', String(itemId)), fileHead('over.pdf'), pdf(EVIDENCE_MAX_BYTES + 1), closing]))
    expect(res.statusCode, res.body).toBe(413)
    expect(await stored()).toEqual(before)
  })

  it('12 MB files streamed over a real socket in chunks of different sizes: every one 413, nothing stored or cut to 10 MiB', async () => {
    await server.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = server.app.server.address() as AddressInfo
    const before = await stored()
    const body = Buffer.concat([field('itemId', String(itemId)), fileHead('big.pdf'), pdf(12 * 1024 * 1024), closing])
    const statuses: number[] = []
    for (const chunk of [1_000, 16_384, 65_536, 300_000, 1_048_576, 4_000_000, 10 * 1024 * 1024, body.length]) {
      statuses.push(await streamUpload(port, body, chunk))
    }
    expect(statuses).toEqual(statuses.map(() => 413))
    expect(await stored()).toEqual(before)
    const sizes = await database.db.selectFrom('evidenceFile').select('size').execute()
    expect(sizes.filter((r) => r.size >= EVIDENCE_MAX_BYTES && r.size !== EVIDENCE_MAX_BYTES)).toEqual([])
  }, 120_000)
})

/** Sends `body` over HTTP in `chunk`-byte writes; resolves the status (or 0 if the server hung up before answering). */
function streamUpload(port: number, body: Buffer, chunk: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { port, host: '127.0.0.1', method: 'POST', path: '/api/evidence', headers: { cookie: manager, 'x-csrf-token': CSRF, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': body.length } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', (error) => (error.message.includes('EPIPE') || error.message.includes('ECONNRESET') ? resolve(0) : reject(error)))
    let offset = 0
    const write = () => {
      while (offset < body.length) {
        const next = body.subarray(offset, offset + chunk)
        offset += next.length
        if (!req.write(next)) return void req.once('drain', write)
      }
      req.end()
    }
    write()
  })
}

describe('more than one file, and ids past the column range', () => {
  it('two files in one upload: 400 and neither stored', async () => {
    const before = await stored()
    const res = await post('/api/evidence', Buffer.concat([field('itemId', String(itemId)), fileHead('one.pdf'), pdf(1_000), Buffer.from('\r\n'), fileHead('two.pdf').subarray(0), pdf(1_200), closing]))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toMatchObject({ errorCode: 'INVALID_INPUT', params: { field: 'file', rule: 'oneFile' } })
    expect(await stored()).toEqual(before)
  })

  it.each(['2147483648', '9007199254740993', '-1', '0', '1e3', '12abc', ''])('itemId %j: 400 naming itemId, nothing stored', async (value) => {
    const before = await stored()
    const res = await post('/api/evidence', Buffer.concat([field('itemId', value), fileHead('a.pdf'), pdf(1_000), closing]))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toMatchObject({ errorCode: 'INVALID_INPUT', params: { field: 'itemId' } })
    expect(await stored()).toEqual(before)
  })

  it.each(['2147483648', '2147483647', '9007199254740993', '99999999999999999999', '-1', 'abc'])('GET /api/evidence/%s: 404', async (id) => {
    const res = await server.app.inject({ method: 'GET', url: `/api/evidence/${id}`, headers: { cookie: manager } })
    expect(res.statusCode, res.body).toBe(404)
  })

  it('inspectionId past 2^31 on a score-sheet upload: 400 naming it', async () => {
    const res = await post('/api/evidence/score', Buffer.concat([field('inspectionId', '2147483648'), field('criterionCode', 'website'), fileHead('a.pdf'), pdf(1_000), closing]))
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toMatchObject({ errorCode: 'INVALID_INPUT', params: { field: 'inspectionId' } })
  })
})
