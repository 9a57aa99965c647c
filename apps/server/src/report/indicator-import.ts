import { rocToIso } from '@leap/domain'
import type { ImportProblem, IndicatorData } from '@leap/reports'
import { recordAudit } from '../audit/audit.repository.js'
import { listBranches } from '../branch/branch.repository.js'
import { findPhoneTest, insertPhoneTests, listSurveyTallies, updatePhoneTest, upsertSurveyTallies, type NewSurveyTally } from '../indicator/indicator.repository.js'
import { findObjection, insertObjections, updateObjection } from '../indicator/objection.repository.js'
import type { Context, SessionUser } from '../trpc/context.js'

/** What an import saved: tallies written, phone tests and objections added or changed (rows equal to the stored ones are not counted). */
export interface IndicatorImportSaved {
  surveys: number
  phoneTests: number
  /** 聲明異議 added or changed. */
  objections: number
  /** Rows identical to what is stored: left alone, versions unchanged. */
  unchanged: number
}

export type IndicatorImportOutcome = { ok: true; saved: IndicatorImportSaved } | { ok: false; status: 400 | 409; problems: ImportProblem[] }

const PHONE_SHEET = '電話禮貌測試'
const OBJECTION_SHEET = '聲明異議'

/** A phone-test or objection row of an import whose record changed after the export (thrown inside the import's transaction). */
class StaleImportRow extends Error {
  constructor(
    readonly sheet: string,
    readonly position: number,
    readonly id: number,
  ) {
    super(`${sheet} row ${id} changed since the export`)
  }
}

function staleRowMessage(position: number, id: number, current: number | null): string {
  const now = current === null ? '' : `（目前為第 ${current} 版）`
  return `第 ${position} 筆資料（編號 ${id}）已於匯出後被修改${now}，為免覆蓋該修正，未匯入任何資料；請重新匯出後再修改 (changed since the export: export again, then edit)`
}

function lastDayOfMonth(firstDay: string): string {
  const [y, m] = firstDay.split('-').map(Number) as [number, number]
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return `${firstDay.slice(0, 8)}${String(last).padStart(2, '0')}`
}

/**
 * The stored records of the rows an import names by 編號 (phone tests, objections), by id. A row
 * whose 編號 is not a record of its branch is UNKNOWN_ROW, one exported at an older 版本 STALE_ROW
 * (pushed to `problems`); rows of a refused branch (`branchId` undefined) were refused already.
 */
async function namedRows<Row extends { branchId: number; version: number }>(
  rows: readonly { id: number | null; version: number | null; branchId: number | undefined }[],
  find: (id: number) => Promise<Row | undefined>,
  sheet: string,
  what: { zh: string; en: string },
  problems: ImportProblem[],
): Promise<Map<number, Row>> {
  const stored = new Map<number, Row>()
  for (const { id } of rows) {
    if (id === null || stored.has(id)) continue
    const row = await find(id)
    if (row) stored.set(id, row)
  }
  rows.forEach(({ id, version, branchId }, k) => {
    if (id === null || branchId === undefined) return
    const row = stored.get(id)
    if (row?.branchId !== branchId) {
      problems.push({ sheet, row: null, column: '編號', rule: 'UNKNOWN_ROW', message: `第 ${k + 1} 筆資料的編號 ${id} 不是該分署的${what.zh} (no such ${what.en} of that branch; leave 編號 blank to add one)` })
    } else if (row.version !== version) {
      problems.push({ sheet, row: null, column: '版本', rule: 'STALE_ROW', message: staleRowMessage(k + 1, id, row.version) })
    }
  })
  return stored
}

/**
 * Writes the rows an import names by 編號 whose values differ from the stored record (`change`:
 * the row's values under the record's field names); a row equal to it is left alone (counted in
 * `unchanged`). Only the version that was exported is written: `write` answering nothing (a correction saved
 * since the check) throws {@link StaleImportRow}, so nothing of the import is saved.
 */
