import { describe, expect, it } from 'vitest'
import type { DatabaseHandle } from '../db/client.js'
import { useTestDatabase } from '../test/test-database.js'
import { buildApp } from './app.js'

const database = useTestDatabase({ reset: 'never' })

describe('GET /healthz', () => {
  it('answers 200 with the database kind when the database is reachable', async () => {
    const app = await buildApp({ database, logLevel: 'silent' })
    const res = await app.inject({ method: 'GET', url: '/healthz' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', database: database.kind })
    await app.close()
  })

  it('answers 503 when the database does not answer', async () => {
    const unreachable: DatabaseHandle = { ...database, ping: async () => false }
    const app = await buildApp({ database: unreachable, logLevel: 'silent' })
    const res = await app.inject({ method: 'GET', url: '/healthz' })
    expect(res.statusCode).toBe(503)
    expect(res.json()).toMatchObject({ status: 'unavailable' })
    await app.close()
  })
})
