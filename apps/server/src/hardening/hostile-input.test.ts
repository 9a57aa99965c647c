// Hostile input through HTTP: malformed inputs for every procedure of appRouter, inputs shaped like
// valid ones but drawn from the edges of each JSON type (ids near and past 2^31 and 2^53, rows that
// do not exist, deep nesting), non-canonical spellings of the paths, malformed transport and
// multipart framing, oversized bodies and uploads, and injection strings that must come back
// exactly as entered. Every refusal must be a 4xx naming the problem; a 5xx anywhere fails.
//
// The first version generated only input its schemas refused, so it never reached the code behind
// them: ids of 2^31 (valid for a schema allowing 2^53 − 1, out of range for the column), a branch
// that does not exist, 5,000 nested arrays and /%74rpc all passed it while each was a 500 or a
// CSRF bypass from outside.
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ZodType } from 'zod'
import { buildApp } from '../http/app.js'
import { seedDemo } from '../seed/demo.seed.js'
import { appRouter } from '../trpc/app-router.js'
import { useTestDatabase } from '../test/test-database.js'
import { MAX_JSON_DEPTH } from '../trpc/text-guard.js'
import { callBatch, callProcedure, CSRF, signIn, type TrpcErrorBody } from './hostile-client.js'
import { EDGE_NUMBERS, hostileShaped, nested } from './schema-arbitrary.js'

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription'
  inputs: ZodType[]
}

const procedures = Object.entries((appRouter._def as unknown as { procedures: Record<string, { _def: ProcedureDef }> }).procedures).map(
  ([path, p]) => ({ path, type: p._def.type, inputs: p._def.inputs }),
)
const withInput = procedures.filter((p) => p.inputs.length > 0)
/** Calls per run of a procedure's property: one alone, the rest in one batched request. */
const BATCH = 25
/** At least 10,000 malformed calls in all, spread evenly over the procedures that take input. */
const RUNS_PER_PROCEDURE = Math.ceil(10_000 / withInput.length / BATCH)

/** Strings that have broken servers before: SQL, markup, template, prototype and unicode tricks. */
const INJECTIONS = [
  "'; DROP TABLE app_user; --",
  "' OR '1'='1",
  '1; select pg_sleep(5)',
  '$1 $2 %s %n %x',
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(document.cookie)">',
  "{{constructor.constructor('alert(1)')()}}",
  'javascript:alert(1)',
  '__proto__',
  '\u202Egnp.exe',
  'a\u200Bb\u200Dc\uFEFFd',
  'e\u0301 vs é',
  '👩‍👩‍👧‍👦 𠀀𪚥 ＳＥＬＥＣＴ',
  'line\u2028separator\u2029paragraph',
  '..\\..\\etc\\passwd',
]

/** Values of the wrong type, range or size for any field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ minLength: 4_001, maxLength: 5_000 }),
  fc.constantFrom(-1, 0, 0.5, -0.000001, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, 10_001),
  fc.constantFrom(...EDGE_NUMBERS),
  fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: 2, max: MAX_JSON_DEPTH - 2 }).map(nested),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('2026-02-30', '114-01-01', '2026-13-01', 'yesterday', '0000-00-00', ''),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
)

/** The top-level keys a procedure's input object declares (through `.optional()`), if any. */
function keysOf(schema: ZodType): string[] {
  const def = (schema as unknown as { _zod: { def: { type: string; shape?: Record<string, unknown>; innerType?: ZodType } } })._zod.def
  if (def.type === 'optional' && def.innerType) return keysOf(def.innerType)
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : []
}

/** Malformed inputs: arbitrary JSON, or the procedure's own keys with hostile values; never valid. */
function malformedInput(inputs: readonly ZodType[]): fc.Arbitrary<unknown> {
  const keys = inputs.flatMap(keysOf)
  const shaped = keys.length > 0 ? [fc.record(Object.fromEntries(keys.map((k) => [k, hostileValue])), { requiredKeys: [] })] : []
  return fc
    .oneof(fc.jsonValue({ maxDepth: 3 }), hostileValue, ...shaped, ...shaped)
    // What travels is JSON: judge validity on the value the server will actually see.
    .map((value) => JSON.parse(JSON.stringify(value)) as unknown)
    .filter((value) => inputs.some((schema) => !schema.safeParse(value).success))
}

