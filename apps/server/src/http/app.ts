import { randomUUID } from 'node:crypto'
import fastifyCookie from '@fastify/cookie'
import type { KaiFontSource } from '@leap/reports'
import { TRPCError } from '@trpc/server'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { LoginThrottledError } from '../auth/auth.router.js'
import { DEFAULT_SESSION_LIFETIMES, type SessionLifetimes } from '../auth/session-lifetimes.js'
import type { DatabaseHandle } from '../db/client.js'
import { isDatabaseUnavailable, OUTAGE_MESSAGE, OUTAGE_RETRY_SECONDS } from '../db/outage.js'
import { registerDashboardEtags } from '../dashboard/dashboard-etag.js'
import { evidenceRoutes } from '../remediation/evidence.routes.js'
import { reportRoutes } from '../report/report.routes.js'
import { appRouter } from '../trpc/app-router.js'
import type { Context } from '../trpc/context.js'
import { refusalBody } from '../trpc/refusal.js'
import { MAX_JSON_DEPTH } from '../trpc/text-guard.js'
import { describeConstraintError } from '../db/constraint-error.js'
import { registerCsrf } from './csrf.js'
import { JsonTooDeepError, registerJsonBodyParser } from './json-body.js'
import { malformedBodyMessage } from './malformed-body.js'
import { registerSecurityHeaders } from './security-headers.js'
import { registerTrpcRoute } from './trpc-route.js'
import { registerAdminSpa } from './static-assets.js'
import { createHttpContext, isSecureRequest } from './session-context.js'

/** Fastify's `trustProxy`: false (default), true, a hop count, or addresses/CIDRs of the proxies. */
export type TrustProxy = boolean | number | string | string[]

export interface BuildAppOptions {
  database: DatabaseHandle
  /** Directory of the built admin SPA; served at `/` when it exists. */
  adminDist?: string | undefined
  logLevel?: string
  /** Key for session ids (SESSION_SECRET). Tests may omit it: a random one per app. */
  sessionSecret?: string
  /**
   * Which proxies to believe for the client address (rate limits, audit) and the scheme
   * (`Secure` cookies). Set it only behind a reverse proxy that overwrites X-Forwarded-*.
   */
  trustProxy?: TrustProxy
  /** Root for uploaded files in embedded mode. */
  dataDir?: string | null
  /** Clock for sessions and audit; tests move it forward. */
  now?: () => Date
  /** How long sessions last (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS); 2 h idle and 12 h at most by default. */
  sessionLifetimes?: SessionLifetimes
  /** The Kai font of the documents (LEAP_KAI_FONT); default Debian's ukai.ttc. */
  reportFont?: KaiFontSource
}

/** A hop count trusts that many proxies nearest to the server; the rest pass through as given. */
function toFastifyTrustProxy(value: TrustProxy): boolean | string | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value
}

