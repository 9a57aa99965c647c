import { z } from 'zod'
import { assertBranchVisible, notFound } from '../access/branch-scope.js'
import { recordAudit } from '../audit/audit.repository.js'
import { rowId } from '../db/row-id.js'
import { adminProcedure, authedProcedure, router } from '../trpc/init.js'
import { fieldRefusal, isUniqueViolation } from '../user/field-refusal.js'
import { branchExists, findUnit, findUnitByName, insertUnit, listUnits, updateUnit, type UnitRecord } from './unit.repository.js'

/** A unit name: trimmed, 1–50 characters (e.g. 執行一科). */
const unitName = z.string().trim().min(1).max(50)

function snapshot(unit: UnitRecord) {
  return { name: unit.name, retiredAt: unit.retiredAt }
}

/** Refuses a name another unit of the branch (retired or not) already has: CONFLICT DUPLICATE on `name`. */
async function assertNameFree(db: Parameters<typeof findUnitByName>[0], branchId: number, name: string, exceptId?: number): Promise<void> {
  const other = await findUnitByName(db, branchId, name, exceptId)
  if (other) throw fieldRefusal('CONFLICT', 'DUPLICATE', 'name', `unit name ${name} already used in this branch`, { retired: other.retiredAt !== null })
}

function mapDuplicateName(error: unknown): never {
  if (isUniqueViolation(error, 'unit_branch_name_key')) throw fieldRefusal('CONFLICT', 'DUPLICATE', 'name', 'unit name already used in this branch')
  throw error
}

export const unitRouter = router({
  /**
   * A branch's units (承辦單位), in use first then retired (with `includeRetired`), each with how many
   * items use it. Agency and committee users: any branch; branch users only their own (NOT_FOUND otherwise).
   * Without `includeRetired`: the choices for a new item.
   */
  list: authedProcedure
    .input(z.object({ branchId: rowId, includeRetired: z.boolean().default(false) }))
    .query(({ ctx, input }) => {
      // Unit names are no secret to the agency or the committee (whose convener assigns them at
      // sign-off); a branch user sees only their own branch, like every branch record.
      if (ctx.user.branchRole !== null) assertBranchVisible(ctx.user, input.branchId)
      return listUnits(ctx.db, input.branchId, { includeRetired: input.includeRetired })
    }),

  /** Adds a unit to a branch (agency admin). Refuses an unknown branch (`branchId`) and a name used in that branch (`name`). */
  create: adminProcedure.input(z.object({ branchId: rowId, name: unitName })).mutation(({ ctx, input }) =>
    ctx.db
      .transaction()
      .execute(async (trx) => {
        if (!(await branchExists(trx, input.branchId))) {
          throw fieldRefusal('BAD_REQUEST', 'UNKNOWN_BRANCH', 'branchId', 'no such branch', { branchId: input.branchId })
        }
        await assertNameFree(trx, input.branchId, input.name)
        const id = await insertUnit(trx, input)
        const unit = (await findUnit(trx, id))!
        await recordAudit(trx, ctx, { action: 'unit.create', entity: 'unit', entityId: id, branchId: input.branchId, after: snapshot(unit) })
        return unit
      })
      .catch(mapDuplicateName),
  ),

  /** Renames a unit (agency admin); its items follow, since they refer to the unit. Refuses a name used in the branch. */
  rename: adminProcedure.input(z.object({ id: rowId, name: unitName })).mutation(({ ctx, input }) =>
    ctx.db
      .transaction()
      .execute(async (trx) => {
        const before = await findUnit(trx, input.id)
        if (!before) throw notFound()
        if (before.name === input.name) return before
        await assertNameFree(trx, before.branchId, input.name, input.id)
        await updateUnit(trx, input.id, { name: input.name })
        const after = (await findUnit(trx, input.id))!
        await recordAudit(trx, ctx, { action: 'unit.rename', entity: 'unit', entityId: input.id, branchId: before.branchId, before: snapshot(before), after: snapshot(after) })
        return after
      })
      .catch(mapDuplicateName),
  ),

  /**
   * Retires a unit (agency admin): no longer offered for new items; items already assigned keep
   * it. Retiring a retired unit changes nothing.
   */
  retire: adminProcedure.input(z.object({ id: rowId })).mutation(({ ctx, input }) =>
    ctx.db.transaction().execute(async (trx) => {
      const before = await findUnit(trx, input.id)
      if (!before) throw notFound()
      if (before.retiredAt) return before
      await updateUnit(trx, input.id, { retiredAt: ctx.now() })
      const after = (await findUnit(trx, input.id))!
      await recordAudit(trx, ctx, { action: 'unit.retire', entity: 'unit', entityId: input.id, branchId: before.branchId, before: snapshot(before), after: snapshot(after) })
      return after
    }),
  ),

  /** Puts a retired unit back in use (agency admin). */
  restore: adminProcedure.input(z.object({ id: rowId })).mutation(({ ctx, input }) =>
    ctx.db.transaction().execute(async (trx) => {
      const before = await findUnit(trx, input.id)
      if (!before) throw notFound()
      if (!before.retiredAt) return before
      await updateUnit(trx, input.id, { retiredAt: null })
      const after = (await findUnit(trx, input.id))!
      await recordAudit(trx, ctx, { action: 'unit.restore', entity: 'unit', entityId: input.id, branchId: before.branchId, before: snapshot(before), after: snapshot(after) })
      return after
    }),
  ),
})
