import type { Kysely } from 'kysely'
import type { AuditContext } from '../audit/audit.repository.js'
import type { Database } from '../db/database.js'
import { versionedUpsertMany } from '../db/versioned-write.js'

type Db = Kysely<Database>

/** Which results report: a branch, a ROC year, report 1 (1–6月) or 2 (1–12月). */
export interface ReportKey {
  branchId: number
  rocYear: number
  report: 1 | 2
}

/** A stored narrative section: its text and version. */
export interface StoredNarrative {
  sectionKey: string
  text: string
  version: number
}

/** The stored narrative sections of a report, by section key (sections never saved are absent). */
export async function listNarrativeSections(db: Db, key: ReportKey, sectionKeys?: readonly string[]): Promise<Record<string, StoredNarrative>> {
  let query = db
    .selectFrom('reportNarrative')
    .select(['sectionKey', 'text', 'version'])
    .where('branchId', '=', key.branchId)
    .where('rocYear', '=', key.rocYear)
    .where('report', '=', key.report)
  if (sectionKeys) query = query.where('sectionKey', 'in', sectionKeys.length ? [...sectionKeys] : [''])
  const rows = await query.execute()
  return Object.fromEntries(rows.map((r) => [r.sectionKey, r]))
}

/** The stored narrative texts of a report, by section key (sections never saved are absent). */
export async function listNarratives(db: Db, key: ReportKey): Promise<Record<string, string>> {
  return Object.fromEntries(Object.entries(await listNarrativeSections(db, key)).map(([k, v]) => [k, v.text]))
}

/**
 * Saves the given sections through the versioned-write path (others unchanged): each with the
 * version it was edited from (0: the section was never saved). A section saved by someone else
 * since refuses them all with VERSION_CONFLICT and the current sections; one audit entry per section.
 */
export async function saveNarratives(
  trx: Db,
  ctx: AuditContext,
  key: ReportKey,
  sections: Record<string, { text: string; expectedVersion: number }>,
  userId: number,
  at: Date,
): Promise<StoredNarrative[]> {
  const entries = Object.entries(sections)
  return versionedUpsertMany<StoredNarrative>(trx, ctx, {
    table: 'report_narrative',
    entity: 'report_narrative',
    fixed: { branch_id: key.branchId, roc_year: key.rocYear, report: key.report },
    keyColumn: 'section_key',
    columns: { text: 'text', updatedBy: 'integer' },
    rows: entries.map(([sectionKey, s]) => ({ key: sectionKey, expectedVersion: s.expectedVersion, values: { text: s.text, updatedBy: userId } })),
    at,
    toRow: (raw) => ({ sectionKey: String(raw.sectionKey), text: String(raw.text), version: Number(raw.version) }),
    findCurrent: async (db, keys) => Object.values(await listNarrativeSections(db, key, keys)),
    keyOf: (row) => row.sectionKey,
    audit: (rows) =>
      rows.map((row) => ({
        action: 'report.narrative.save',
        entity: 'report_narrative',
        entityId: `${key.branchId}/${key.rocYear}/${key.report}/${row.sectionKey}`,
        branchId: key.branchId,
        after: row,
      })),
  })
}