async function updateNamedRows<T extends { id: number | null; version: number | null }, Row extends object, Change extends Partial<Row>>(
  rows: readonly T[],
  stored: ReadonlyMap<number, Row>,
  sheet: string,
  change: (row: T) => Change,
  write: (id: number, version: number, change: Change, stored: Row) => Promise<unknown>,
): Promise<{ ids: number[]; unchanged: number }> {
  const ids: number[] = []
  let unchanged = 0
  for (const [k, row] of rows.entries()) {
    if (row.id === null) continue
    const before = stored.get(row.id)!
    const values = change(row)
    if ((Object.keys(values) as (keyof Change & keyof Row)[]).every((key) => (before[key] as unknown) === values[key])) {
      unchanged += 1
      continue
    }
    if (!(await write(row.id, row.version!, values, before))) throw new StaleImportRow(sheet, k + 1, row.id)
    ids.push(row.id)
  }
  return { ids, unchanged }
}

type PhoneRow = IndicatorData['phoneTests'][number]
type ObjectionRow = IndicatorData['objections'][number]

/** A phone-test row's values under the record's names (phone_test has no unit column: the results report prints `note` as the unit tested). */
const phoneValues = (p: PhoneRow) => ({ testedOn: p.testedOn, person: p.person, extension: p.extension || null, total: p.score, note: p.unit || null })

/** An objection row's values under the record's names. */
const objectionValues = (o: ObjectionRow) => ({ receivedOn: o.receivedOn, finding: o.finding, correctedOn: o.correctedOn, forwardedOn: o.forwardedOn, decidedOn: o.decidedOn, subject: o.subject })

const sameCounts = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i])

/**
 * Saves a parsed indicator workbook, all or nothing, in one audited transaction. Rows of branches
 * the user may not import for, 編號 of another branch's test or objection and rows exported at an older 版本 are
 * refused (400, every problem named). A row equal to what is stored — an unchanged export imported
 * again — is a no-op: no write, no new version. Tallies are replaced (same branch, month, form and
 * question); phone rows with a 編號 update that test (component scores kept while the total stands),
 * objection rows (聲明異議) with a 編號 update that objection, the rest are added.
 */
