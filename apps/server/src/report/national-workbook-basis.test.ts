import { carryScores, QUALITY_V1, QUALITY_V1_TO_SERVICE_LEAP_V2, SERVICE_LEAP_V2 } from '@leap/domain'
import { buildNationalWorkbook } from '@leap/reports'
import ExcelJS from 'exceljs'
import { beforeEach, describe, expect, it } from 'vitest'
import { insertCatalogue } from '../catalogue/catalogue.repository.js'
import { callerFor } from '../test/fixtures.js'
import { useFixtureUsers } from '../test/per-test.js'
import { useTestDatabase } from '../test/test-database.js'
import { nationalWorkbookFor } from './report-data.js'

const database = useTestDatabase()
const users = useFixtureUsers(database)
let v1: number
let v2: number
const v1Points: Record<string, number> = {}

beforeEach(async () => {
  v1 = (await insertCatalogue(database.db, QUALITY_V1, null)).id
  v2 = (await insertCatalogue(database.db, SERVICE_LEAP_V2, null)).id
  const db = database.db
  const rounds = await db
    .insertInto('round')
    .values([
      { rocYear: 105, half: 2, catalogueId: v1 },
      { rocYear: 106, half: 2, catalogueId: v2 },
    ])
    .returning('id')
    .execute()
  const signed = { status: 'signed' as const, passThreshold: 750, signedAt: new Date('2017-10-02T02:00:00Z'), signedBy: users.admin.id, dimensionTotals: null }
  const [old] = await db
    .insertInto('inspection')
    .values([
      { roundId: rounds[0]!.id, branchId: users.branchIds.TPE!, inspectedOn: '2016-10-01', totalPoints: 700, passed: false, ...signed },
      { roundId: rounds[1]!.id, branchId: users.branchIds.TPE!, inspectedOn: '2017-10-01', totalPoints: 812.5, passed: true, ...signed },
    ])
    .returning('id')
    .execute()
  // The v1 sheet: every criterion at its second tier.
  const rows = QUALITY_V1.dimensions
    .flatMap((d) => d.criteria)
    .map((c) => {
      const tier = c.tiers[1]!
      v1Points[c.code] = tier.points
      return { inspectionId: old!.id, criterionCode: c.code, tierId: tier.id, points: tier.points, notApplicable: false }
    })
  await db.insertInto('consensusScore').values(rows).execute()
})

async function workbookRows(sheet: string): Promise<ExcelJS.CellValue[][]> {
  const input = await nationalWorkbookFor(database.db, {}, new Date('2017-12-01T02:00:00Z'))
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(await buildNationalWorkbook(input!)) as unknown as ArrayBuffer)
  const out: ExcelJS.CellValue[][] = []
  wb.getWorksheet(sheet)!.eachRow((row) => out.push((row.values as ExcelJS.CellValue[]).slice(1)))
  return out
}

describe('national workbook on one catalogue basis (issue 19)', () => {
  it('marks a round of another catalogue not comparable while no mapping is recorded, and keeps it out of the mean', async () => {
    const detail = await workbookRows('評分明細')
    const header = detail[0]!
    const basis = `比較總分（以${SERVICE_LEAP_V2.title.zh}（第${SERVICE_LEAP_V2.version}版）為基準）`
    expect(header.slice(-3)).toEqual(['總分', basis, '比較基準'])
    const tpe = detail.filter((r) => r[0] === 'TPE')
    expect(tpe.map((r) => [r[2], ...r.slice(-3)])).toEqual([
      ['105年下半年', 700, null, '無項目對照，不予比較'],
      ['106年下半年', 812.5, 812.5, '同一評分表'],
    ].map((r) => r.map((v) => (v === null ? undefined : v))))
    const summary = await workbookRows('總表')
    const row = summary.find((r) => r[0] === 'TPE')!
    expect(row.slice(2)).toEqual([700, 812.5, 812.5])
    expect(summary.some((r) => String(r[1] ?? '').includes('無項目對照之輪次不列入'))).toBe(true)
  })

  it('carries the older round onto the newest catalogue once the mapping is recorded, as the domain computes it', async () => {
    await callerFor(database, users.admin).catalogue.saveMapping({ fromId: v1, toId: v2, expectedVersion: 0, note: '', links: QUALITY_V1_TO_SERVICE_LEAP_V2.links })
    const expected = carryScores(QUALITY_V1_TO_SERVICE_LEAP_V2, QUALITY_V1, SERVICE_LEAP_V2, v1Points)
    const carried = Math.round(expected.total * 100) / 100
    expect(carried).not.toBe(700)
    const tpe = (await workbookRows('評分明細')).filter((r) => r[0] === 'TPE')
    expect(tpe.map((r) => r.slice(-3))).toEqual([
      [700, carried, '依項目對照換算'],
      [812.5, 812.5, '同一評分表'],
    ])
    const row = (await workbookRows('總表')).find((r) => r[0] === 'TPE')!
    expect(row.slice(2)).toEqual([700, 812.5, Math.round(((carried + 812.5) / 2) * 100) / 100])
  })
})
