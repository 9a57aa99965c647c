import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { buildIndicatorWorkbook } from '../excel/indicator-workbook.xlsx.js'
import { buildNationalWorkbook } from '../excel/national-workbook.xlsx.js'
import { renderMeetingPackPdf } from '../meeting-pack/meeting-pack.pdf.js'
import { renderResultsReportDocx, renderResultsReportPdf } from '../results-report/results-report.render.js'
import { renderScoreSheetPdf } from '../score-sheet/score-sheet.pdf.js'
import { docxText } from '../test-support/docx.js'
import { CRITERION_CODES, englishIdentifiers, isoDates, sampleMeetingPack, sampleYearReport } from '../test-support/documents.js'
import { sampleNationalWorkbook, sampleResultsReport, sampleScoreSheet } from '../test-support/fixtures.js'
import { pdfPages, pdfText } from '../test-support/poppler.js'
import type { TableTrace } from './pdf-renderer.js'

/** Every PDF the package makes, with the layout of its tables. */
const documents = {
  'score sheet': (onTable: (t: TableTrace) => void) => renderScoreSheetPdf(sampleScoreSheet(), { onTable }),
  'score sheet below 750': (onTable: (t: TableTrace) => void) =>
    renderScoreSheetPdf({ ...sampleScoreSheet((i) => (i % 2 === 0 ? 3 : 2)), improvementPlan: '請秘書室於三個月內更新陳情處理流程。' }, { onTable }),
  'results report 第1次': (onTable: (t: TableTrace) => void) => renderResultsReportPdf(sampleResultsReport(), { onTable }),
  'results report 第2次': (onTable: (t: TableTrace) => void) => renderResultsReportPdf(sampleYearReport(), { onTable }),
  'meeting pack (94 items)': (onTable: (t: TableTrace) => void) => renderMeetingPackPdf(sampleMeetingPack(94), { onTable }),
}

describe.each(Object.entries(documents))('the %s', (_name, render) => {
  const tables: TableTrace[] = []
  const pdf = render((t) => tables.push(t))

  it('never leaves a header row at a page foot without a row of its table under it', async () => {
    await pdf
    expect(tables.length).toBeGreaterThan(0)
    for (const t of tables) {
      t.placements.forEach((p, k) => {
        if (p.kind !== 'header') return
        const next = t.placements[k + 1]
        expect(next?.kind, `${t.headers.join('|')} header on page ${p.page}`).toBe('row')
        expect(next!.page).toBe(p.page)
      })
    }
  })

  it('never splits a small table, and never leaves one row of a table alone on a page', async () => {
    await pdf
    for (const t of tables) {
      const pages = [...new Set(t.placements.map((p) => p.page))]
      const total = t.headerLines + t.rowLines.reduce((a, b) => a + b, 0)
      if (t.rowCount <= 4 && total <= 30) expect(pages, t.headers.join('|')).toHaveLength(1)
      if (pages.length > 1 && t.rowCount > 1) {
        for (const page of pages) {
          const rows = new Set(t.placements.filter((p) => p.kind === 'row' && p.page === page).map((p) => (p.kind === 'row' ? p.row : -1)))
          expect(rows.size, `${t.headers.join('|')} page ${page}`).toBeGreaterThanOrEqual(Math.min(2, t.rowCount))
        }
      }
    }
  })

  it('prints every header on one line: no header word is broken while a wider column fits it', async () => {
    await pdf
    for (const t of tables) expect(t.headerLines, t.headers.join('|')).toBe(1)
  })

  it('prints ROC dates only, and no English identifiers, criterion codes or version tags', async () => {
    const text = pdfText(await pdf)
    expect(isoDates(text)).toEqual([])
    expect(englishIdentifiers(text)).toEqual([])
    for (const code of CRITERION_CODES) expect(text).not.toContain(code)
  })
})

/** The numbers of 「計 N 件：已解除列管 a 件，撤銷列管 b 件，持續列管 c 件」 in a text. */
function countSentences(text: string): { total: number; parts: number[] }[] {
  return [...text.replace(/\s+/g, '').matchAll(/計(\d+)件：((?:[^，；。（]*?\d+件[，]?)+)/g)].map((m) => ({
    total: Number(m[1]),
    parts: [...m[2]!.matchAll(/(\d+)件/g)].map((p) => Number(p[1])),
  }))
}

describe('counts in sentences', () => {
  it('add up in the meeting pack: released, cancelled and still tracked make the total', async () => {
    const text = pdfPages(await renderMeetingPackPdf(sampleMeetingPack(94)))[0]!
    const [sentence] = countSentences(text)
    expect(sentence?.total).toBe(94)
    expect(sentence!.parts.reduce((a, b) => a + b, 0)).toBe(94)
    expect(text.replace(/\s+/g, '')).toContain('撤銷列管')
  })

  it('add up in the results report', async () => {
    const text = pdfText(await renderResultsReportPdf({ ...sampleResultsReport(), remediation: sampleResultsReport().remediation!.concat(sampleResultsReport().remediation!) }))
    const sentences = countSentences(text)
    expect(sentences.length).toBeGreaterThan(0)
    for (const s of sentences) expect(s.parts.reduce((a, b) => a + b, 0)).toBe(s.total)
  })
})

describe('the results report', () => {
  it('lists every month of the period in the petition tables, months without cases as 0', async () => {
    for (const [input, last] of [[sampleResultsReport(), 6], [sampleYearReport(), 12]] as const) {
      const text = pdfText(await renderResultsReportPdf(input)).replace(/[ \t]+/g, ' ')
      for (const table of ['陳情案件類別', '陳情方式']) {
        const from = text.indexOf(table)
        const rows = text.slice(from).match(/^(\d{1,2})月/gm)!.slice(0, last)
        expect(rows, table).toEqual(Array.from({ length: last }, (_, k) => `${k + 1}月`))
      }
    }
  })

  it('says 截至 the report day it is given, also in the .docx', async () => {
    const docx = docxText(await renderResultsReportDocx(sampleYearReport(), { font: false }))
    expect(docx).toContain('截至106年12月31日')
    expect(isoDates(docx)).toEqual([])
    expect(englishIdentifiers(docx)).toEqual([])
  })
})

