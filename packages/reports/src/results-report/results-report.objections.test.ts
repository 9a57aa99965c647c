import { describe, expect, it } from 'vitest'
import { docxText } from '../test-support/docx.js'
import { sampleResultsReport } from '../test-support/fixtures.js'
import { pdfText } from '../test-support/poppler.js'
import { renderResultsReportDocx, renderResultsReportPdf } from './results-report.render.js'
import { resultsReportSchema } from './results-report.schema.js'

/** Seed 002's sample report with three objections (2 unfounded, 1 well-founded) and two missed months. */
function withObjections() {
  return {
    ...sampleResultsReport(),
    objections: {
      total: 3,
      wellFounded: 1,
      unfounded: 2,
      pending: 0,
      corrected: 1,
      correctedOnTimeShare: 100,
      forwarded: 2,
      forwardedOnTimeShare: 50,
      decided: 1,
      decidedOnTimeShare: 100 / 3,
      overdue: 1,
    },
    cadence: {
      gaps: [
        { label: '106年1月', message: '106年1月 未辦理電話禮貌測試' },
        { label: '106年第1季', message: '106年第1季 未辦理為民服務意見調查' },
      ],
      notChecked: ['辦理執行態度考核'],
    },
  }
}

const ENGLISH_KEYS = /wellFounded|unfounded|forwarded|decided|overdue|phoneTest|attitudeAssessment|objections|cadence|null|undefined|NaN/

describe('the results report’s objection (聲明異議) and cadence figures', () => {
  it('prints the objections under 意見回應處理情形 and the missed cadence under 服務精進機制 in the .docx, shares with two decimals', async () => {
    const text = docxText(await renderResultsReportDocx(withObjections(), { font: false }))
    const improvement = text.indexOf('服務精進機制')
    const cadence = text.indexOf('辦理頻率檢核')
    const response = text.indexOf('意見回應處理情形')
    const objections = text.indexOf('聲明異議案件處理情形')
    expect(improvement).toBeGreaterThan(0)
    expect(cadence).toBeGreaterThan(improvement)
    expect(response).toBeGreaterThan(cadence)
    expect(objections).toBeGreaterThan(response)
    expect(text).toContain('本期受理聲明異議案件計 3 件，認定有理由者 1 件、無理由者 2 件')
    expect(text).toContain('於 10 日內移送者占 50.00%')
    expect(text).toContain('於移送後 30 日內決定者占 33.33%')
    expect(text).toContain('逾期未辦結者 1 件')
    expect(text).toContain('106年1月')
    expect(text).toContain('未辦理電話禮貌測試')
    expect(text).toContain('未辦理為民服務意見調查')
    expect(text).toContain('辦理執行態度考核未納入系統資料')
    expect(text).not.toMatch(ENGLISH_KEYS)
  })

  it('prints them in the PDF, read back with pdftotext', async () => {
    const text = pdfText(await renderResultsReportPdf(withObjections())).replace(/\s+/g, '')
    expect(text).toContain('聲明異議案件處理情形')
    expect(text).toContain('100.00')
    expect(text).toContain('50.00')
    expect(text).toContain('33.33')
    expect(text).toContain('106年1月')
    expect(text).toContain('未辦理電話禮貌測試')
    expect(text).not.toMatch(ENGLISH_KEYS)
  })

  it('says so when no objection was received and every slot was kept; a share with nothing to share prints —', async () => {
    const none = docxText(await renderResultsReportDocx({ ...sampleResultsReport(), objections: null, cadence: { gaps: [], notChecked: [] } }, { font: false }))
    expect(none).toContain('本期未受理聲明異議案件。')
    expect(none).toContain('均依計畫辦理')
    const r = withObjections()
    const empty = docxText(await renderResultsReportDocx({ ...r, objections: { ...r.objections, forwarded: 0, forwardedOnTimeShare: null } }, { font: false }))
    expect(empty).toContain('於 10 日內移送者占 —')
  })

  it('refuses a share over 100 and a negative count, naming the field', () => {
    const r = withObjections()
    const bad = resultsReportSchema.safeParse({ ...r, objections: { ...r.objections, forwardedOnTimeShare: 120, overdue: -1 } })
    expect(bad.success).toBe(false)
    const paths = bad.error!.issues.map((i) => i.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['objections.forwardedOnTimeShare', 'objections.overdue']))
  })
})
