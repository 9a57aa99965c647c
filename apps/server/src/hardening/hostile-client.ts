import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { DEMO_PASSWORD } from '../seed/accounts.seed.js'

/** The fixed CSRF token the hardening tests send as cookie and header (double submit). */
export const CSRF = 'hardening-csrf-token-0123456789abcdef'

/** A tRPC error body as the server sends it (errorFormatter in trpc/init.ts). */
export interface TrpcErrorBody {
  error: {
    message: string
    code: number
    data: { code: string; httpStatus: number; path?: string; fieldErrors?: { path: string[]; message: string }[] }
  }
}

/**
 * Signs a user in through HTTP and returns the session cookie value: a demo user by default, a
 * fixture user with `{ password: FIXTURE_PASSWORD }`; `csrf` is the token sent as cookie and header.
 */
export async function signIn(app: FastifyInstance, username: string, keys: { password?: string; csrf?: string } = {}): Promise<string> {
  const csrf = keys.csrf ?? CSRF
  const res = await app.inject({
    method: 'POST',
    url: '/trpc/auth.login',
    payload: { username, password: keys.password ?? DEMO_PASSWORD },
    cookies: { leap_csrf: csrf },
    headers: { 'x-csrf-token': csrf },
  })
  const session = res.cookies.find((c) => c.name === 'leap_session')?.value
  if (res.statusCode !== 200 || !session) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`)
  return session
}

/**
 * Calls one procedure over HTTP as the browser would: queries as GET with `?input=`, mutations as
 * POST with a JSON body, both with the session cookie and the CSRF header (`csrf`, default {@link CSRF}).
 */
export function callProcedure(
  app: FastifyInstance,
  session: string,
  path: string,
  type: 'query' | 'mutation' | 'subscription',
  input: unknown,
  csrf: string = CSRF,
): Promise<LightMyRequestResponse> {
  const cookies = { leap_session: session, leap_csrf: csrf }
  const headers = { 'x-csrf-token': csrf }
  if (type === 'query') {
    const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`
    return app.inject({ method: 'GET', url: `/trpc/${path}${query}`, cookies, headers })
  }
  return app.inject({
    method: 'POST',
    url: `/trpc/${path}`,
    cookies,
    headers: { ...headers, 'content-type': 'application/json' },
    payload: input === undefined ? '' : JSON.stringify(input),
  })
}

/** Calls one procedure several times in one tRPC batch request (`?batch=1`), as httpBatchLink does. */
export function callBatch(
  app: FastifyInstance,
  session: string,
  path: string,
  type: 'query' | 'mutation' | 'subscription',
  inputs: readonly unknown[],
): Promise<LightMyRequestResponse> {
  const cookies = { leap_session: session, leap_csrf: CSRF }
  const headers = { 'x-csrf-token': CSRF }
  const paths = inputs.map(() => path).join(',')
  const byIndex = JSON.stringify(Object.fromEntries(inputs.map((input, i) => [String(i), input])))
  if (type === 'query') return app.inject({ method: 'GET', url: `/trpc/${paths}?batch=1&input=${encodeURIComponent(byIndex)}`, cookies, headers })
  return app.inject({ method: 'POST', url: `/trpc/${paths}?batch=1`, cookies, headers: { ...headers, 'content-type': 'application/json' }, payload: byIndex })
}