describe('signatures', () => {
  it('the score sheet closes with a headed sign-off numbered after the dimensions, each signer with name, role, date and three lines to sign', async () => {
    const tables: TableTrace[] = []
    const pdf = await renderScoreSheetPdf(sampleScoreSheet(), { onTable: (t) => tables.push(t) })
    const pages = pdfPages(pdf).map((p) => p.replace(/\s+/g, ''))
    const signatures = tables.find((t) => t.headers.join() === '職稱,姓名,簽名,日期')!
    expect(signatures.rowLines).toEqual([3, 3, 3, 3])
    const page = pages[signatures.placements[0]!.page - 1]!
    expect(page).toContain('伍、簽核')
    expect(page).toContain('召集人王大明')
    expect(page).toContain('年月日')
    expect(pages.join('')).not.toMatch(/壹、簽核|壹、具體改善作法/)
    const low = pdfPages(await renderScoreSheetPdf(sampleScoreSheet((i) => (i % 2 === 0 ? 3 : 2)))).join('').replace(/\s+/g, '')
    expect(low).toContain('伍、具體改善作法')
    expect(low).toContain('陸、簽核')
  })

  it('the minutes carry the meeting time, a place to fill in, and 主席 and 紀錄 signature lines', async () => {
    const tables: TableTrace[] = []
    const text = pdfText(await renderMeetingPackPdf(sampleMeetingPack(5), { onTable: (t) => tables.push(t) })).replace(/\s+/g, '')
    expect(text).toContain('時間：114年6月20日（星期五）＿＿時＿＿分')
    expect(text).toMatch(/地點：＿+/)
    expect(text).not.toContain('地點：—')
    const signatures = tables.find((t) => t.headers.join() === '職稱,姓名,簽名,日期')!
    expect(signatures.rowLines).toEqual([3, 3])
    const block = text.slice(text.indexOf('肆、簽署'), text.indexOf('伍、附件'))
    for (const word of ['主席', '王大明', '紀錄', '張志強', '簽名', '日期']) expect(block).toContain(word)
    expect(block.match(/年月日/g)).toHaveLength(2)
  })

  it('the minutes print the meeting clock time as minutes write it (上午/中午/下午, ROC date, weekday) and its place', async () => {
    for (const [time, printed] of [['14:30', '下午2時30分'], ['09:05', '上午9時5分'], ['12:00', '中午12時'], ['00:00', '上午0時']] as const) {
      const pack = sampleMeetingPack(2)
      pack.meeting.time = time
      pack.meeting.place = '本署5樓第1會議室'
      const text = pdfText(await renderMeetingPackPdf(pack)).replace(/\s+/g, '')
      expect(text).toContain(`時間：114年6月20日（星期五）${printed}`)
      expect(text).toContain('地點：本署5樓第1會議室')
      expect(text).not.toContain('＿')
    }
    const bad = sampleMeetingPack(2)
    bad.meeting.time = '24:00'
    await expect(renderMeetingPackPdf(bad)).rejects.toThrow(/HH:MM/)
  })

  it('prints minutes written with their own outline under 會議紀錄, not under 討論事項及決議', async () => {
    const text = pdfText(await renderMeetingPackPdf(sampleMeetingPack(2))).replace(/\s+/g, '')
    expect(text).toContain('參、會議紀錄一、報告事項：洽悉。')
    const plain = sampleMeetingPack(2)
    plain.meeting.resolutions = '照案通過。'
    expect(pdfText(await renderMeetingPackPdf(plain)).replace(/\s+/g, '')).toContain('參、討論事項及決議照案通過。')
  })
})

async function sheetsText(bytes: Uint8Array, skipHeaders: readonly string[]): Promise<string> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  const out: string[] = []
  wb.eachSheet((sheet) => {
    const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map(String)
    sheet.eachRow((row) => {
      ;(row.values as ExcelJS.CellValue[]).forEach((v, col) => {
        if (v !== null && v !== undefined && !skipHeaders.includes(header[col] ?? '')) out.push(String(v instanceof Date ? v.toISOString() : v))
      })
    })
  })
  return out.join('\n')
}

describe('the workbooks', () => {
  it('the national workbook prints ROC dates in every sheet and no English identifiers beside the branch-code column', async () => {
    const text = await sheetsText(await buildNationalWorkbook(sampleNationalWorkbook(2, 20)), ['分署代碼'])
    expect(isoDates(text)).toEqual([])
    expect(englishIdentifiers(text)).toEqual([])
  })

  it('the indicator export prints ROC test dates and the form in words', async () => {
    const text = await sheetsText(
      await buildIndicatorWorkbook({
        surveys: [{ branchCode: 'TPE', rocYear: 114, month: 3, scale: 'four', question: '整體滿意度', counts: [1, 2, 3, 4], invalid: 0, returned: 10, surveyKind: 'public', indicator: 'overallSatisfaction' }],
        phoneTests: [{ branchCode: 'TPE', testedOn: '2025-03-05', unit: '行政科', person: '王小明', score: 92, id: 7, version: 1 }],
      }),
      ['分署代碼'],
    )
    expect(text).toContain('114/03/05')
    expect(text).toContain('民眾問卷')
    expect(isoDates(text)).toEqual([])
    expect(englishIdentifiers(text)).toEqual([])
  })
})