const database = useTestDatabase({ reset: 'never' })
let app: FastifyInstance
let admin: string
let calls = 0

beforeAll(async () => {
  await seedDemo(database.db)
  app = await buildApp({ database, logLevel: 'silent', sessionSecret: 'hardening-secret-0123456789-0123456789-abcd' })
  admin = await signIn(app, 'admin')
}, 120_000)

afterAll(async () => {
  await app?.close()
})

/** A refusal the user can act on: a 4xx whose message (and, for bad input, field errors) name the problem. */
function expectNamedRefusal(res: { statusCode: number; body: string }, context: string): TrpcErrorBody {
  expect(res.statusCode, `${context}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400)
  expect(res.statusCode, `${context}: ${res.body.slice(0, 300)}`).toBeLessThan(500)
  const body = JSON.parse(res.body) as TrpcErrorBody
  expect(body.error.message.trim().length, context).toBeGreaterThan(0)
  expect(body.error.message, context).not.toMatch(/\n\s+at /)
  return body
}

/** A bad-input refusal lists the offending fields, each with a message. */
function expectFieldErrors(body: TrpcErrorBody, context: string): void {
  expect(body.error.data.code, context).toBe('BAD_REQUEST')
  const fieldErrors = body.error.data.fieldErrors ?? []
  expect(fieldErrors.length, `${context}: no field errors`).toBeGreaterThan(0)
  for (const issue of fieldErrors) expect(issue.message.trim().length, context).toBeGreaterThan(0)
}

describe('malformed input for every procedure (admin session and CSRF, so validation is reached)', () => {
  it.each(withInput.map((p) => [p.path, p] as const))('%s answers 400 with field errors', async (path, procedure) => {
    // Each run: one call on its own (its HTTP status must be 400) and a batch of the rest in one
    // request (each call's own status must be 400): ten thousand calls without ten thousand
    // session look-ups.
    await fc.assert(
      fc.asyncProperty(fc.array(malformedInput(procedure.inputs), { minLength: BATCH, maxLength: BATCH }), async ([single, ...rest]) => {
        calls += 1 + rest.length
        const res = await callProcedure(app, admin, path, procedure.type, single)
        const context = `${path} ${JSON.stringify(single).slice(0, 200)}`
        expect(res.statusCode, context).toBe(400)
        expectFieldErrors(expectNamedRefusal(res, context), context)
        const batch = await callBatch(app, admin, path, procedure.type, rest)
        expect(batch.statusCode, `${path} batch: ${batch.body.slice(0, 300)}`).toBe(400)
        const results = batch.json() as TrpcErrorBody[]
        expect(results).toHaveLength(rest.length)
        results.forEach((r, i) => {
          const context = `${path} ${JSON.stringify(rest[i]).slice(0, 200)}`
          expect(r.error.data.httpStatus, context).toBe(400)
          expectFieldErrors(r, context)
        })
      }),
      { numRuns: RUNS_PER_PROCEDURE, seed: 20_261_121 + path.length },
    )
  })

  it('sent at least 10,000 malformed inputs and the admin session still works', async () => {
    expect(calls).toBeGreaterThanOrEqual(10_000)
    const res = await callProcedure(app, admin, 'auth.me', 'query', undefined)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ result: { data: { username: 'admin' } } })
  })

  it('procedures without input ignore whatever is sent', async () => {
    for (const p of procedures.filter((p) => p.inputs.length === 0 && p.type === 'query')) {
      const res = await callProcedure(app, admin, p.path, p.type, { junk: INJECTIONS[0], n: 2 ** 53 })
      expect(res.statusCode, p.path).toBe(200)
    }
  })
})

/** Calls that would end the prober's own session or lock it out: not sent with shaped input. */
const SESSION_ENDING = new Set(['auth.logout', 'auth.logoutAll', 'auth.changePassword', 'auth.changeOneTimePassword', 'auth.login'])
const ADMIN_TARGETING = new Set(['user.resetPassword', 'user.deactivate', 'user.update'])
/** Shaped calls per run of a procedure's property: one alone, the rest batched. */
const SHAPED_BATCH = 10
/** At least 4,000 shaped calls in all. */
const SHAPED_RUNS = Math.ceil(4_000 / withInput.length / SHAPED_BATCH)
let shapedCalls = 0

/** Any answer but a server fault; a refusal is a 4xx with a message (and no stack). */
function expectNoServerFault(status: number, body: string, context: string): void {
  expect(status, `${context}: ${body.slice(0, 300)}`).toBeLessThan(500)
  if (status >= 400) {
    expect(body, context).toMatch(/"message":"[^"]+/)
    expect(body, context).not.toMatch(/\\n\s+at /)
  }
}

describe('input shaped like valid input, from the edges of each JSON type (reaches the code and the database)', () => {
  // The accounts later tests sign in as keep their passwords and roles.
  let protectedIds: number[] = []
  beforeAll(async () => {
    const rows = await database.db.selectFrom('appUser').select('id').where('username', 'in', ['admin', 'tpe-manager', 'member3', 'convener']).execute()
    protectedIds = rows.map((r) => r.id)
  })

  it.each(withInput.filter((p) => !SESSION_ENDING.has(p.path)).map((p) => [p.path, p] as const))('%s never answers 5xx', async (path, procedure) => {
    const shaped = fc
      .oneof(...procedure.inputs.map((schema) => hostileShaped(schema)))
      .map((value) => JSON.parse(JSON.stringify(value ?? null)) as unknown)
      // The prober's own account (and those of later tests) stays usable: no password reset, deactivation or edit.
      .filter((value) => !(ADMIN_TARGETING.has(path) && protectedIds.includes((value as { id?: unknown } | null)?.id as number)))
    await fc.assert(
      fc.asyncProperty(fc.array(shaped, { minLength: SHAPED_BATCH, maxLength: SHAPED_BATCH }), async ([single, ...rest]) => {
        shapedCalls += 1 + rest.length
        const res = await callProcedure(app, admin, path, procedure.type, single)
        expectNoServerFault(res.statusCode, res.body, `${path} ${JSON.stringify(single).slice(0, 200)}`)
        const batch = await callBatch(app, admin, path, procedure.type, rest)
        expectNoServerFault(batch.statusCode, batch.body, `${path} batch`)
        const results = batch.json() as ({ error?: TrpcErrorBody['error'] } | TrpcErrorBody)[]
        results.forEach((r, i) => {
          if (!('error' in r) || !r.error) return
          const context = `${path} ${JSON.stringify(rest[i]).slice(0, 200)}`
          expect(r.error.data.httpStatus, `${context}: ${JSON.stringify(r).slice(0, 300)}`).toBeLessThan(500)
          expect(r.error.message.trim().length, context).toBeGreaterThan(0)
        })
      }),
      { numRuns: SHAPED_RUNS, seed: 20_261_207 + path.length },
    )
  })

  it('sent at least 4,000 shaped calls, and ids past 2^31 and 2^53 were among them', () => {
    expect(shapedCalls).toBeGreaterThanOrEqual(4_000)
  })
})

describe('deep nesting is refused with 400 before anything walks it', () => {
  /** The JSON text of `depth` nested arrays, written out (serialising such a value would itself overflow the stack). */
  const nestedText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
  const callRaw = (path: string, type: string, text: string) =>
    type === 'query'
      ? app.inject({ method: 'GET', url: `/trpc/${path}?input=${encodeURIComponent(text)}`, cookies: { leap_session: admin, leap_csrf: CSRF } })
      : app.inject({ method: 'POST', url: `/trpc/${path}`, cookies: { leap_session: admin, leap_csrf: CSRF }, headers: { 'x-csrf-token': CSRF, 'content-type': 'application/json' }, payload: text })

  it.each(withInput.map((p) => [p.path, p] as const))('%s: nested arrays past the limit', async (path, procedure) => {
    for (const depth of [MAX_JSON_DEPTH + 1, 5_000]) {
      const res = await callRaw(path, procedure.type, nestedText(depth))
      expect(res.statusCode, `${path} depth ${depth}: ${res.body.slice(0, 200)}`).toBe(400)
      expect(res.body, `${path} depth ${depth}`).toMatch(/nests deeper than/)
    }
  })

  it('10 KB of 5,000 nested arrays sent to auth.login without a session: 400 naming the rule, not a stack overflow', async () => {
    const payload = `${'['.repeat(5_000)}${']'.repeat(5_000)}`
    const res = await app.inject({ method: 'POST', url: '/trpc/auth.login', cookies: { leap_csrf: CSRF }, headers: { 'x-csrf-token': CSRF, 'content-type': 'application/json' }, payload })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.body).toMatch(/nests deeper than 32 levels/)
    expect(res.json()).toMatchObject({ error: { data: { errorCode: 'INVALID_INPUT', params: { rule: 'depth', maximum: MAX_JSON_DEPTH } } } })
    const query = await app.inject({ method: 'GET', url: `/trpc/auth.me?input=${encodeURIComponent(payload)}` })
    expect(query.statusCode).toBeLessThan(500)
  })

  it('a deep JSON body sent to a plain HTTP route: 400 with the same refusal code, before any handler reads it', async () => {
    const payload = `${'['.repeat(5_000)}${']'.repeat(5_000)}`
    const res = await app.inject({ method: 'POST', url: '/api/reports/indicators/import', cookies: { leap_session: admin, leap_csrf: CSRF }, headers: { 'x-csrf-token': CSRF, 'content-type': 'application/json' }, payload })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ error: expect.stringMatching(/nests deeper than 32 levels/), errorCode: 'INVALID_INPUT', params: { rule: 'depth', maximum: MAX_JSON_DEPTH } })
  })

  it('JSON that does not parse, or a body over the limit, sent to a plain HTTP route: the same 4xx with a refusal code', async () => {
    const send = (payload: string) =>
      app.inject({ method: 'POST', url: '/api/reports/indicators/import', cookies: { leap_session: admin, leap_csrf: CSRF }, headers: { 'x-csrf-token': CSRF, 'content-type': 'application/json' }, payload })
    const broken = await send('{"a":')
    expect(broken.statusCode, broken.body).toBe(400)
    expect(broken.json()).toMatchObject({ errorCode: 'INVALID_INPUT', params: { rule: expect.stringMatching(/^FST_/) } })
    const huge = await send(JSON.stringify({ text: 'x'.repeat(1_100_000) }))
    expect(huge.statusCode, huge.body.slice(0, 200)).toBe(413)
    expect(huge.json()).toMatchObject({ errorCode: 'FILE_TOO_LARGE' })
  })

  it('brackets inside strings do not count as nesting', async () => {
    const round = await database.db.selectFrom('round').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
    const title = `${'['.repeat(200)}${'{'.repeat(200)}`
    const res = await callProcedure(app, admin, 'meeting.create', 'mutation', { roundId: round.id, heldOn: '2025-09-01', title: title.slice(0, 200) })
    expect(res.statusCode, res.body).toBe(200)
  })
})

describe('no spelling of a path escapes the CSRF check', () => {
  const mutations = procedures.filter((p) => p.type === 'mutation')
  /** The router decodes these to /trpc/<path>; a check on the raw URL would miss them. */
  const spellings = (path: string) => [`/%74rpc/${path}`, `/tr%70c/${path}`, `/%54rpc/${path}`.replace('%54', '%74'), `/trpc/%${path.charCodeAt(0).toString(16)}${path.slice(1)}`]

  it.each(mutations.map((p) => [p.path] as const))('POST %s under every spelling without the header: 403', async (path) => {
    for (const url of spellings(path)) {
      const res = await app.inject({ method: 'POST', url, cookies: { leap_session: admin, leap_csrf: CSRF }, headers: { 'content-type': 'application/json' }, payload: '{}' })
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(403)
    }
  })

  it.each(['/%61pi/evidence', '/ap%69/evidence/score', '/ap%69/reports/indicators/import', '/api/%65vidence', '/API/evidence'])('POST %s without the header: 403', async (url) => {
    const res = await app.inject({ method: 'POST', url, cookies: { leap_session: admin, leap_csrf: CSRF }, headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--\r\n' })
    expect(res.statusCode, res.body).toBe(403)
  })
})

describe('multipart framing: every mangling of a valid upload is a 4xx or a whole file, never a 5xx or a part of one', () => {
  it('cut, stripped of its boundary, doubled, or with a byte changed: 4xx, or 201 storing exactly the bytes sent', async () => {
    const manager = await signIn(app, 'tpe-manager')
    const item = await database.db
      .selectFrom('remediationItem')
      .innerJoin('branch', 'branch.id', 'remediationItem.branchId')
      .select('remediationItem.id')
      .where('branch.code', '=', 'TPE')
      .where('remediationItem.status', '=', 'in_progress')
      .orderBy('remediationItem.id')
      .executeTakeFirstOrThrow()
    const boundary = '----hostileFraming'
    const head = (name: string) => Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/pdf\r\n\r\n`)
    const file = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3_000, 0x41)])
    const valid = Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="itemId"\r\n\r\n${item.id}\r\n`), head('a.pdf'), file, Buffer.from(`\r\n--${boundary}--\r\n`)])
    const mangle = fc.oneof(
      fc.integer({ min: 0, max: valid.length - 1 }).map((cut) => ({ body: valid.subarray(0, cut), type: `multipart/form-data; boundary=${boundary}` })),
      fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=other', 'multipart/mixed; boundary=x', 'multipart/form-data; boundary="unterminated').map((type) => ({ body: valid, type })),
      fc.record({ at: fc.integer({ min: 0, max: valid.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) }).map(({ at, byte }) => {
        const body = Buffer.from(valid)
        body[at] = byte
        return { body, type: `multipart/form-data; boundary=${boundary}` }
      }),
      fc.constant({ body: Buffer.concat([valid.subarray(0, valid.length - boundary.length - 8), Buffer.from('\r\n'), head('b.pdf'), file, Buffer.from(`\r\n--${boundary}--\r\n`)]), type: `multipart/form-data; boundary=${boundary}` }),
    )
    let stored = 0
    await fc.assert(
      fc.asyncProperty(mangle, async ({ body, type }) => {
        const before = await database.db.selectFrom('evidenceFile').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
        const res = await app.inject({ method: 'POST', url: '/api/evidence', cookies: { leap_session: manager, leap_csrf: CSRF }, headers: { 'x-csrf-token': CSRF, 'content-type': type }, payload: body })
        expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500)
        const after = await database.db.selectFrom('evidenceFile').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
        if (res.statusCode === 201) {
          stored += 1
          // A changed byte may land inside the file: then that file is stored, whole.
          const row = await database.db.selectFrom('evidenceFile').select(['size']).where('id', '=', (res.json() as { id: number }).id).executeTakeFirstOrThrow()
          expect(row.size).toBe(file.length)
          expect(Number(after.n)).toBe(Number(before.n) + 1)
        } else {
          expect(res.statusCode).toBeGreaterThanOrEqual(400)
          expect(after.n, 'a refused upload stored nothing').toBe(before.n)
        }
      }),
      { numRuns: 300, seed: 20_261_207 },
    )
    expect(stored, 'no mangling left a valid upload: the item cannot take evidence and the property proves nothing').toBeGreaterThan(0)
  })
})

describe('malformed transport', () => {
  const cookies = () => ({ leap_session: admin, leap_csrf: CSRF })
  const headers = { 'x-csrf-token': CSRF, 'content-type': 'application/json' }

  it('a body that is not JSON: 400 with a message', async () => {
    for (const payload of ['{"roundId":', '\u0000\u0001', '{"a":1}}', 'null null']) {
      const res = await app.inject({ method: 'POST', url: '/trpc/inspection.create', cookies: cookies(), headers, payload })
      expect(res.statusCode, payload).toBe(400)
      expect(res.body).toMatch(/"message":"[^"]+/)
    }
  })

  it('an ?input= that is not JSON: 400 with a message', async () => {
    const res = await app.inject({ method: 'GET', url: '/trpc/inspection.byId?input=%7Bid%3A', cookies: cookies() })
    expectNamedRefusal(res, 'bad query input')
    expect(res.statusCode).toBe(400)
  })

  it('an unknown procedure: 404 naming it', async () => {
    const res = await app.inject({ method: 'GET', url: '/trpc/inspection.dropAll', cookies: cookies() })
    const body = expectNamedRefusal(res, 'unknown procedure')
    expect(res.statusCode).toBe(404)
    expect(body.error.message).toContain('inspection.dropAll')
  })

  it('a mutation by GET and a query by POST: 405 with a message', async () => {
    const get = await app.inject({ method: 'GET', url: `/trpc/user.create?input=${encodeURIComponent('{}')}`, cookies: cookies() })
    expectNamedRefusal(get, 'mutation by GET')
    expect(get.statusCode).toBe(405)
    const post = await app.inject({ method: 'POST', url: '/trpc/branch.list', cookies: cookies(), headers, payload: '{}' })
    expectNamedRefusal(post, 'query by POST')
    expect(post.statusCode).toBe(405)
  })
})

describe('oversized requests', () => {
  it('a JSON body over 1 MiB: 413 with a message, before any procedure runs', async () => {
    const before = await database.db.selectFrom('meeting').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    const round = await database.db.selectFrom('round').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
    const res = await callProcedure(app, admin, 'meeting.create', 'mutation', {
      roundId: round.id,
      heldOn: '2025-09-01',
      title: 'oversized',
      minutes: 'x'.repeat(1_100_000),
    })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ errorCode: 'FILE_TOO_LARGE', error: expect.stringMatching(/large|size|limit/i) })
    const after = await database.db.selectFrom('meeting').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })

  it('an evidence upload over 10 MB: 413 with a message', async () => {
    const item = await database.db.selectFrom('remediationItem').select('id').orderBy('id').executeTakeFirstOrThrow()
    const boundary = '----hardening'
    const file = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024 + 10, 0x20)])
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="itemId"\r\n\r\n${item.id}\r\n`),
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.pdf"\r\ncontent-type: application/pdf\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ])
    const manager = await signIn(app, 'tpe-manager')
    const res = await app.inject({
      method: 'POST',
      url: '/api/evidence',
      cookies: { leap_session: manager, leap_csrf: CSRF },
      headers: { 'x-csrf-token': CSRF, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    })
    expect(res.statusCode).toBe(413)
    expect(res.body).toMatch(/MB/)
  })
})

