import { TRPCError } from '@trpc/server'
import { describe, expect, it } from 'vitest'
import { callerFor, createFixtureUsers } from '../test/fixtures.js'
import { resetDatabase, useTestDatabase } from '../test/test-database.js'
import { appRouter } from '../trpc/app-router.js'
import type { SessionUser } from '../trpc/context.js'
import { MATRIX_ROLES, type MatrixRole, type MatrixWorld, type PolicyMap, type ProcedurePolicy } from './matrix/access-spec.js'

declare global {
  interface ImportMeta {
    glob<T>(pattern: string, options: { eager: true }): Record<string, T>
  }
}

// Every router's access spec (a test fixture, access/matrix/<noun>.access-spec.ts), found by name:
// adding a router never means editing this test.
const modules = import.meta.glob<{ policy?: PolicyMap }>('./matrix/*.access-spec.ts', { eager: true })
const policies = new Map<string, ProcedurePolicy>()
const duplicates: string[] = []
for (const [file, module] of Object.entries(modules)) {
  for (const [path, entry] of Object.entries(module.policy ?? {})) {
    if (policies.has(path)) duplicates.push(`${path} (again in ${file})`)
    policies.set(path, entry)
  }
}

interface ProcedureLike {
  _def: { type: 'query' | 'mutation' | 'subscription' }
}
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureLike>).map(([path, p]) => ({ path, type: p._def.type }))

type Outcome = 'ok' | TRPCError['code'] | 'NON_TRPC_ERROR'

const database = useTestDatabase({ reset: 'never' })

async function freshWorld(): Promise<MatrixWorld> {
  await resetDatabase(database)
  const users = await createFixtureUsers(database.db)
  return { db: database.db, users, ownBranchId: users.branchIds.TPE!, otherBranchId: users.branchIds.ILA! }
}

function userFor(world: MatrixWorld, role: MatrixRole): SessionUser | null {
  return role === 'anonymous' ? null : world.users[role]
}

async function call(user: SessionUser | null, path: string, input: unknown): Promise<{ outcome: Outcome; detail: string }> {
  let target: unknown = callerFor(database, user)
  for (const key of path.split('.')) target = (target as Record<string, unknown>)[key]
  try {
    await (target as (input: unknown) => Promise<unknown>)(input)
    return { outcome: 'ok', detail: '' }
  } catch (error) {
    if (error instanceof TRPCError) return { outcome: error.code, detail: error.message }
    return { outcome: 'NON_TRPC_ERROR', detail: String(error) }
  }
}

function isAllowed(policy: ProcedurePolicy, role: MatrixRole): boolean {
  if (policy.allowed === 'anyone') return true
  if (policy.allowed === 'signedIn') return role !== 'anonymous'
  return policy.allowed.includes(role)
}

describe('access matrix', () => {
  it('every procedure has exactly one policy entry, and no entry names a missing procedure', () => {
    const paths = new Set(procedures.map((p) => p.path))
    expect({
      missing: procedures.filter((p) => !policies.has(p.path)).map((p) => p.path),
      stale: [...policies.keys()].filter((path) => !paths.has(path)),
      duplicates,
    }).toEqual({ missing: [], stale: [], duplicates: [] })
  })

  it('finds the routers of every helper', () => {
    expect(procedures.length).toBeGreaterThanOrEqual(12)
    expect(procedures.map((p) => p.path)).toEqual(expect.arrayContaining(['auth.login', 'user.create', 'audit.list']))
  })

  describe.each(procedures)('$path ($type)', ({ path, type }) => {
    it('answers anonymous, admin, viewer, committee and branch users as its policy says', async () => {
      const policy = policies.get(path)
      if (!policy) throw new Error(`no policy entry for ${path}: add it to src/<noun>/<noun>.policy.ts (see SERVER-PLAN.md, Access matrix)`)
      if (type === 'mutation' && Array.isArray(policy.allowed)) expect(policy.allowed, 'a viewer never mutates').not.toContain('viewer')

      const world = await freshWorld()
      const mismatches: string[] = []
      for (const role of MATRIX_ROLES) {
        const input = await policy.sampleInput?.(world, { branchId: world.ownBranchId, role })
        const { outcome, detail } = await call(userFor(world, role), path, input)
        let expected: Outcome[]
        if (isAllowed(policy, role)) expected = ['ok', ...(policy.okCodes ?? [])]
        else if (role === 'anonymous') expected = ['UNAUTHORIZED']
        else if (role === 'viewer' && type === 'mutation') expected = ['FORBIDDEN']
        else expected = [policy.deniedCode ?? 'FORBIDDEN']
        if (!expected.includes(outcome)) mismatches.push(`${role}: expected ${expected.join('|')}, got ${outcome} ${detail}`)
      }
      if (policy.branchScoped) {
        for (const role of ['manager', 'staff'] as const) {
          const input = await policy.sampleInput?.(world, { branchId: world.otherBranchId, role })
          const { outcome, detail } = await call(userFor(world, role), path, input)
          if (outcome !== 'NOT_FOUND') mismatches.push(`${role} on another branch's record: expected NOT_FOUND, got ${outcome} ${detail}`)
        }
      }
      expect(mismatches).toEqual([])
    })
  })
})
