import { createHash } from 'node:crypto'
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
  etag: string
  contentType: string
  body: Buffer
}

/** How many answers are kept per database (URLs × scopes); the oldest goes first. */
const MAX_ANSWERS = 256
const answers = new WeakMap<Kysely<Database>, Map<string, Answer>>()
/** Where a request's answer goes once tRPC has made it (set on a cache miss). */
const pending = new WeakMap<FastifyRequest, { db: Kysely<Database>; key: string; version: string }>()

function revalidated(req: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('etag', etag).header('cache-control', 'private, no-cache')
  if (!matchesEtag(req.headers['if-none-match'], etag)) return false
  reply.code(304).removeHeader('content-type').removeHeader('content-length')
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
      if (revalidated(req, reply, hit.etag)) return reply.send()
      return reply.code(200).header('content-type', hit.contentType).send(hit.body)
    }
    pending.set(req, { db, key, version })
  })

  // tRPC's answer arrives as bytes (http/web-response.ts runs first); a cache hit was sent as it is.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!Buffer.isBuffer(payload) || reply.statusCode !== 200 || reply.hasHeader('x-answer-cache') || !dashboardProcedures(req)) return payload
    const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`
    const slot = pending.get(req)
    if (slot) {
      const cache = answers.get(slot.db)!
      cache.delete(slot.key)
      cache.set(slot.key, { version: slot.version, etag, contentType: String(reply.getHeader('content-type') ?? 'application/json'), body: payload })
      if (cache.size > MAX_ANSWERS) cache.delete(cache.keys().next().value!)
    }
    if (revalidated(req, reply, etag)) return null
    return payload
  })
}
