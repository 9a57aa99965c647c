import { describe, expect, it } from 'vitest'
import { docxParts, docxText } from '../test-support/docx.js'
import { sampleResultsReport } from '../test-support/fixtures.js'
import { inkPerPage, pdfFonts, pdfInfo, pdfText } from '../test-support/poppler.js'
import { renderResultsReportDocx, renderResultsReportPdf } from './results-report.render.js'
import { resultsReportSchema } from './results-report.schema.js'

const SECTIONS = [
  '114年度服務躍升執行成果報告'.replace('114', '106'),
  '陳報機關：法務部行政執行署臺南分署',
  '資料時間：106年1月至6月（第1次）',
  '壹、基礎服務',
  '一、服務一致及正確',
  '二、服務友善',
  '貳、服務遞送',
  '三、服務成長及優化',
  '參、服務量能',
  '二、服務精進機制',
  '肆、服務評價',
  '一、服務滿意情形',
  '(一)為民服務意見調查',
  '(二)申辦案件所花費的時間分析',
  '(三)人民陳情案件',
  '1.陳情案件類別',
  '2.陳情方式',
  '二、意見回應處理情形',
]

/** Figures of seed 002 the report must reproduce (DOMAIN.md §6). */
const GOLDEN = ['98.18', '96.99', '95.54', '89.94', '97.58', '88.97', '50.74', '38.24', '7.90', '92.17', '「優」', '行政權益維護', '100.00', '50.00']

describe('renderResultsReportDocx', () => {
  const docx = renderResultsReportDocx(sampleResultsReport())

  it('contains every section of the 服務躍升 structure, in order', async () => {
    const text = await docxText(await docx)
    let from = 0
    for (const heading of SECTIONS) {
      const at = text.indexOf(heading, from)
      expect(at, heading).toBeGreaterThanOrEqual(from)
      from = at
    }
  })

  it('carries the narratives people wrote and marks missing ones', async () => {
    const text = docxText(await docx)
    expect(text).toContain('一樓現場設大型「繳款流程圖」，機關網站並有建置。')
    expect(text).toContain('各類書表置於服務台提供民眾使用')
    expect(text).toContain('民眾詢問業務，由承辦單位受理說明回復。')
    expect(text).toContain('（本節內容尚待填寫。）')
  })

  it('reproduces the seed figures in its tables', async () => {
    const text = docxText(await docx)
    for (const figure of GOLDEN) expect(text, figure).toContain(figure)
    expect(text).toContain('本期辦理電話禮貌測試計 18 人次，平均成績為 92.17 分')
    expect(text).toContain('於 6 日內辦結者 2 件，占 100.00%')
    expect(text).toContain('不定期考核應改進事項計 4 件')
  })

  it('uses A4, 2 cm margins, 標楷體 14 pt and an exact 24 pt line', async () => {
    const xml = docxParts(await docx)['word/document.xml']!
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/)
    expect(xml).toMatch(/w:top="1134" w:right="1134" w:bottom="1134" w:left="1134"/)
    expect(xml).toContain('w:line="480" w:lineRule="exact"')
    // Headings 16 pt = 32 half-points.
    expect(xml).toContain('<w:sz w:val="32"/>')
    const styles = docxParts(await docx)['word/styles.xml']!
    expect(styles).toContain('w:eastAsia="標楷體"')
    expect(styles).toContain('<w:sz w:val="28"/>')
  })
})

describe('renderResultsReportPdf', () => {
  const pdf = renderResultsReportPdf(sampleResultsReport())

  it('prints the same sections and figures on A4 pages with the Kai font embedded', async () => {
    const bytes = await pdf
    // pdftotext breaks lines where the layout wrapped them: compare without whitespace.
    const text = pdfText(bytes).replace(/\s+/g, '')
    for (const heading of ['壹、基礎服務', '貳、服務遞送', '參、服務量能', '肆、服務評價', '(三)人民陳情案件']) expect(text).toContain(heading)
    // Column headers wrap inside narrow cells (行政權益維/護), so the PDF is checked on the figures.
    for (const figure of GOLDEN.filter((g) => /^[\d.]+$/.test(g))) expect(text, figure).toContain(figure)
    expect(text).toContain('評定為「優」等')
    const info = pdfInfo(bytes)
    for (const size of info.sizes) expect(size).toEqual({ width: 595.28, height: 841.89 })
    expect(pdfFonts(bytes).every((f) => f.embedded && f.subset)).toBe(true)
    for (const page of inkPerPage(bytes)) expect(page.ink).toBeGreaterThan(1_000)
  })
})

describe('resultsReportSchema', () => {
  it('names a month whose petitions by category and by channel disagree', () => {
    const report = sampleResultsReport()
    report.petitions!.months[2]!.byChannel = [0, 0, 0, 0, 0]
    const result = resultsReportSchema.safeParse(report)
    expect(result.success).toBe(false)
    expect(result.error!.issues[0]).toMatchObject({ path: ['petitions', 'months', 2] })
    expect(result.error!.issues[0]!.message).toContain('month 3')
  })

  it('refuses a survey row with the wrong number of levels', () => {
    const report = sampleResultsReport()
    report.survey!.questions[1]!.counts = [1, 2, 3, 4]
    const result = resultsReportSchema.safeParse(report)
    expect(result.success).toBe(false)
    expect(result.error!.issues[0]!.path).toEqual(['survey', 'questions', 1, 'counts'])
  })
})
