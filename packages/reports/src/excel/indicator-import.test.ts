import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { parseIndicatorWorkbook } from './indicator-import.js'
import { buildIndicatorWorkbook } from './indicator-workbook.xlsx.js'
import { indicatorDataSchema, type IndicatorDataInput } from './indicator-workbook.schema.js'

const DATA: IndicatorDataInput = {
  surveys: [
    { branchCode: 'TNN', rocYear: 106, month: 6, scale: 'five', question: '服務台服務', counts: [112, 50, 3, 0, 0], invalid: 1, returned: 166 },
    { branchCode: 'ILA', rocYear: 114, month: 12, scale: 'four', question: '機關洽公環境', counts: [80, 23, 1, 2], invalid: 0, returned: 106 },
    { branchCode: 'TPE', rocYear: 114, month: 3, scale: 'three', question: '整體滿意度', counts: [70, 4, 1], invalid: 0, returned: 75, surveyKind: 'counter', indicator: 'overallSatisfaction' },
  ],
  phoneTests: [
    { branchCode: 'ILA', testedOn: '2025-03-05', unit: '執行一科', person: '林書記官', score: 94.5, tester: '花蓮分署', extension: '0123', id: 41, version: 3 },
    { branchCode: 'ILA', testedOn: '2025-03-06', unit: '', person: '陳書記官', score: 90 },
    { branchCode: 'TPE', testedOn: '2025-12-31', unit: '秘書室', person: '', score: 88, tester: '' },
  ],
  objections: [
    { branchCode: 'ILA', receivedOn: '2025-03-01', subject: '扣押薪資', finding: 'wellFounded', correctedOn: '2025-03-03', id: 7, version: 2 },
    { branchCode: 'ILA', receivedOn: '2025-03-01', subject: '', finding: 'unfounded', forwardedOn: '2025-03-11', decidedOn: '2025-04-10' },
    { branchCode: 'TPE', receivedOn: '2025-12-30' },
  ],
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  return wb
}

async function save(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer)
}

