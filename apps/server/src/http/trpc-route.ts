import type { AnyTRPCRouter, TRPCError } from '@trpc/server'
import { fetchRequestHandler, type FetchHandlerRequestOptions } from '@trpc/server/adapters/fetch'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { IncomingHttpHeaders } from 'node:http'

/** What resolveResponse reads of a request's headers. */
class RequestHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()]
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
  }
  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined
  }
}

/** No procedure streams or watches the client's disconnect: one signal that never aborts serves every call. */
const NEVER_ABORTED = new AbortController().signal

/**
 * The request as tRPC reads it (method, URL, headers, signal, body text): tRPC's Fastify adapter
 * builds a full fetch `Request` per call — a parsed URL, a `Headers` copy of every header, an
 * AbortController and a body stream over the string Fastify already read — a measurable share of a
 * one-criterion save (issue 18). This object gives resolveResponse the same facts without them.
 */
function requestOf(req: FastifyRequest, path: string): Request {
  const body = typeof req.body === 'string' ? req.body : ''
  const query = req.url.indexOf('?')
  return {
    method: req.method,
    // The procedure path as Fastify routed it (decoded, as the official adapter passes it), then the query.
    url: `http://localhost/trpc/${path.replace(/[?#%]/g, encodeURIComponent)}${query < 0 ? '' : req.url.slice(query)}`,
    headers: new RequestHeaders(req.headers),
    signal: NEVER_ABORTED,
    text: async () => body,
  } as unknown as Request
}

export interface TrpcRouteOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter
  createContext: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>
  responseMeta?: FetchHandlerRequestOptions<TRouter>['responseMeta']
  onError?: (opts: { error: TRPCError; path: string | undefined; req: FastifyRequest }) => void
}

/**
 * tRPC at `/trpc/:path`: JSON bodies kept as text for tRPC to parse, each call answered through
 * tRPC's own resolveResponse (batching, errors, status codes as the official adapters), and the
 * answer sent as one buffer with its content-length (Fastify would otherwise stream a web Response
 * chunk by chunk). Multipart bodies are not taken here: no procedure accepts form data (uploads go
 * to /api/evidence), so they are refused by Fastify as an unsupported media type.
 */
export async function registerTrpcRoute<TRouter extends AnyTRPCRouter>(app: FastifyInstance, options: TrpcRouteOptions<TRouter>): Promise<void> {
  await app.register(
    async (scope) => {
      scope.removeContentTypeParser('application/json')
      scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body))
      scope.all<{ Params: { path: string } }>('/:path', async (req, reply) => {
        const response = await fetchRequestHandler({
          endpoint: '/trpc',
          req: requestOf(req, req.params.path),
          router: options.router,
          createContext: () => options.createContext(req, reply) as never,
          responseMeta: options.responseMeta,
          onError: ({ error, path }) => options.onError?.({ error, path, req }),
        })
        reply.code(response.status)
        for (const [name, value] of response.headers) reply.header(name, value)
        return reply.send(Buffer.from(await response.arrayBuffer()))
      })
    },
    { prefix: '/trpc' },
  )
}
