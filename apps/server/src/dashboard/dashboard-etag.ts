import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'

/** tRPC GET queries whose every procedure is a dashboard (`/trpc/dashboard.overview`, batches of them). */
function isDashboardQuery(req: FastifyRequest): boolean {
  if (req.method !== 'GET' || !req.url.startsWith('/trpc/')) return false
  const end = req.url.indexOf('?')
  const names = decodeURIComponent(req.url.slice('/trpc/'.length, end < 0 ? undefined : end)).split(',')
  return names.every((name) => name.startsWith('dashboard.'))
}

/** True when `If-None-Match` names `etag` (or `*`); weak validators compare by their opaque part. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t.replace(/^W\//, '') === etag
  })
}

/**
 * Conditional GET for the dashboards (issue 18): a successful answer carries a strong `ETag` (a hash
 * of its bytes) and `Cache-Control: private, no-cache`, so the browser keeps it and asks again with
 * `If-None-Match`; an unchanged answer is then `304 Not Modified` with no body — a branch office on a
 * shared line fetches the 77 KB national overview only when a sheet was signed, reopened or corrected.
 * The server computes the answer from its version-keyed cache either way (cheap); what 304 saves is
 * the transfer. Errors and other procedures pass untouched.
 */
export function registerDashboardEtags(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (!isDashboardQuery(req) || !(payload instanceof Response) || payload.status !== 200) return payload
    const body = Buffer.from(await payload.arrayBuffer())
    // The tRPC response's own headers (content-type, vary …) go on the reply, since the Response is replaced.
    for (const [name, value] of payload.headers) reply.header(name, value)
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`
    reply.header('etag', etag).header('cache-control', 'private, no-cache')
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      reply.code(304).removeHeader('content-length').removeHeader('content-type')
      return null
    }
    reply.code(200)
    return body
  })
}
