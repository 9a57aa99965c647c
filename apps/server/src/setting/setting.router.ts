import { z } from 'zod'
import { recordAudit } from '../audit/audit.repository.js'
import { MAX_INT4 } from '../db/row-id.js'
import { adminProcedure, agencyProcedure, router } from '../trpc/init.js'
import { refuse, versionConflict } from '../trpc/refusal.js'
import { listSettings, SETTING_DEFINITIONS, SETTING_KEYS, writeSetting, type SettingKey } from './setting.repository.js'

const settingKey = z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]])

export const settingRouter = router({
  /** Every setting with the value in force, its default, version and who changed it last (agency admin and viewer). */
  list: agencyProcedure.query(({ ctx }) => listSettings(ctx.db)),

  /**
   * Changes one setting (agency admin). `value` must fit the setting's rule (BAD_REQUEST naming
   * `value` with `minimum`/`maximum` otherwise); `expectedVersion` is the version read (0: still the
   * default), CONFLICT with the current setting when someone changed it since. Audited with the
   * value before and after. Returns the setting as now stored.
   */
  update: adminProcedure
    .input(z.object({ key: settingKey, value: z.unknown(), expectedVersion: z.number().int().min(0).max(MAX_INT4) }))
    .mutation(({ ctx, input }) => {
      const definition = SETTING_DEFINITIONS[input.key]
      const parsed = definition.schema.safeParse(input.value)
      if (!parsed.success) {
        const rule = { key: input.key, minimum: definition.min, maximum: definition.max }
        throw refuse('BAD_REQUEST', 'INVALID_INPUT', rule, `setting ${input.key}: a whole number from ${definition.min} to ${definition.max}`, [{ path: ['value'] }])
      }
      return ctx.db.transaction().execute(async (trx) => {
        const before = (await listSettings(trx)).find((s) => s.key === input.key)!
        const version = await writeSetting(trx, { key: input.key, value: parsed.data, expectedVersion: input.expectedVersion, by: ctx.user.id, now: ctx.now() })
        if (version === null) throw versionConflict(`setting ${input.key}`, before)
        await recordAudit(trx, ctx, {
          action: 'setting.update',
          entity: 'app_setting',
          entityId: input.key,
          before: { [input.key]: before.value },
          after: { [input.key]: parsed.data },
        })
        return (await listSettings(trx)).find((s) => s.key === input.key)!
      })
    }),
})
