import type { FastifyInstance } from 'fastify'

/**
 * tRPC's adapter hands Fastify a web `Response`; Fastify would stream its body chunk by chunk
 * (chunked encoding, a socket write per chunk and one more to end it). A tRPC answer is one JSON
 * text already in memory, so its bytes are taken once here and sent as one buffer with its
 * `content-length`: head and body leave in one write (issue 18: the per-request floor). Status and
 * headers are the Response's. Registered before any other onSend hook that reads tRPC answers (they
 * see a Buffer).
 */
export function registerWebResponseAsBuffer(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!(payload instanceof Response)) return payload
    reply.code(payload.status)
    for (const [name, value] of payload.headers) reply.header(name, value)
    return Buffer.from(await payload.arrayBuffer())
  })
}