/**
 * Builds the HTTP host: tRPC at /trpc (context from the `leap_session` cookie), CSRF double-submit
 * on state-changing /trpc and /api requests, /healthz, and the admin SPA at /. JSON logs carry a
 * request id, also returned in `x-request-id`.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { database } = options
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    bodyLimit: 1_048_576,
    // tRPC puts a batch's procedure names in the path ("a,b,c"); Fastify's default of 100 characters
    // refused batches of more than a few calls (400 FST_ERR_MAX_PARAM_LENGTH), e.g. a score sheet's saves.
    routerOptions: { maxParamLength: 5_000 },
    trustProxy: toFastifyTrustProxy(options.trustProxy ?? false),
    genReqId: () => randomUUID(),
  })
  const contextOptions = {
    database,
    sessionSecret: options.sessionSecret ?? randomUUID() + randomUUID(),
    dataDir: options.dataDir ?? null,
    now: options.now ?? (() => new Date()),
    sessionLifetimes: options.sessionLifetimes ?? DEFAULT_SESSION_LIFETIMES,
  }
  /** The procedure context of a request; plain HTTP routes under /api use it too. */
  const createContext = (req: FastifyRequest, reply: FastifyReply): Promise<Context> => createHttpContext(contextOptions, req, reply)

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id)
  })
  // Plain HTTP routes (/api): an unreachable database is 503 with Retry-After, like tRPC calls;
  // every other error keeps Fastify's default handling.
  app.setErrorHandler((error, req, reply) => {
    // A constraint the database enforced (a missing reference, a duplicate, a value out of range):
    // the 4xx naming the field, never a 500 (db/constraint-error.ts).
    const refusal = describeConstraintError(error)
    if (refusal) return reply.code(refusal.status).send(refusalBody(refusal.code, { field: refusal.field, rule: refusal.rule }, refusal.message))
    // A JSON body nested past the bound (json-body.ts): the same refusal as the text guard's.
    if (error instanceof JsonTooDeepError) return reply.code(400).send(refusalBody('INVALID_INPUT', { rule: 'depth', maximum: MAX_JSON_DEPTH }, error.message))
    // A multipart body whose framing is broken (no boundary, cut off) on any /api route: 400, not 500.
    const malformed = malformedBodyMessage(error, req.headers['content-type'])
    if (malformed) return reply.code(400).send(refusalBody('INVALID_INPUT', { rule: 'multipart' }, `malformed multipart body: ${malformed}`))
    const unavailable = (error instanceof TRPCError && error.code === 'SERVICE_UNAVAILABLE') || isDatabaseUnavailable(error)
    if (unavailable) {
      req.log.warn({ err: error }, 'database unavailable')
      return reply.code(503).header('retry-after', String(OUTAGE_RETRY_SECONDS)).send(refusalBody('DATABASE_UNAVAILABLE', {}, OUTAGE_MESSAGE))
    }
    // Fastify's own refusals of a request (a body over the limit, JSON that does not parse, an
    // unsupported content type): the same status, with a code the admin words; `rule` names Fastify's.
    const { statusCode, code } = error as { statusCode?: number; code?: string }
    if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
      return reply.code(statusCode).send(refusalBody(statusCode === 413 ? 'FILE_TOO_LARGE' : 'INVALID_INPUT', { rule: code ?? null }, (error as Error).message))
    }
    throw error
  })
  // Headers first, so every response (SPA, API, downloads, 404s) carries them.
  await registerSecurityHeaders(app, isSecureRequest)
  registerJsonBodyParser(app)
  await app.register(fastifyCookie)
  registerCsrf(app, isSecureRequest)
  // Dashboards from the answer cache, and 304 to a client that holds the current answer (issue 18).
  // After the cookie plugin: its onRequest hook parses the session cookie this one reads (registered
  // before it, the cache never saw a session and every request ran the procedure).
  registerDashboardEtags(app, contextOptions)

  app.get('/healthz', async (_req, reply) => {
    const ok = await database.ping()
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', database: database.kind })
  })

  await registerTrpcRoute(app, {
    router: appRouter,
    createContext,
    // A refused sign-in says when to retry in the standard header too, not only in the message.
    responseMeta({ errors }) {
      const throttled = errors.map((e) => e.cause).find((c) => c instanceof LoginThrottledError)
      if (throttled) return { headers: { 'retry-after': String(throttled.retryAfterSeconds) } }
      // The database is unreachable (503): say when to try again.
      if (errors.some((e) => e.code === 'SERVICE_UNAVAILABLE')) return { headers: { 'retry-after': String(OUTAGE_RETRY_SECONDS) } }
      return {}
    },
    onError({ error, path: procedure, req }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') req.log.error({ err: error, procedure }, 'procedure failed')
      else if (error.code === 'SERVICE_UNAVAILABLE') req.log.warn({ err: error.cause, procedure }, 'database unavailable')
    },
  })
  await app.register(evidenceRoutes, { createContext })
  await app.register(reportRoutes, { createContext, font: options.reportFont ?? {} })

  // The admin SPA: precompressed, immutable hashed assets, index.html revalidated (issue 18).
  await registerAdminSpa(app, options.adminDist)
  return app
}
