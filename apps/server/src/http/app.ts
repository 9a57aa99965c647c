import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify'
import Fastify, { type FastifyInstance } from 'fastify'
import type { DatabaseHandle } from '../db/client.js'
import { appRouter, type AppRouter } from '../trpc/app-router.js'
import { createContextInner } from '../trpc/context.js'

export interface BuildAppOptions {
  database: DatabaseHandle
  /** Directory of the built admin SPA; served at `/` when it exists. */
  adminDist?: string | undefined
  logLevel?: string
}

/** Builds the HTTP host: tRPC at /trpc, /healthz, and the admin SPA at /. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { database } = options
  const app = Fastify({ logger: { level: options.logLevel ?? 'info' }, bodyLimit: 1_048_576 })

  app.get('/healthz', async (_req, reply) => {
    const ok = await database.ping()
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', database: database.kind })
  })

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: () => createContextInner({ db: database.db, dbKind: database.kind, dataDir: null }),
      onError({ error, path: procedure }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ err: error, procedure }, 'procedure failed')
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  })

  const dist = options.adminDist
  if (dist && fs.existsSync(path.join(dist, 'index.html'))) {
    await app.register(fastifyStatic, { root: dist, wildcard: false })
    // History-mode routes of the SPA fall back to index.html; unknown API paths stay 404.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/trpc') && !req.url.startsWith('/api')) {
        return reply.sendFile('index.html')
      }
      return reply.code(404).send({ error: 'Not Found' })
    })
  }
  return app
}
