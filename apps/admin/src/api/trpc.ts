import type { AppRouter } from '@leap/server'
import { createTRPCClient, httpBatchLink } from '@trpc/client'

/** The one tRPC client of the SPA. Same origin: cookies travel with every request. */
export const api = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/trpc' })],
})
