import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '../db/database.js'
import { writeKeyed } from '../db/guarded-update.js'

/**
 * Every setting the agency changes in the app: its schema (what a stored or submitted value must
 * be) and its default (what applies while nobody has changed it). Add a setting by adding an entry
 * here; `getSettings` and `setting.list`/`setting.update` pick it up. Keys are camelCase English;
 * the admin words them in its i18n files.
 *
 * - `remediationDueDays` (default 90): calendar days from a remediation item's creation to the due
 *   date the admin proposes for it; 1–730.
 * - `dueSoonDays` (default 14): an open item whose due date is at most this many days away counts
 *   as due soon (reminders, "my work"); 1–90.
 */
export const SETTING_DEFINITIONS = {
  remediationDueDays: integerSetting(1, 730, 90),
  dueSoonDays: integerSetting(1, 90, 14),
} as const

/** A whole-number setting from `min` to `max` (inclusive): the schema, the bounds (for the admin's input) and the default. */
function integerSetting(min: number, max: number, defaultValue: number) {
  return { kind: 'integer' as const, min, max, defaultValue, schema: z.number().int().min(min).max(max) }
}

export type SettingKey = keyof typeof SETTING_DEFINITIONS
export type Settings = { [K in SettingKey]: z.infer<(typeof SETTING_DEFINITIONS)[K]['schema']> }

export const SETTING_KEYS = Object.keys(SETTING_DEFINITIONS) as SettingKey[]

/** The defaults, as `getSettings` returns them on an empty table. */
export function defaultSettings(): Settings {
  return Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTING_DEFINITIONS[k].defaultValue])) as Settings
}

/** One setting as the admin sees it: value in force, default, and who changed it last. */
export interface SettingRecord<K extends SettingKey = SettingKey> {
  key: K
  value: Settings[K]
  defaultValue: Settings[K]
  /** The rule a value must meet: a whole number from `min` to `max`. */
  kind: 'integer'
  min: number
  max: number
  /** 0 while the default applies (no row yet). */
  version: number
  updatedAt: Date | null
  updatedBy: number | null
  updatedByName: string | null
}

/**
 * Every setting with its stored value or, without a row (or with a row its schema no longer
 * accepts), its default. Never throws on stored data.
 * @example const { remediationDueDays } = await getSettings(db) // 90 until the agency changes it
 */
export async function getSettings(db: Kysely<Database>): Promise<Settings> {
  const records = await listSettings(db)
  return Object.fromEntries(records.map((r) => [r.key, r.value])) as Settings
}

/** One setting's value in force (see `getSettings`). */
export async function getSetting<K extends SettingKey>(db: Kysely<Database>, key: K): Promise<Settings[K]> {
  return (await getSettings(db))[key]
}

/** Every setting in definition order, for the settings screen. */
export async function listSettings(db: Kysely<Database>): Promise<SettingRecord[]> {
  const rows = await db
    .selectFrom('appSetting')
    .leftJoin('appUser', 'appUser.id', 'appSetting.updatedBy')
    .select(['appSetting.key', 'appSetting.value', 'appSetting.version', 'appSetting.updatedAt', 'appSetting.updatedBy', 'appUser.displayName as updatedByName'])
    .execute()
  return SETTING_KEYS.map((key) => {
    const definition = SETTING_DEFINITIONS[key]
    const row = rows.find((r) => r.key === key)
    const parsed = row ? definition.schema.safeParse(row.value) : null
    return {
      key,
      value: parsed?.success ? parsed.data : definition.defaultValue,
      defaultValue: definition.defaultValue,
      kind: definition.kind,
      min: definition.min,
      max: definition.max,
      version: row?.version ?? 0,
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
      updatedByName: row?.updatedByName ?? null,
    }
  })
}

/**
 * Stores a setting's value (already validated by the caller against its schema) if its version is
 * still `expectedVersion` (0: no row yet). Returns the new version, or null when stale — someone
 * changed it since it was read. Call inside the transaction that audits the change.
 */
export async function writeSetting(
  db: Kysely<Database>,
  change: { key: SettingKey; value: unknown; expectedVersion: number; by: number; now: Date },
): Promise<number | null> {
  const value = JSON.stringify(change.value)
  return writeKeyed(db, 'appSetting', { column: 'key', value: change.key }, change.expectedVersion, { value, updatedBy: change.by }, change.now)
}
