// Broken multipart framing on every multipart /api route is a 400 naming the problem — the
// indicator import answered 500 "Multipart: Boundary not found" in the black-box probe.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFixtureUsers } from '../test/fixtures.js'
import { sessionCookie } from '../test/http-app.js'
import { useTestDatabase } from '../test/test-database.js'
import { buildApp } from './app.js'
import { malformedBodyMessage } from './malformed-body.js'

const SECRET = 'malformed-body-secret-0123456789abcdef'
const CSRF = 'csrf-malformed-body'
const database = useTestDatabase({ reset: 'never' })
let app: FastifyInstance
let cookie: string

beforeAll(async () => {
  const users = await createFixtureUsers(database.db)
  app = await buildApp({ database, logLevel: 'silent', sessionSecret: SECRET })
  cookie = await sessionCookie(database, { secret: SECRET, csrf: CSRF }, users.admin)
}, 60_000)
afterAll(async () => {
  await app?.close()
})

const B = '----malformed'
const cut = `--${B}\r\ncontent-disposition: form-data; name="file"; filename="a.xlsx"\r\ncontent-type: application/octet-stream\r\n\r\nPK\u0003\u0004`

describe('broken multipart framing is a 400 on every multipart route', () => {
  it.each(['/api/reports/indicators/import', '/api/evidence', '/api/evidence/score'])('%s', async (url) => {
    for (const [type, payload] of [
      ['multipart/form-data', `--${B}\r\ncontent-disposition: form-data; name="x"\r\n\r\n1\r\n--${B}--\r\n`],
      ['multipart/form-data; boundary=', 'x'],
      [`multipart/form-data; boundary=${B}`, cut],
      [`multipart/form-data; boundary=${B}`, `--${B}\r\nno-colon-header\r\n\r\nx`],
    ] as const) {
      const res = await app.inject({ method: 'POST', url, headers: { cookie, 'x-csrf-token': CSRF, 'content-type': type }, payload })
      expect(res.statusCode, `${url} ${type}: ${res.body}`).toBe(400)
      expect((res.json() as { error: string }).error.length).toBeGreaterThan(0)
    }
  })

  it('recognises only framing errors: a real fault stays a fault', () => {
    expect(malformedBodyMessage(new Error('Multipart: Boundary not found'))).toBe('Multipart: Boundary not found')
    expect(malformedBodyMessage(new Error('Unexpected end of form'))).toBe('Unexpected end of form')
    expect(malformedBodyMessage(new Error('connection refused'))).toBeNull()
    expect(malformedBodyMessage('Multipart: Boundary not found')).toBeNull()
    const premature = Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })
    expect(malformedBodyMessage(premature, 'multipart/form-data; boundary=x')).not.toBeNull()
    expect(malformedBodyMessage(premature, 'application/json')).toBeNull()
  })
})
