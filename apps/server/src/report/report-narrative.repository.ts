import type { Kysely } from 'kysely'
import type { Database } from '../db/database.js'

type Db = Kysely<Database>

/** Which results report: a branch, a ROC year, report 1 (1–6月) or 2 (1–12月). */
export interface ReportKey {
  branchId: number
  rocYear: number
  report: 1 | 2
}

/** The stored narrative sections of a report, by section key (sections never saved are absent). */
export async function listNarratives(db: Db, key: ReportKey): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('reportNarrative')
    .select(['sectionKey', 'text'])
    .where('branchId', '=', key.branchId)
    .where('rocYear', '=', key.rocYear)
    .where('report', '=', key.report)
    .execute()
  return Object.fromEntries(rows.map((r) => [r.sectionKey, r.text]))
}

/** Inserts or replaces the given sections; others stay as they were. */
export async function saveNarratives(db: Db, key: ReportKey, sections: Record<string, string>, userId: number, now: Date): Promise<void> {
  const entries = Object.entries(sections)
  if (entries.length === 0) return
  await db
    .insertInto('reportNarrative')
    .values(entries.map(([sectionKey, text]) => ({ ...key, sectionKey, text, updatedBy: userId, updatedAt: now })))
    .onConflict((oc) =>
      oc.columns(['branchId', 'rocYear', 'report', 'sectionKey']).doUpdateSet((eb) => ({
        text: eb.ref('excluded.text'),
        updatedBy: eb.ref('excluded.updatedBy'),
        updatedAt: eb.ref('excluded.updatedAt'),
      })),
    )
    .execute()
}
