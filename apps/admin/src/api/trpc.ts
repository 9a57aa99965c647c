import type { AppRouter } from '@leap/server'
import { createTRPCClient, httpBatchLink } from '@trpc/client'
import { csrfHeaders } from './csrf'
import { notifySessionExpired } from './session-expiry'

/**
 * The one tRPC client of the SPA. Same origin, so the session cookie travels with every request;
 * batches that contain a mutation are POSTs and carry the CSRF double-submit header.
 */
export const api = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: '/trpc',
      maxURLLength: 2000,
      headers({ opList }) {
        return opList.some((op) => op.type === 'mutation') ? csrfHeaders() : {}
      },
      async fetch(url, init) {
        const response = await fetch(url, { ...init, credentials: 'same-origin' })
        // A 401 on anything but signing in means the session ended (expired or signed out elsewhere).
        // (Signing in and replacing a one-time password answer 401 for a wrong password: no session to expire.)
        if (response.status === 401 && !/auth\.(login|changeOneTimePassword)/.test(String(url))) notifySessionExpired()
        return response
      },
    }),
  ],
})

// Types of what procedures take and return, for stores and views, read off the client itself
// (no type import of @trpc/server needed in the admin).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => any

/** What a procedure resolves to: `Output<typeof api.inspection.byId.query>`. */
export type Output<F extends AnyFn> = Awaited<ReturnType<F>>
/** The input object of a procedure: `Input<typeof api.inspection.score.save.mutate>`. */
export type Input<F extends AnyFn> = Parameters<F>[0]
