import { initTRPC } from '@trpc/server'
import type { Context } from './context.js'

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape }) {
    // Stack traces never leave the server.
    const { stack: _stack, ...data } = shape.data
    return { ...shape, data }
  },
})

export const router = t.router
export const publicProcedure = t.procedure
export const createCallerFactory = t.createCallerFactory
