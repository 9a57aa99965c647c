import { QUALITY_V1, SERVICE_LEAP_V2 } from '@leap/domain'
import { describe, expect, it } from 'vitest'
import { docxText } from '../test-support/docx.js'
import { sampleResultsReport } from '../test-support/fixtures.js'
import { pdfText } from '../test-support/poppler.js'
import { renderResultsReportDocx, renderResultsReportPdf } from './results-report.render.js'
import { RESULTS_REPORT_SECTIONS, resultsReportSchema } from './results-report.schema.js'
import { resultsReportStructureFromCatalogue } from './results-report.structure.js'

/** The headings of `text` in order, each found after the previous one. */
function expectInOrder(text: string, headings: readonly string[]): void {
  let from = 0
  for (const heading of headings) {
    const at = text.indexOf(heading, from)
    expect(at, heading).toBeGreaterThanOrEqual(from)
    from = at + heading.length
  }
}

const v1 = resultsReportStructureFromCatalogue(QUALITY_V1)

/** The sample report (seed 002's figures) on the 100年 v1 structure, with a narrative under a v1 section. */
function v1Report() {
  return {
    ...sampleResultsReport(),
    rocYear: 100,
    asOf: '2011-06-30',
    ...v1,
    narratives: { 'citizen-service.process': '設置單一窗口，提供全功能櫃台服務。' },
  }
}

/** 壹、優質便民服務 一、服務流程 … as the v1 report must print them, from the catalogue. */
const V1_HEADINGS = QUALITY_V1.dimensions.flatMap((d, i) => [
  `${['壹', '貳', '參'][i]}、${d.title.zh}`,
  ...(d.subAreas?.length ? d.subAreas.map((a) => a.title.zh) : d.criteria.map((c) => c.title.zh)).map((t, k) => `${'一二三四五'[k]}、${t}`),
])

describe('resultsReportStructureFromCatalogue', () => {
  it('gives the seeds’ 服務躍升 structure for the v2 catalogue: same keys, titles and data tables', () => {
    const v2 = resultsReportStructureFromCatalogue(SERVICE_LEAP_V2)
    expect(v2.programme).toBe('服務躍升')
    expect(v2.sections).toEqual(RESULTS_REPORT_SECTIONS.map((s) => ({ ...s, data: [...s.data] })))
  })

  it('gives the 100年 v1 structure from its catalogue, data placed by the indicators its tiers measure', () => {
    expect(v1.programme).toBe('提升服務品質')
    expect(v1.sections.map((s) => `${s.dimension}/${s.title}`)).toEqual([
      '優質便民服務/服務流程',
      '優質便民服務/機關形象',
      '優質便民服務/顧客關係',
      '資訊流通服務/資訊提供及檢索服務',
      '資訊流通服務/線上服務及電子參與',
      '創新增值服務/有價值的創意服務',
      '創新增值服務/服務措施延續性及標竿學習',
      '創新增值服務/服務措施執行方法效能性',
    ])
    const data = Object.fromEntries(v1.sections.filter((s) => s.data.length).map((s) => [s.key, s.data]))
    // Courtesy satisfaction (with the phone tests) is judged under 機關形象; overall satisfaction and
    // petitions under 顧客關係; nothing measures remediation, so it closes the report. Objections
    // follow the petitions, the cadence check the remediation status.
    expect(data).toEqual({
      'citizen-service.image': ['phoneTests'],
      'citizen-service.relations': ['survey', 'waitingTime', 'petitions', 'objections'],
      'innovative-service.method-effectiveness': ['remediation', 'cadence'],
    })
  })
})

describe('the results report on the v1 catalogue', () => {
  it('renders the .docx with the v1 dimensions and sub-areas, its narrative and seed 002’s figures', async () => {
    const text = docxText(await renderResultsReportDocx(v1Report(), { font: false }))
    expectInOrder(text, ['100年度提升服務品質執行成果報告', ...V1_HEADINGS])
    expectInOrder(text, ['一、服務流程', '設置單一窗口，提供全功能櫃台服務。', '二、機關形象', '電話禮貌測試', '三、顧客關係', '為民服務意見調查', '98.18', '88.97', '人民陳情案件'])
    expect(text).not.toContain('基礎服務')
    expect(text).not.toContain('服務躍升')
  })

  it('renders the PDF with the v1 dimension titles, read back with pdftotext', async () => {
    const text = pdfText(await renderResultsReportPdf(v1Report())).replace(/[ \t]+/g, '')
    expectInOrder(text, ['100年度提升服務品質執行成果報告', ...V1_HEADINGS])
    expect(text).not.toContain('基礎服務')
  })

  it('refuses a narrative for a section the report does not have, naming it', () => {
    const result = resultsReportSchema.safeParse({ ...v1Report(), narratives: { 'basic.consistency': '舊版構面' } })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]).toMatchObject({ path: ['narratives', 'basic.consistency'] })
  })
})