export async function importIndicatorData(ctx: Context & { user: SessionUser }, data: IndicatorData, fileName: string): Promise<IndicatorImportOutcome> {
  const branches = await listBranches(ctx.db)
  const idOf = new Map(branches.map((b) => [b.code, b.id]))
  const problems: ImportProblem[] = []
  const allowed = (code: string, sheet: string, n: number) => {
    const id = idOf.get(code)
    const mine = ctx.user.agencyRole === 'admin' || id === ctx.user.branchId
    if (id === undefined || !mine) {
      problems.push({ sheet, row: null, column: '分署代碼', rule: 'UNKNOWN_BRANCH', message: `第 ${n} 筆資料的分署代碼「${code}」不是可匯入的分署 (not a branch you may import for)` })
    }
    return id
  }
  const surveys = data.surveys.map((s, k) => ({ s, branchId: allowed(s.branchCode, '問卷統計', k + 1) }))
  const phones = data.phoneTests.map((p, k) => ({ p, branchId: allowed(p.branchCode, PHONE_SHEET, k + 1) }))
  const objectionRows = data.objections.map((o, k) => ({ o, branchId: allowed(o.branchCode, OBJECTION_SHEET, k + 1) }))
  const existing = await namedRows(phones.map(({ p, branchId }) => ({ ...p, branchId })), (id) => findPhoneTest(ctx.db, id), PHONE_SHEET, { zh: '電話禮貌測試', en: 'test' }, problems)
  // 聲明異議 with 編號: the same rules as phone tests (that branch's row, still at the exported 版本).
  const storedObjections = await namedRows(objectionRows.map(({ o, branchId }) => ({ ...o, branchId })), (id) => findObjection(ctx.db, id), OBJECTION_SHEET, { zh: '聲明異議', en: 'objection' }, problems)
  if (problems.length) return { ok: false, status: 400, problems }

  const tallies: NewSurveyTally[] = surveys.map(({ s, branchId }) => {
    const start = rocToIso({ rocYear: s.rocYear, month: s.month, day: 1 })
    return {
      branchId: branchId!,
      periodStart: start,
      periodEnd: lastDayOfMonth(start),
      surveyKind: s.surveyKind,
      question: s.question,
      scale: s.scale,
      indicator: s.indicator,
      counts: s.counts,
      invalid: s.invalid,
      createdBy: ctx.user.id,
    }
  })
  try {
    const saved = await ctx.db.transaction().execute(async (trx) => {
      // Tallies equal to the stored one of the same key are left alone (their version stays).
      const storedTallies = new Map<string, { scale: string; indicator: string | null; counts: number[]; invalid: number }>()
      for (const branchId of new Set(tallies.map((t) => t.branchId))) {
        const mine = tallies.filter((t) => t.branchId === branchId)
        const from = mine.reduce((min, t) => (t.periodStart < min ? t.periodStart : min), mine[0]!.periodStart)
        const to = mine.reduce((max, t) => (t.periodEnd > max ? t.periodEnd : max), mine[0]!.periodEnd)
        for (const t of await listSurveyTallies(trx, branchId, { from, to })) storedTallies.set(JSON.stringify([t.branchId, t.periodStart, t.periodEnd, t.surveyKind, t.question]), t)
      }
      const changedTallies = tallies.filter((t) => {
        const stored = storedTallies.get(JSON.stringify([t.branchId, t.periodStart, t.periodEnd, t.surveyKind, t.question]))
        return !stored || stored.scale !== t.scale || stored.indicator !== t.indicator || stored.invalid !== t.invalid || !sameCounts(stored.counts, t.counts)
      })
      const tallyIds = await upsertSurveyTallies(trx, changedTallies)
      const phoneIds = await insertPhoneTests(
        trx,
        phones.filter(({ p }) => p.id === null).map(({ p, branchId }) => ({ branchId: branchId!, ...phoneValues(p), components: {}, createdBy: ctx.user.id })),
      )
      // Component scores are not in the template: kept while the total stands, dropped when it changes.
      const phoneUpdates = await updateNamedRows(
        phones.map(({ p }) => p),
        existing,
        PHONE_SHEET,
        phoneValues,
        (id, version, change, stored) => updatePhoneTest(trx, id, version, { ...change, ...(stored.total !== change.total ? { components: {} } : {}) }, ctx.now()),
      )
      const objectionIds = await insertObjections(
        trx,
        objectionRows.filter(({ o }) => o.id === null).map(({ o, branchId }) => ({ branchId: branchId!, ...objectionValues(o), createdBy: ctx.user.id })),
      )
      const objectionUpdates = await updateNamedRows(
        objectionRows.map(({ o }) => o),
        storedObjections,
        OBJECTION_SHEET,
        objectionValues,
        (id, version, change) => updateObjection(trx, id, version, change, ctx.now()),
      )
      const touched = [...new Set([...surveys, ...phones, ...objectionRows].map((r) => r.branchId!))]
      const unchanged = tallies.length - changedTallies.length + phoneUpdates.unchanged + objectionUpdates.unchanged
      await recordAudit(trx, ctx, {
        action: 'indicator.import',
        entity: 'indicator_import',
        entityId: fileName.slice(0, 200),
        branchId: touched.length === 1 ? touched[0]! : null,
        after: { surveys: tallyIds.length, phoneTests: phoneIds.length, phoneTestsUpdated: phoneUpdates.ids, objections: objectionIds.length, objectionsUpdated: objectionUpdates.ids, unchanged, branches: touched },
      })
      return { surveys: tallyIds.length, phoneTests: phoneIds.length + phoneUpdates.ids.length, objections: objectionIds.length + objectionUpdates.ids.length, unchanged }
    })
    return { ok: true, saved }
  } catch (error) {
    if (!(error instanceof StaleImportRow)) throw error
    // Changed between the check and the update: nothing was saved (the transaction rolled back).
    return { ok: false, status: 409, problems: [{ sheet: error.sheet, row: null, column: '版本', rule: 'STALE_ROW', message: staleRowMessage(error.position, error.id, null) }] }
  }
}
