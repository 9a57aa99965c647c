import { rocToIso } from '@leap/domain'
import type { ImportProblem, IndicatorData } from '@leap/reports'
import { recordAudit } from '../audit/audit.repository.js'
import { listBranches } from '../branch/branch.repository.js'
import { findPhoneTest, insertPhoneTests, listSurveyTallies, updatePhoneTest, upsertSurveyTallies, type NewSurveyTally, type PhoneTest } from '../indicator/indicator.repository.js'
import { findObjection, insertObjections, updateObjection, type Objection } from '../indicator/objection.repository.js'
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
  const existing = new Map<number, PhoneTest>()
  for (const { p } of phones) {
    if (p.id === null || existing.has(p.id)) continue
    const row = await findPhoneTest(ctx.db, p.id)
    if (row) existing.set(p.id, row)
  }
  phones.forEach(({ p, branchId }, k) => {
    if (p.id === null || branchId === undefined) return
    const stored = existing.get(p.id)
    if (stored?.branchId !== branchId) {
      problems.push({ sheet: '電話禮貌測試', row: null, column: '編號', rule: 'UNKNOWN_ROW', message: `第 ${k + 1} 筆資料的編號 ${p.id} 不是該分署的電話禮貌測試 (no such test of that branch; leave 編號 blank to add one)` })
    } else if (stored.version !== p.version) {
      problems.push({ sheet: PHONE_SHEET, row: null, column: '版本', rule: 'STALE_ROW', message: staleRowMessage(k + 1, p.id, stored.version) })
    }
  })
  // 聲明異議 with 編號: the same rules as phone tests (that branch's row, still at the exported 版本).
  const storedObjections = new Map<number, Objection>()
  for (const { o } of objectionRows) {
    if (o.id === null || storedObjections.has(o.id)) continue
    const row = await findObjection(ctx.db, o.id)
    if (row) storedObjections.set(o.id, row)
  }
  objectionRows.forEach(({ o, branchId }, k) => {
    if (o.id === null || branchId === undefined) return
    const stored = storedObjections.get(o.id)
    if (stored?.branchId !== branchId) {
      problems.push({ sheet: OBJECTION_SHEET, row: null, column: '編號', rule: 'UNKNOWN_ROW', message: `第 ${k + 1} 筆資料的編號 ${o.id} 不是該分署的聲明異議 (no such objection of that branch; leave 編號 blank to add one)` })
    } else if (stored.version !== o.version) {
      problems.push({ sheet: OBJECTION_SHEET, row: null, column: '版本', rule: 'STALE_ROW', message: staleRowMessage(k + 1, o.id, stored.version) })
    }
  })
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
        phones.filter(({ p }) => p.id === null).map(({ p, branchId }) => ({
          branchId: branchId!,
          testedOn: p.testedOn,
          person: p.person,
          extension: p.extension || null,
          components: {},
          total: p.score,
          // phone_test has no unit column: the results report prints `note` as the unit tested.
          note: p.unit || null,
          createdBy: ctx.user.id,
        })),
      )
      const updated: number[] = []
      let unchangedPhones = 0
      for (const [k, { p }] of phones.entries()) {
        if (p.id === null) continue
        const stored = existing.get(p.id)!
        const change = { testedOn: p.testedOn, person: p.person, extension: p.extension || null, total: p.score, note: p.unit || null }
        if (stored.testedOn === change.testedOn && stored.person === change.person && stored.extension === change.extension && stored.total === change.total && stored.note === change.note) {
          unchangedPhones += 1
          continue
        }
        // Component scores are not in the template: kept while the total stands, dropped when it changes.
        const row = await updatePhoneTest(trx, p.id, p.version!, { ...change, ...(stored.total !== p.score ? { components: {} } : {}) }, ctx.now())
        // Only the version that was exported: a correction saved since the check is never overwritten.
        if (!row) throw new StaleImportRow(PHONE_SHEET, k + 1, p.id)
        updated.push(p.id)
      }
      const objectionIds = await insertObjections(
        trx,
        objectionRows.filter(({ o }) => o.id === null).map(({ o, branchId }) => ({
          branchId: branchId!,
          receivedOn: o.receivedOn,
          finding: o.finding,
          correctedOn: o.correctedOn,
          forwardedOn: o.forwardedOn,
          decidedOn: o.decidedOn,
          subject: o.subject,
          createdBy: ctx.user.id,
        })),
      )
      const objectionsUpdated: number[] = []
      let unchangedObjections = 0
      for (const [k, { o }] of objectionRows.entries()) {
        if (o.id === null) continue
        const stored = storedObjections.get(o.id)!
        const change = { receivedOn: o.receivedOn, finding: o.finding, correctedOn: o.correctedOn, forwardedOn: o.forwardedOn, decidedOn: o.decidedOn, subject: o.subject }
        if ((Object.keys(change) as (keyof typeof change)[]).every((key) => stored[key] === change[key])) {
          unchangedObjections += 1
          continue
        }
        // Only the exported version: a correction saved since the check is never overwritten.
        if (!(await updateObjection(trx, o.id, o.version!, change, ctx.now()))) throw new StaleImportRow(OBJECTION_SHEET, k + 1, o.id)
        objectionsUpdated.push(o.id)
      }
      const touched = [...new Set([...surveys, ...phones, ...objectionRows].map((r) => r.branchId!))]
      const unchanged = tallies.length - changedTallies.length + unchangedPhones + unchangedObjections
      await recordAudit(trx, ctx, {
        action: 'indicator.import',
        entity: 'indicator_import',
        entityId: fileName.slice(0, 200),
        branchId: touched.length === 1 ? touched[0]! : null,
        after: { surveys: tallyIds.length, phoneTests: phoneIds.length, phoneTestsUpdated: updated, objections: objectionIds.length, objectionsUpdated, unchanged, branches: touched },
      })
      return { surveys: tallyIds.length, phoneTests: phoneIds.length + updated.length, objections: objectionIds.length + objectionsUpdated.length, unchanged }
    })
    return { ok: true, saved }
  } catch (error) {
    if (!(error instanceof StaleImportRow)) throw error
    // Changed between the check and the update: nothing was saved (the transaction rolled back).
    return { ok: false, status: 409, problems: [{ sheet: error.sheet, row: null, column: '版本', rule: 'STALE_ROW', message: staleRowMessage(error.position, error.id, null) }] }
  }
}
