import type { TRPC_ERROR_CODE_KEY } from '@trpc/server'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.js'
import type { FixtureUsers } from '../../test/fixtures.js'

/** The callers the access matrix tries on every procedure. */
export type MatrixRole = 'anonymous' | 'admin' | 'viewer' | 'convener' | 'member' | 'secretary' | 'manager' | 'staff'

export const MATRIX_ROLES: readonly MatrixRole[] = ['anonymous', 'admin', 'viewer', 'convener', 'member', 'secretary', 'manager', 'staff']

/** Every signed-in role: what a procedure any account may call lists as `allowed` when it is branch-scoped. */
export const SIGNED_IN_ROLES = ['admin', 'viewer', 'convener', 'member', 'secretary', 'manager', 'staff'] as const satisfies readonly MatrixRole[]

/** A freshly reset database with one user per role (branch users of `ownBranchId`, TPE). */
export interface MatrixWorld {
  db: Kysely<Database>
  users: FixtureUsers
  /** TPE: the branch of `users.manager` and `users.staff`. */
  ownBranchId: number
  /** ILA: a branch the branch users must not see. */
  otherBranchId: number
}

/** Where the record a sample refers to should live, and who is about to call. */
export interface SampleTarget {
  branchId: number
  role: MatrixRole
}

/**
 * What the access matrix (src/access/access-matrix.test.ts) expects of one procedure.
 * The router implements access; this entry states it independently so the test can check it.
 */
export interface ProcedurePolicy {
  /**
   * Who may call: `anyone` (anonymous too), `signedIn` (every signed-in role — self-service such
   * as `auth.logout`), or a list of roles. Every other caller gets UNAUTHORIZED (anonymous) or
   * `deniedCode`. A mutation's list must not contain `viewer`.
   */
  allowed: 'anyone' | 'signedIn' | readonly MatrixRole[]
  /**
   * True when the procedure reads or changes one branch's record: then `manager`/`staff` of TPE
   * asking for a record of ILA must get NOT_FOUND (never FORBIDDEN), whatever their role allows.
   */
  branchScoped?: boolean
  /**
   * A valid input. Called once per call (fresh rows each time, so mutations can succeed for every
   * allowed role); create the rows it needs in `world.db`, in `target.branchId` when branch-scoped.
   * Committee roles: put `world.users.convener`/`member`/`secretary` on the round's roster here.
   * Omit for procedures without input.
   */
  sampleInput?: (world: MatrixWorld, target: SampleTarget) => unknown
  /** Code for signed-in roles outside `allowed` (default FORBIDDEN). */
  deniedCode?: 'FORBIDDEN' | 'NOT_FOUND'
  /**
   * Errors an allowed caller may still get with the sample (e.g. PRECONDITION_FAILED when the
   * sample's state does not suit every role). Default: none — allowed calls must succeed.
   */
  okCodes?: readonly TRPC_ERROR_CODE_KEY[]
}

/** One router's entries, keyed by full procedure path (`auth.login`). Export it as `policy` from `<noun>.policy.ts`. */
export type PolicyMap = Record<string, ProcedurePolicy>
