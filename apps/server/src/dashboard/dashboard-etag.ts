import { createHash } from 'node:crypto'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import { scopeOf } from '../access/scope-filter.js'
import { findSessionForDashboard, sessionIdFor } from '../auth/session.repository.js'
import type { Database } from '../db/database.js'
import { SESSION_COOKIE } from '../http/cookies.js'
import type { HttpContextOptions } from '../http/session-context.js'

/**
 * Dashboard queries whose answer depends on nothing but the caller's inspection scope (which
 * carries the Taipei date of the unannounced rule), the input in the URL and the data version
 * (migration 0014). Only these may be answered from the answer cache below: a procedure that also
 * depends on who asks (beyond the scope) must never be listed here.
 */
const SCOPE_ONLY_QUERIES = new Set(['dashboard.overview', 'dashboard.branchTrend'])

/** A tRPC GET naming only dashboard procedures (`/trpc/dashboard.overview`, batches of them). */
function dashboardProcedures(req: FastifyRequest): string[] | null {
  if (req.method !== 'GET' || !req.url.startsWith('/trpc/dashboard.')) return null
  const end = req.url.indexOf('?')
  let names: string[]
  try {
    names = decodeURIComponent(req.url.slice('/trpc/'.length, end < 0 ? undefined : end)).split(',')
  } catch {
    return null // a malformed escape: tRPC refuses the path as it always does
  }
  return names.every((name) => name.startsWith('dashboard.')) ? names : null
}

/** True when `If-None-Match` names `etag` (or `*`); weak validators compare by their opaque part. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t.replace(/^W\//, '') === etag
  })
}

/** One cached answer: the bytes tRPC sent, filed under the data version they were computed at. */
interface Answer {
  version: string
  /** The hash of `body`: the ETag of the uncompressed answer; a compressed one adds its encoding. */
  hash: string
  contentType: string
  /** tRPC's own Vary (trpc-accept, accept), sent again with the cached bytes. */
  vary: string | null
  body: Buffer
  /** The body compressed, made once on the first request that accepts the encoding. */
  encoded: { br?: Buffer; gzip?: Buffer }
}

type Encoding = 'br' | 'gzip'

/** The best encoding the client accepts (brotli, then gzip), or null: `Accept-Encoding` with q-values. */
export function acceptedEncoding(header: string | string[] | undefined): Encoding | null {
  if (!header) return null
  const accepted = new Set<string>()
  for (const part of String(header).toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((t) => t.trim())
    const q = params.find((p) => p.startsWith('q='))
    if (name && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(name)
  }
  if (accepted.has('br')) return 'br'
  if (accepted.has('gzip')) return 'gzip'
  return null
}

/**
 * Sets the headers of `answer` for this request and returns the bytes to send: compressed when the
 * client accepts it (the 77–130 KB national overview is a few KB in brotli — what a branch office
 * on a shared line downloads), compressed once per answer, not once per request.
 */
function representation(req: FastifyRequest, reply: FastifyReply, answer: Answer): { etag: string; bytes: Buffer } {
  const encoding = acceptedEncoding(req.headers['accept-encoding'])
  reply.header('content-type', answer.contentType).header('vary', answer.vary ? `${answer.vary}, accept-encoding` : 'accept-encoding')
  if (!encoding) return { etag: `"${answer.hash}"`, bytes: answer.body }
  const bytes = (answer.encoded[encoding] ??=
    encoding === 'br'
      ? brotliCompressSync(answer.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: answer.body.length } })
      : gzipSync(answer.body, { level: 6 }))
  reply.header('content-encoding', encoding)
  return { etag: `"${answer.hash}-${encoding}"`, bytes }
}

/** How many answers are kept per database (URLs × scopes); the oldest goes first. */
const MAX_ANSWERS = 256
const answers = new WeakMap<Kysely<Database>, Map<string, Answer>>()
/** Where a request's answer goes once tRPC has made it (set on a cache miss). */
const pending = new WeakMap<FastifyRequest, { db: Kysely<Database>; key: string; version: string }>()

function revalidated(req: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('etag', etag).header('cache-control', 'private, no-cache')
  if (!matchesEtag(req.headers['if-none-match'], etag)) return false
  reply.code(304).removeHeader('content-type').removeHeader('content-length').removeHeader('content-encoding')
  return true
}

/**
 * National reads from what is already known (issue 18). For the scope-only dashboard queries, the
 * HTTP answer itself is cached: a request still passes the session check (the same rules as
 * tRPC's context), its scope and the data version are read with it in one statement, and when an answer for
 * the same URL and scope was made at the current version its bytes are sent as they are — no
 * procedure run, no serialisation. Otherwise tRPC answers as usual and its 200 is kept. Any change
 * to an inspection, round, branch or catalogue moves the version in its own transaction, so every
 * instance stops serving the old bytes the moment the change commits.
 *
 * Every successful dashboard answer also carries a strong ETag (a hash of its bytes) with
 * `Cache-Control: private, no-cache`: the browser keeps it and asks again with If-None-Match, and an
 * unchanged answer is a 304 without a body — a branch office on a shared line fetches the 77 KB
 * national overview again only after a sheet was signed, reopened or corrected.
 */
export function registerDashboardEtags(app: FastifyInstance, options: HttpContextOptions): void {
  app.addHook('onRequest', async (req, reply) => {
    const names = dashboardProcedures(req)
    if (!names || names.length !== 1 || !SCOPE_ONLY_QUERIES.has(names[0]!)) return
    const token = req.cookies[SESSION_COOKIE]
    if (!token) return // tRPC answers the refusal
    const db = options.database.db
    let found: Awaited<ReturnType<typeof findSessionForDashboard>>
    try {
      // The session check (as tRPC's context makes it), the user's committee rounds and the data version: one statement.
      found = await findSessionForDashboard(db, sessionIdFor(options.sessionSecret, token), options.now(), options.sessionLifetimes)
    } catch {
      return // an unreachable database and the like: tRPC answers as it always does
    }
    if (!found) return // a session that cannot be used: tRPC refuses it and clears the cookie
    const scope = scopeOf(found.user, found.roundIds, options.now())
    const version = found.dashboardVersion
    const key = JSON.stringify([req.url, scope])
    let cache = answers.get(db)
    if (!cache) answers.set(db, (cache = new Map()))
    const hit = cache.get(key)
    if (hit && hit.version === version) {
      reply.header('x-answer-cache', 'hit')
      const { etag, bytes } = representation(req, reply, hit)
      if (revalidated(req, reply, etag)) return reply.send()
      return reply.code(200).send(bytes)
    }
    pending.set(req, { db, key, version })
  })

  // tRPC's answer arrives as bytes (http/trpc-route.ts sends one buffer); a cache hit was sent as it is.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!Buffer.isBuffer(payload) || reply.statusCode !== 200 || reply.hasHeader('x-answer-cache') || !dashboardProcedures(req)) return payload
    const vary = reply.getHeader('vary')
    const slot = pending.get(req)
    const answer: Answer = {
      version: slot?.version ?? '',
      hash: createHash('sha1').update(payload).digest('base64url'),
      contentType: String(reply.getHeader('content-type') ?? 'application/json'),
      vary: vary === undefined ? null : String(vary),
      body: payload,
      encoded: {},
    }
    if (slot) {
      const cache = answers.get(slot.db)!
      cache.delete(slot.key)
      cache.set(slot.key, answer)
      if (cache.size > MAX_ANSWERS) cache.delete(cache.keys().next().value!)
    }
    const { etag, bytes } = representation(req, reply, answer)
    if (revalidated(req, reply, etag)) return null
    return bytes
  })
}
