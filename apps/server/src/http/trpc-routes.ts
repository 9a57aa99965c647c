import type { AnyTRPCRouter } from '@trpc/server'
import { incomingMessageToRequest } from '@trpc/server/adapters/node-http'
import { resolveResponse, type HTTPBaseHandlerOptions, type TRPCRequestInfo } from '@trpc/server/http'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'

/** What the /trpc route needs: the router, the context factory and the hooks tRPC's adapters take. */
export interface TrpcRouteOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter
  createContext: (req: FastifyRequest, reply: FastifyReply, info: TRPCRequestInfo) => Promise<unknown>
  responseMeta?: HTTPBaseHandlerOptions<TRouter, Request>['responseMeta']
  onError?: (opts: { error: Parameters<NonNullable<HTTPBaseHandlerOptions<TRouter, Request>['onError']>>[0]['error']; path: string | undefined; req: FastifyRequest }) => void
}

/**
 * Serves tRPC under the plugin's prefix, like `fastifyTRPCPlugin`, but answers with the whole body
 * in one write (with `content-length`) instead of piping the fetch `Response` stream chunk by chunk:
 * profiling the dashboard under load (`pnpm --filter @leap/bench cpu-profile`) showed a sixth of
 * the server's CPU in those piecemeal socket writes. Every procedure here answers one JSON document
 * (the admin uses `httpBatchLink`; no subscriptions or streamed batches), so nothing is lost by
 * buffering. Request bodies arrive as strings, as the official adapter parses them.
 */
export function trpcRoutes<TRouter extends AnyTRPCRouter>(): FastifyPluginAsync<TrpcRouteOptions<TRouter>> {
  return async (app, options) => {
    app.removeContentTypeParser('application/json')
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body))
    app.removeContentTypeParser('multipart/form-data')
    app.addContentTypeParser('multipart/form-data', {}, (_req, body, done) => done(null, body))

    app.all<{ Params: { path: string } }>('/:path', async (req, reply) => {
      const incoming = req.raw as typeof req.raw & { body?: unknown }
      if (req.body !== undefined) incoming.body = req.body
      const response = await resolveResponse<TRouter>({
        router: options.router,
        req: incomingMessageToRequest(incoming, reply.raw, { maxBodySize: null }),
        path: req.params.path,
        error: null,
        createContext: ({ info }) => options.createContext(req, reply, info) as never,
        ...(options.responseMeta ? { responseMeta: options.responseMeta } : {}),
        onError: ({ error, path }) => options.onError?.({ error, path, req }),
      })
      reply.code(response.status)
      response.headers.forEach((value, name) => void reply.header(name, value))
      return reply.send(response.body ? Buffer.from(await response.arrayBuffer()) : '')
    })
  }
}