describe('buildIndicatorWorkbook → parseIndicatorWorkbook', () => {
  it('gives back exactly the data it wrote', async () => {
    const result = await parseIndicatorWorkbook(await buildIndicatorWorkbook(DATA))
    expect(result).toEqual({ ok: true, data: indicatorDataSchema.parse(DATA) })
    if (result.ok) {
      expect(result.data.surveys[2]).toMatchObject({ surveyKind: 'counter', indicator: 'overallSatisfaction' })
      expect(result.data.surveys[0]).toMatchObject({ surveyKind: 'public', indicator: null })
      expect(result.data.phoneTests[0]!.extension).toBe('0123')
      expect(result.data.objections.map((o) => [o.finding, o.correctedOn, o.forwardedOn, o.decidedOn, o.id])).toEqual([
        ['wellFounded', '2025-03-03', null, null, 7],
        ['unfounded', null, '2025-03-11', '2025-04-10', null],
        [null, null, null, null, null],
      ])
    }
  })

  it('writes the 聲明異議 sheet with ROC dates and the finding in words, and reads a file without that sheet (an older template)', async () => {
    const wb = await load(await buildIndicatorWorkbook(DATA))
    const sheet = wb.getWorksheet('聲明異議')!
    expect(sheet.getRow(1).values).toEqual([undefined, '分署代碼', '收件日期', '案由', '審查結果', '更正日期', '移送日期', '決定日期', '編號', '版本'])
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['ILA', '114/03/01', '扣押薪資', '有理由', '114/03/03', undefined, undefined, 7, 2])
    expect(sheet.getRow(3).getCell(4).value).toBe('無理由')
    wb.removeWorksheet(sheet.id)
    const older = await parseIndicatorWorkbook(await save(wb))
    expect(older.ok && older.data.objections).toEqual([])
  })

  it('refuses objection rows whose steps do not fit the finding or come before the step they follow, naming row and column, and imports nothing', async () => {
    const wb = await load(await buildIndicatorWorkbook(DATA))
    const sheet = wb.getWorksheet('聲明異議')!
    sheet.getRow(2).getCell(6).value = '114/03/05' // 移送日期 on a well-founded objection
    sheet.getRow(3).getCell(7).value = '114/03/10' // decided before it was forwarded (114/03/11)
    sheet.getRow(4).getCell(4).value = '也許' // an unknown finding
    sheet.getRow(4).getCell(2).value = null // 收件日期 missing
    const result = await parseIndicatorWorkbook(await save(wb))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems.map((p) => `${p.sheet}|${p.row}|${p.column}|${p.rule}`)).toEqual([
      '聲明異議|2|移送日期（F欄）|UNEXPECTED_VALUE',
      '聲明異議|3|決定日期（G欄）|INVALID_DATE',
      '聲明異議|4|收件日期（B欄）|REQUIRED',
      '聲明異議|4|審查結果（D欄）|UNEXPECTED_VALUE',
    ])
    expect(result.problems[0]!.message).toContain('有理由者填更正日期')
    expect(result.problems[1]!.message).toContain('早於前一步驟')
  })

  it('prints the indicator by name and reads it back by name or key; refuses an unknown one', async () => {
    const wb = await load(await buildIndicatorWorkbook(DATA))
    const sheet = wb.getWorksheet('問卷統計')!
    expect(sheet.getRow(4).getCell(15).value).toBe('整體滿意度')
    sheet.getRow(2).getCell(15).value = 'courtesySatisfaction'
    sheet.getRow(3).getCell(15).value = '滿意度'
    sheet.getRow(3).getCell(14).value = 'x'.repeat(51)
    const result = await parseIndicatorWorkbook(await save(wb))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems.map((p) => `${p.row}|${p.column}|${p.rule}`)).toEqual(['3|問卷類別（N欄）|TOO_LONG', '3|指標（O欄）|UNKNOWN_INDICATOR'])
    sheet.getRow(3).getCell(15).value = null
    sheet.getRow(3).getCell(14).value = null
    const fixed = await parseIndicatorWorkbook(await save(wb))
    expect(fixed.ok && fixed.data.surveys[0]!.indicator).toBe('courtesySatisfaction')
  })

  it('refuses the same 編號 twice', async () => {
    const wb = await load(await buildIndicatorWorkbook({ phoneTests: [DATA.phoneTests![0]!, { ...DATA.phoneTests![1]!, id: 41, version: 1 }] }))
    const result = await parseIndicatorWorkbook(await save(wb))
    expect(result).toMatchObject({ ok: false, problems: [{ sheet: '電話禮貌測試', row: 3, column: '編號（H欄）', rule: 'DUPLICATE_ROW' }] })
  })

  it('needs the exported 版本 beside a 編號, and no 版本 without one', async () => {
    const wb = await load(await buildIndicatorWorkbook({ phoneTests: [DATA.phoneTests![0]!, DATA.phoneTests![1]!] }))
    const sheet = wb.getWorksheet('電話禮貌測試')!
    expect(sheet.getRow(2).getCell(9).value).toBe(3)
    sheet.getRow(2).getCell(9).value = null
    sheet.getRow(3).getCell(9).value = 2
    const result = await parseIndicatorWorkbook(await save(wb))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems.map((p) => `${p.row}|${p.column}|${p.rule}`)).toEqual(['2|版本（I欄）|REQUIRED', '3|版本（I欄）|UNEXPECTED_VALUE'])
  })

  it('writes the notes it is given on the 說明 sheet', async () => {
    const wb = await load(await buildIndicatorWorkbook(DATA, { notes: ['本檔未含等候時間資料 2 筆。'] }))
    const lines: string[] = []
    wb.getWorksheet('說明')!.eachRow((row) => lines.push(String(row.getCell(1).value)))
    expect(lines.at(-1)).toBe('本檔未含等候時間資料 2 筆。')
  })

  it('writes the satisfaction rate the seeds publish', async () => {
    const wb = await load(await buildIndicatorWorkbook(DATA))
    const sheet = wb.getWorksheet('問卷統計')!
    expect(sheet.getRow(2).getCell(13).value).toBe(98.18)
    expect(sheet.getRow(3).getCell(13).value).toBe(97.17)
    expect(sheet.getRow(4).getCell(13).value).toBe(93.33)
  })

  it('accepts ROC dates, Excel dates, text numbers and columns in another order', async () => {
    const wb = new ExcelJS.Workbook()
    const phone = wb.addWorksheet('電話禮貌測試')
    phone.addRow(['分數', '受測單位', '測試日期', '分署代碼'])
    phone.addRow(['92', '秘書室', '114/03/05', 'tpe'])
    phone.addRow([90, '人事室', new Date(Date.UTC(2025, 2, 6)), 'TPE'])
    phone.addRow([91, '會計室', '114年3月7日', 'TPE'])
    const result = await parseIndicatorWorkbook(await save(wb))
    expect(result).toEqual({
      ok: true,
      data: {
        surveys: [],
        phoneTests: [
          { branchCode: 'TPE', testedOn: '2025-03-05', unit: '秘書室', person: '', score: 92, tester: '', extension: '', id: null, version: null },
          { branchCode: 'TPE', testedOn: '2025-03-06', unit: '人事室', person: '', score: 90, tester: '', extension: '', id: null, version: null },
          { branchCode: 'TPE', testedOn: '2025-03-07', unit: '會計室', person: '', score: 91, tester: '', extension: '', id: null, version: null },
        ],
        objections: [],
      },
    })
  })
})

