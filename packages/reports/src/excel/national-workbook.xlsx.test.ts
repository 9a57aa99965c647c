import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { sampleNationalWorkbook, sampleRemediationItems } from '../test-support/fixtures.js'
import { buildNationalWorkbook, NATIONAL_INDICATOR_COLUMNS, NATIONAL_WORKBOOK_SHEETS } from './national-workbook.xlsx.js'
import { buildRemediationRegisterXlsx, REMEDIATION_REGISTER_COLUMNS } from './remediation-register.xlsx.js'

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  return wb
}

function rows(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const out: ExcelJS.CellValue[][] = []
  sheet.eachRow((row) => out.push((row.values as ExcelJS.CellValue[]).slice(1)))
  return out
}

describe('buildNationalWorkbook', () => {
  const input = sampleNationalWorkbook()
  const built = buildNationalWorkbook(input)

  it('has the summary, detail, register and indicator sheets', async () => {
    const wb = await load(await built)
    expect(wb.worksheets.map((s) => s.name)).toEqual([...NATIONAL_WORKBOOK_SHEETS])
  })

  it('puts each sheet total at its branch and round, shading totals below 750', async () => {
    const wb = await load(await built)
    const summary = rows(wb.getWorksheet('總表')!)
    expect(summary[0]).toEqual(['分署代碼', '分署', '112年上半年', '112年下半年', '113年上半年', '113年下半年', '114年上半年', '114年下半年', '平均'])
    expect(summary).toHaveLength(1 + 13)
    for (const sheet of input.sheets) {
      const r = summary.findIndex((row) => row[0] === sheet.branchCode)
      const c = input.rounds.findIndex((x) => x.rocYear === sheet.round.rocYear && x.half === sheet.round.half)
      expect(summary[r]![2 + c]).toBe(sheet.total)
      const fill = wb.getWorksheet('總表')!.getRow(r + 1).getCell(3 + c).fill as ExcelJS.FillPattern | undefined
      expect(fill?.fgColor?.argb === 'FFFFD7D7', `${sheet.branchCode} ${sheet.total}`).toBe(sheet.total < 750)
    }
    expect(input.sheets.some((s) => s.total < 750)).toBe(true)
  })

  it('lists every criterion score of every branch and round', async () => {
    const wb = await load(await built)
    const detail = rows(wb.getWorksheet('評分明細')!)
    expect(detail).toHaveLength(1 + 13 * 6)
    expect(detail[0]).toHaveLength(4 + 22 + 1)
    const first = input.sheets[0]!
    expect(detail[1]!.slice(4, 26)).toEqual(input.criteria.map((c) => first.scores[c.code]))
    expect(detail[1]![26]).toBe(first.total)
    // 考核日期 in ROC, like the register's dates: 2023-03-10 → 112/03/10.
    expect(detail[1]![3]).toBe('112/03/10')
    for (const row of detail.slice(1)) expect(String(row[3])).toMatch(/^\d{3}\/\d{2}\/\d{2}$/)
  })

  it('lists each branch’s missed cadence and its objections with on-time shares (issue 19)', async () => {
    const branchCode = input.branches[0]!.code
    const round = input.rounds[0]!
    const wb = await load(
      await buildNationalWorkbook({
        ...input,
        cadenceGaps: [{ branchCode, message: '114年10月 未辦理電話禮貌測試' }],
        cadenceNotChecked: ['辦理執行態度考核'],
        objections: [{ branchCode, round, total: 3, corrected: 1, correctedOnTimeShare: 100, forwarded: 2, forwardedOnTimeShare: 50, decided: 0, decidedOnTimeShare: null, overdue: 1 }],
      }),
    )
    const cadence = rows(wb.getWorksheet('辦理頻率')!)
    expect(cadence[1]).toEqual([branchCode, input.branches[0]!.name, '114年10月 未辦理電話禮貌測試'])
    expect(String(cadence[2]![2])).toContain('辦理執行態度考核：系統未保存此項資料')
    const objections = rows(wb.getWorksheet('聲明異議')!)
    expect(objections[1]).toEqual([branchCode, input.branches[0]!.name, '112年上半年', 3, 1, '100.00%', 2, '50.00%', 0, '—', 1])
    await expect(buildNationalWorkbook({ ...input, cadenceGaps: [{ branchCode: 'XXX', message: 'x' }] })).rejects.toThrow(/cadenceGaps/)
  })

  it('carries the 500 remediation items and the indicators', async () => {
    const wb = await load(await built)
    expect(rows(wb.getWorksheet('列管表')!)).toHaveLength(501)
    expect(rows(wb.getWorksheet('指標')!)).toHaveLength(1 + 78)
  })

  it('prints each indicator with its name, value and note, ordered by branch, round and key', async () => {
    const small = sampleNationalWorkbook(2, 0)
    const [a, b] = small.branches
    const [r1, r2] = small.rounds
    small.indicators = [
      { branchCode: b!.code, round: r1!, key: 'within15MinutesShare', value: 88.97 },
      { branchCode: a!.code, round: r2!, key: 'phoneCourtesyAverage', value: 92.17, detail: '優（18 人次）' },
      { branchCode: a!.code, round: r1!, key: 'petitionsWithin6DaysShare', value: 100 },
      { branchCode: a!.code, round: r1!, key: 'environmentSatisfaction', value: 98.18 },
    ]
    const table = rows((await load(await buildNationalWorkbook(small))).getWorksheet('指標')!)
    expect(table[0]).toEqual([...NATIONAL_INDICATOR_COLUMNS])
    // The indicator's name only: its key (environmentSatisfaction) is the code's identifier, not the agency's word.
    expect(table.slice(1).map((r) => r.slice(0, 6))).toEqual([
      [a!.code, a!.name, '112年上半年', '洽公環境滿意度', 98.18],
      [a!.code, a!.name, '112年上半年', '陳情 6 日內結案比率', 100],
      [a!.code, a!.name, '112年下半年', '電話禮貌測試平均分數', 92.17, '優（18 人次）'],
      [b!.code, b!.name, '112年上半年', '15 分鐘內完成比率', 88.97],
    ])
    small.indicators = [{ branchCode: 'NOPE', round: r1!, key: 'overallSatisfaction', value: 1 }]
    await expect(buildNationalWorkbook(small)).rejects.toThrow(/unknown branch NOPE/)
  })

  it('refuses scores for unknown criteria or above the maximum, naming the path', async () => {
    const bad = sampleNationalWorkbook(1, 0)
    bad.sheets[0]!.scores['no-such-criterion'] = 1
    bad.sheets[1]!.scores[bad.criteria[0]!.code] = 999
    await expect(buildNationalWorkbook(bad)).rejects.toThrow(/unknown criterion no-such-criterion[\s\S]*above the maximum/)
  })
})

