import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic, { type SetHeadersResponse } from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { refusalBody } from '../trpc/refusal.js'

/** Cache-Control of the hashed build output: the name changes with the content, so it never needs revalidating. */
export const IMMUTABLE = 'public, max-age=31536000, immutable'
/** Cache-Control of index.html: kept, but revalidated (ETag) on every visit, so a new build is seen at once. */
export const REVALIDATE = 'no-cache'
/** Cache-Control of the other unhashed files (favicon): a day, then revalidated — they change rarely and a day late is harmless. */
export const ONE_DAY = 'public, max-age=86400'

/** Vite's hashed output (`assets/<name>-<hash>.<ext>`, plus its .br/.gz siblings). */
export function isHashedAsset(file: string): boolean {
  return /(^|[\\/])assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.br|\.gz)?$/.test(file)
}

function setCacheHeaders(res: SetHeadersResponse, file: string): void {
  res.setHeader('cache-control', isHashedAsset(file) ? IMMUTABLE : /(^|[\\/])index\.html(\.br|\.gz)?$/.test(file) ? REVALIDATE : ONE_DAY)
  // Every file may have compressed siblings (the admin's build writes .br and .gz): caches must key on the encoding.
  res.setHeader('vary', 'accept-encoding')
}

/**
 * Serves the built admin SPA at `/` (issue 18): hashed assets precompressed at build time (brotli
 * and gzip, `apps/admin/vite.config.ts`), chosen by the request's Accept-Encoding with the right
 * Content-Encoding and `Vary: Accept-Encoding`, cached for a year as immutable; index.html
 * revalidated every time (`no-cache` + ETag → 304), other unhashed files (the favicon) kept a day.
 * A repeat visit therefore downloads only index.html (or gets a 304 for it). History-mode routes of the SPA fall back to
 * index.html; unknown API paths and missing hashed assets stay 404 (an old tab asking for a file
 * of a previous build must not receive HTML under a JavaScript name).
 * @returns false when `dist` holds no index.html (nothing registered).
 */
export async function registerAdminSpa(app: FastifyInstance, dist: string | undefined): Promise<boolean> {
  if (!dist || !fs.existsSync(path.join(dist, 'index.html'))) return false
  await app.register(fastifyStatic, {
    root: dist,
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    etag: true,
    lastModified: true,
    setHeaders: setCacheHeaders,
  })
  app.setNotFoundHandler((req, reply) => {
    const url = req.url
    if (req.method === 'GET' && !url.startsWith('/trpc') && !url.startsWith('/api') && !url.startsWith('/assets/')) {
      return reply.sendFile('index.html')
    }
    return reply.code(404).send(refusalBody('NOT_FOUND', {}, 'not found'))
  })
  return true
}