describe('parseIndicatorWorkbook on a broken file', () => {
  async function brokenFile(): Promise<Uint8Array> {
    const wb = await load(await buildIndicatorWorkbook(DATA))
    const survey = wb.getWorksheet('問卷統計')!
    // Row 2: a count that is not a number.
    survey.getRow(2).getCell(6).value = '一百'
    // Row 3: a negative count.
    survey.getRow(3).getCell(7).value = -3
    // Row 4: more invalid forms than returned.
    survey.getRow(4).getCell(11).value = 80
    survey.addRow(['XYZ', 114, 13, 5, '網站', 10, 5, 1, 0, 0, 0, 99, null]) // row 5: unknown branch, month 13, total mismatch
    survey.addRow(['TPE', 114, 3, 5, '承辦人態度', 10, 5, 1, 0, 0, 0, 16, 90]) // row 6: printed rate differs (93.75)
    survey.addRow(['TPE', 114, 3, 3, '整體滿意度', 1, 1, 1, 4, null, 0, 3, null, 'counter']) // row 7: 4th level on a 3-level scale, duplicate of row 4's key (same form)
    survey.addRow(['TPE', 114, 3, 7, '新題目', 1.5, 1, 1, 0, 0, 0, 3.5, null]) // row 8: scale 7, fractional counts
    const phone = wb.getWorksheet('電話禮貌測試')!
    phone.spliceColumns(5, 1) // drop 分數
    return save(wb)
  }

  it('names every problem by sheet, row, column and rule, and imports nothing', async () => {
    const result = await parseIndicatorWorkbook(await brokenFile())
    expect(result.ok).toBe(false)
    expect('data' in result).toBe(false)
    if (result.ok) return
    const found = result.problems.map((p) => `${p.sheet}|${p.row}|${p.column}|${p.rule}`)
    expect(found).toEqual(
      expect.arrayContaining([
        '問卷統計|2|第1級（F欄）|NOT_A_NUMBER',
        '問卷統計|3|第2級（G欄）|NEGATIVE',
        '問卷統計|4|無效（K欄）|INVALID_EXCEEDS_RETURNED',
        '問卷統計|5|分署代碼（A欄）|UNKNOWN_BRANCH',
        '問卷統計|5|月份（C欄）|OUT_OF_RANGE',
        '問卷統計|6|滿意度%（M欄）|RATE_MISMATCH',
        '問卷統計|7|第4級（I欄）|UNEXPECTED_VALUE',
        '問卷統計|7|題目（E欄）|DUPLICATE_ROW',
        '問卷統計|8|量表級數（D欄）|UNKNOWN_SCALE',
        '問卷統計|8|第1級（F欄）|NOT_AN_INTEGER',
        '電話禮貌測試|1|分數|MISSING_COLUMN',
      ]),
    )
    expect(result.problems.every((p) => p.message.length > 0)).toBe(true)
    const rate = result.problems.find((p) => p.rule === 'RATE_MISMATCH')!
    expect(rate.message).toContain('93.75')
  })

  it('reports a total that does not add up', async () => {
    const wb = await load(await buildIndicatorWorkbook(DATA))
    wb.getWorksheet('問卷統計')!.getRow(2).getCell(12).value = 170
    const result = await parseIndicatorWorkbook(await save(wb))
    expect(result).toEqual({
      ok: false,
      problems: [expect.objectContaining({ sheet: '問卷統計', row: 2, column: '回收份數（L欄）', rule: 'TOTAL_MISMATCH' })],
    })
  })

  it('refuses a file that is not a workbook, or has no data', async () => {
    const garbage = await parseIndicatorWorkbook(new TextEncoder().encode('not a spreadsheet'))
    expect(garbage).toMatchObject({ ok: false, problems: [{ rule: 'UNREADABLE_FILE' }] })
    const empty = await parseIndicatorWorkbook(await buildIndicatorWorkbook())
    expect(empty).toMatchObject({ ok: false, problems: [{ rule: 'NO_ROWS' }] })
    const other = new ExcelJS.Workbook()
    other.addWorksheet('工作表1').addRow(['a'])
    const missing = await parseIndicatorWorkbook(await save(other))
    expect(missing).toMatchObject({ ok: false, problems: [{ rule: 'MISSING_SHEET', sheet: '問卷統計' }, { rule: 'MISSING_SHEET', sheet: '電話禮貌測試' }] })
  })
})
