import { TRPCError } from '@trpc/server'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Context, SessionUser } from '../trpc/context.js'
import { httpRefusal, refusalBody, type RefusalBody } from '../trpc/refusal.js'

/** The context of a plain HTTP route's handler: signed in. */
export type Signed = Context & { user: SessionUser }

/** A refusal of a plain HTTP route: its status and body. */
export interface HttpRefusal {
  status: number
  body: RefusalBody
}

/**
 * A plain HTTP route's handler (downloads, uploads) for a signed-in user: 401 SIGN_IN_REQUIRED
 * without a session; a refusal the handler or a shared access helper throws (`refuse`,
 * `notFound`) answered with its status and code like a tRPC call; `moreRefusals` maps the
 * route's other known errors (a domain refusal, a missing font); anything else is rethrown (500,
 * or 503 for an unreachable database through the app's error handler).
 */
export function signedRoute<Req extends FastifyRequest>(
  createContext: (req: FastifyRequest, reply: FastifyReply) => Promise<Context> | Context,
  handler: (ctx: Signed, req: Req, reply: FastifyReply) => Promise<unknown>,
  moreRefusals: (error: unknown) => HttpRefusal | null = () => null,
) {
  return async (req: Req, reply: FastifyReply) => {
    const ctx = await createContext(req, reply)
    if (!ctx.user) return reply.code(401).send(refusalBody('SIGN_IN_REQUIRED', {}, 'sign in first'))
    try {
      return await handler(ctx as Signed, req, reply)
    } catch (error) {
      const refusal = error instanceof TRPCError ? httpRefusal(error) : moreRefusals(error)
      if (!refusal) throw error
      if (refusal.status >= 500) req.log.error({ err: error }, refusal.body.error)
      return reply.code(refusal.status).send(refusal.body)
    }
  }
}
