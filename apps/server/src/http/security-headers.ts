import fastifyHelmet from '@fastify/helmet'
import type { FastifyInstance, FastifyRequest } from 'fastify'

/**
 * The Content-Security-Policy of every response. Scripts only from this origin (no inline script,
 * no eval), nothing may frame the pages but the site itself, forms post only here. Inline *styles*
 * stay allowed: PrimeVue's styled mode writes its theme into `<style>` elements at run time, and
 * style cannot run code.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  upgradeInsecureRequests: null,
} as const

/** One year, with subdomains: what scanners (and the HSTS preload list) expect. */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains'

/**
 * Security headers on every response — the SPA, its assets, /trpc, /api (downloads included),
 * /healthz and every 404 — through @fastify/helmet's onRequest hook, registered before any route:
 * Content-Security-Policy (above), X-Frame-Options SAMEORIGIN, Referrer-Policy same-origin,
 * X-Content-Type-Options nosniff, Cross-Origin-Opener/Resource-Policy same-origin.
 *
 * Strict-Transport-Security only on a request that arrived over HTTPS (`isSecure`: TLS here, or
 * X-Forwarded-Proto https from a proxy trusted by TRUST_PROXY): sent over plain HTTP it would be
 * ignored by browsers, and it would pin a site that has no certificate yet.
 */
export async function registerSecurityHeaders(app: FastifyInstance, isSecure: (req: FastifyRequest) => boolean): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'sameorigin' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  })
  app.addHook('onRequest', async (req, reply) => {
    if (isSecure(req)) reply.header('strict-transport-security', HSTS_VALUE)
  })
}
