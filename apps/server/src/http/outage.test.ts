import net from 'node:net'
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../db/client.js'
import type { Database } from '../db/database.js'
import { isDatabaseUnavailable } from '../db/outage.js'
import { buildApp } from './app.js'

/** A port on 127.0.0.1 that nobody listens on (bound, read, released). */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

let pool: pg.Pool
let database: DatabaseHandle

beforeAll(async () => {
  // A PostgreSQL handle whose server is down: every query fails with ECONNREFUSED.
  pool = new pg.Pool({ connectionString: `postgres://nobody@127.0.0.1:${await closedPort()}/none`, connectionTimeoutMillis: 1_000 })
  pool.on('error', () => {})
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] })
  database = { db, kind: 'postgres', ping: async () => false, close: () => db.destroy() }
})
afterAll(async () => {
  await database.close()
})

describe('while the database is unreachable', () => {
  it('answers tRPC calls with 503 and Retry-After, not 500 — with or without a session', async () => {
    const app = await buildApp({ database, logLevel: 'silent' })
    for (const headers of [{}, { cookie: 'leap_session=some-token' }]) {
      const res = await app.inject({ method: 'GET', url: '/trpc/branch.list', headers })
      expect(res.statusCode).toBe(503)
      expect(res.headers['retry-after']).toBe('5')
      expect(JSON.stringify(res.json())).toContain('資料庫暫時無法連線')
    }
    await app.close()
  })

  it('answers the plain HTTP routes under /api with 503 too', async () => {
    const app = await buildApp({ database, logLevel: 'silent' })
    const res = await app.inject({ method: 'GET', url: '/api/reports/national.xlsx', headers: { cookie: 'leap_session=some-token' } })
    expect(res.statusCode).toBe(503)
    expect(res.headers['retry-after']).toBe('5')
    expect(res.json()).toEqual({ error: expect.stringContaining('retry shortly'), errorCode: 'DATABASE_UNAVAILABLE', params: {} })
    await app.close()
  })
})

describe('isDatabaseUnavailable', () => {
  it('recognises refused connections, pool timeouts, shutdowns and SQLSTATE classes 08 and 57P, also as a cause', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true)
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true)
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true)
    expect(isDatabaseUnavailable(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true)
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }))).toBe(true)
  })

  it('leaves request errors alone: constraint violations, syntax errors, plain bugs', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBe(false)
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax error at or near "x"'), { code: '42601' }))).toBe(false)
    expect(isDatabaseUnavailable(new TypeError('cannot read properties of undefined'))).toBe(false)
    expect(isDatabaseUnavailable(null)).toBe(false)
  })
})