describe('injection strings are stored and returned exactly as entered', () => {
  it('as a meeting title and minutes', async () => {
    const round = await database.db.selectFrom('round').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
    for (const text of INJECTIONS) {
      const created = await callProcedure(app, admin, 'meeting.create', 'mutation', { roundId: round.id, heldOn: '2025-09-01', title: text, minutes: `${text}\n${text}` })
      expect(created.statusCode, created.body).toBe(200)
      expect(created.headers['content-type']).toMatch(/^application\/json/)
      const id = (created.json() as { result: { data: { id: number } } }).result.data.id
      const read = await callProcedure(app, admin, 'meeting.byId', 'query', { id })
      expect(read.statusCode).toBe(200)
      const meeting = (read.json() as { result: { data: { title: string; minutes: string } } }).result.data
      expect(meeting.title).toBe(text)
      expect(meeting.minutes).toBe(`${text}\n${text}`)
    }
  })

  it('as a user display name, read back from the user list', async () => {
    for (const [i, text] of INJECTIONS.entries()) {
      const res = await callProcedure(app, admin, 'user.create', 'mutation', { username: `hostile-${i}`, displayName: text.slice(0, 100), role: 'viewer', password: 'long-enough-password' })
      expect(res.statusCode, res.body).toBe(200)
    }
    const list = await callProcedure(app, admin, 'user.list', 'query', undefined)
    const users = (list.json() as { result: { data: { username: string; displayName: string }[] } }).result.data
    for (const [i, text] of INJECTIONS.entries()) expect(users.find((u) => u.username === `hostile-${i}`)?.displayName).toBe(text.slice(0, 100))
  })

  it('as a member finding on a score sheet', async () => {
    const row = await database.db
      .selectFrom('inspection')
      .innerJoin('branch', 'branch.id', 'inspection.branchId')
      .innerJoin('round', 'round.id', 'inspection.roundId')
      .innerJoin('catalogue', 'catalogue.id', 'round.catalogueId')
      .select(['inspection.id', 'catalogue.data'])
      .where('inspection.status', '=', 'scoring')
      .where('branch.code', '=', 'TPE')
      .executeTakeFirstOrThrow()
    const catalogue = row.data as { dimensions: { criteria: { code: string; tiers: { id: string; points: number }[] }[] }[] }
    const member = await signIn(app, 'member3')
    const mine = await callProcedure(app, member, 'inspection.score.mine', 'query', { inspectionId: row.id })
    const versions = new Map((mine.json() as { result: { data: { criterionCode: string; version: number }[] } }).result.data.map((s) => [s.criterionCode, s.version]))
    const criteria = catalogue.dimensions.flatMap((d) => d.criteria).filter((c) => c.tiers.length > 1)
    for (const [i, text] of INJECTIONS.entries()) {
      const criterion = criteria[i % criteria.length]!
      const res = await callProcedure(app, member, 'inspection.score.save', 'mutation', {
        inspectionId: row.id,
        criterionCode: criterion.code,
        tierId: criterion.tiers.at(-1)!.id,
        finding: text,
        expectedVersion: versions.get(criterion.code) ?? 0,
      })
      expect(res.statusCode, res.body).toBe(200)
      const saved = (res.json() as { result: { data: { finding: string; version: number } } }).result.data
      expect(saved.finding).toBe(text)
      versions.set(criterion.code, saved.version)
    }
    const after = await callProcedure(app, member, 'inspection.score.mine', 'query', { inspectionId: row.id })
    const findings = (after.json() as { result: { data: { finding: string | null }[] } }).result.data.map((s) => s.finding)
    expect(findings).toEqual(expect.arrayContaining(INJECTIONS.slice(-Math.min(INJECTIONS.length, criteria.length))))
  })

  it('no injected statement ran: every table is still there and still answers', async () => {
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from app_user`.execute(database.db)
    expect(Number(rows[0]!.n)).toBeGreaterThan(10)
  })

  it('a NUL character or an unpaired surrogate (text PostgreSQL would refuse or alter) is refused with 400 naming the field', async () => {
    const round = await database.db.selectFrom('round').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
    for (const text of ['nul\u0000inside', 'lone \uD800 surrogate', 'reversed \uDC00\uD800 pair']) {
      const res = await callProcedure(app, admin, 'meeting.create', 'mutation', { roundId: round.id, heldOn: '2025-09-01', title: text })
      expect(res.statusCode, JSON.stringify(text)).toBe(400)
      const body = expectNamedRefusal(res, JSON.stringify(text))
      expect(body.error.data.fieldErrors).toEqual([expect.objectContaining({ path: ['title'] })])
    }
  })
})
