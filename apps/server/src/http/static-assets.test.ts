import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../test/test-database.js'
import { buildApp } from './app.js'
import { IMMUTABLE, isHashedAsset, ONE_DAY, REVALIDATE } from './static-assets.js'

const database = useTestDatabase({ reset: 'never' })
let app: FastifyInstance
let dist: string
const script = `console.log(${JSON.stringify('服務躍升'.repeat(400))})\n`
const html = '<!doctype html><html lang="zh-Hant-TW"><head><script type="module" src="/assets/index-AbCd1234.js"></script></head><body><div id="app"></div></body></html>\n'

// A built admin as `vite build` leaves it: a hashed entry script with its .br and .gz, index.html (and its variants).
beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'leap-static-'))
  fs.mkdirSync(path.join(dist, 'assets'))
  const write = (name: string, body: string) => {
    fs.writeFileSync(path.join(dist, name), body)
    fs.writeFileSync(path.join(dist, `${name}.br`), brotliCompressSync(body))
    fs.writeFileSync(path.join(dist, `${name}.gz`), gzipSync(body))
  }
  write('assets/index-AbCd1234.js', script)
  write('index.html', html)
  fs.writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  app = await buildApp({ database, logLevel: 'silent', adminDist: dist })
})
afterAll(async () => {
  await app.close()
  fs.rmSync(dist, { recursive: true, force: true })
})

describe('the admin SPA', () => {
  it('sends a hashed asset brotli-compressed when the browser accepts it, cached for a year as immutable', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-AbCd1234.js', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['content-type']).toMatch(/javascript/)
    expect(res.headers['cache-control']).toBe(IMMUTABLE)
    expect(res.headers['vary']).toMatch(/accept-encoding/i)
    expect(res.rawPayload.equals(fs.readFileSync(path.join(dist, 'assets/index-AbCd1234.js.br')))).toBe(true)
    expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(script) / 5)
  })

  it('falls back to gzip, then to the plain file, by Accept-Encoding', async () => {
    const gz = await app.inject({ method: 'GET', url: '/assets/index-AbCd1234.js', headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gz.rawPayload.equals(fs.readFileSync(path.join(dist, 'assets/index-AbCd1234.js.gz')))).toBe(true)
    expect(gz.headers['cache-control']).toBe(IMMUTABLE)
    const plain = await app.inject({ method: 'GET', url: '/assets/index-AbCd1234.js', headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(script)
    expect(plain.headers['content-type']).toMatch(/javascript/)
  })

  it('revalidates index.html on every visit: no-cache with an ETag, then 304 while unchanged', async () => {
    const first = await app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'br' } })
    expect(first.statusCode).toBe(200)
    expect(first.headers['content-encoding']).toBe('br')
    expect(first.headers['content-type']).toMatch(/text\/html/)
    expect(first.headers['cache-control']).toBe(REVALIDATE)
    const etag = first.headers['etag']
    expect(etag).toBeTruthy()
    const again = await app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'br', 'if-none-match': String(etag) } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
  })

  it('answers a history-mode route with index.html (revalidated), but a missing hashed asset or API path with 404', async () => {
    const route = await app.inject({ method: 'GET', url: '/inspections/12', headers: { 'accept-encoding': 'identity' } })
    expect(route.statusCode).toBe(200)
    expect(route.body).toBe(html)
    expect(route.headers['cache-control']).toBe(REVALIDATE)
    expect((await app.inject({ method: 'GET', url: '/assets/index-Old00000.js' })).statusCode).toBe(404)
    const unknownApi = await app.inject({ method: 'GET', url: '/api/nothing-here' })
    expect([unknownApi.statusCode, unknownApi.json().errorCode]).toEqual([404, 'NOT_FOUND'])
  })

  it('keeps other unhashed files (favicon) a day, not a year: a repeat visit does not ask for them again', async () => {
    const res = await app.inject({ method: 'GET', url: '/favicon.svg' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe(ONE_DAY)
  })
})

describe('isHashedAsset', () => {
  it("recognises vite's hashed output only", () => {
    expect(isHashedAsset('/srv/dist/assets/index-C7k872bm.js')).toBe(true)
    expect(isHashedAsset('/srv/dist/assets/DashboardView-D8mMQpl2.css.br')).toBe(true)
    expect(isHashedAsset('/srv/dist/index.html')).toBe(false)
    expect(isHashedAsset('/srv/dist/favicon.svg')).toBe(false)
    expect(isHashedAsset('/srv/dist/assets/logo.svg')).toBe(false)
  })
})