describe('buildRemediationRegisterXlsx', () => {
  it('writes one row per item with ROC due dates, status words and overdue flags', async () => {
    const items = sampleRemediationItems(6)
    const wb = await load(await buildRemediationRegisterXlsx({ items, asOf: '2025-04-01' }))
    const table = rows(wb.getWorksheet('列管表')!)
    expect(table[0]).toEqual([...REMEDIATION_REGISTER_COLUMNS])
    expect(table).toHaveLength(7)
    // Item 1: open, due 2025-01-15 → overdue on 2025-04-01.
    expect(table[1]!.slice(0, 9)).toEqual(['114上-001', '臺北分署', '114年上半年', '人民陳情案件6日內結案', items[0]!.title, '秘書室', '114/01/15', '列管中', '逾期'])
    // Item 5: closed → never overdue, closing date printed.
    expect(table[5]![7]).toBe('解除列管')
    expect(table[5]![8]).toBeUndefined()
    expect(table[5]![10]).toBe('114/06/30')
    // Item 4: returned, due 2025-04-15 → not yet overdue.
    expect(table[4]![7]).toBe('退回補正')
    expect(table[4]![8]).toBeUndefined()
  })
})

describe('buildNationalWorkbook on one catalogue basis (issue 19)', () => {
  it('prints each comparable total with its basis or the reason, and averages only comparable totals', async () => {
    const base = sampleNationalWorkbook(2, 0)
    const [first, second] = base.rounds
    const sheets = base.sheets
      .filter((s) => s.branchCode === base.branches[0]!.code)
      .map((s, i) => ({ ...s, comparable: i === 0 ? { total: null, reason: 'noMapping' as const } : { total: s.total, reason: 'same' as const } }))
    expect(sheets.map((s) => s.round)).toEqual([first, second])
    const wb = await load(await buildNationalWorkbook({ ...base, sheets, comparisonBasis: '服務躍升評分表（第2版）' }))
    const detail = rows(wb.getWorksheet('評分明細')!)
    expect(detail[0]!.slice(-2)).toEqual(['比較總分（以服務躍升評分表（第2版）為基準）', '比較基準'])
    expect(detail[1]!.slice(-3)).toEqual([sheets[0]!.total, undefined, '無項目對照，不予比較'])
    expect(detail[2]!.slice(-3)).toEqual([sheets[1]!.total, sheets[1]!.total, '同一評分表'])
    const summary = rows(wb.getWorksheet('總表')!)
    expect(summary[1]!.slice(2)).toEqual([sheets[0]!.total, sheets[1]!.total, sheets[1]!.total])
  })

  it('refuses a comparable total given with a reason that says it is not comparable', async () => {
    const base = sampleNationalWorkbook(2, 0)
    const sheets = base.sheets.map((s) => ({ ...s, comparable: { total: 800, reason: 'noMapping' as const } }))
    await expect(buildNationalWorkbook({ ...base, sheets, comparisonBasis: '服務躍升評分表（第2版）' })).rejects.toThrow(/same or carried/)
  })
})
