import { describe, expect, it } from 'vitest'
import { renderResultsReportPdf } from '../results-report/results-report.render.js'
import { renderScoreSheetPdf } from '../score-sheet/score-sheet.pdf.js'
import { sampleResultsReport, sampleScoreSheet } from '../test-support/fixtures.js'
import { pdfWords, type PdfWord } from '../test-support/poppler.js'
import { LAYOUT } from './pdf-renderer.js'

// ukai's ascent − descent is 1130/1024 em: pdftotext's word box is that tall for the font size.
const EM_HEIGHT = 1130 / 1024
const size = (w: PdfWord) => Math.round(((w.yMax - w.yMin) / EM_HEIGHT) * 10) / 10
const footerTop = LAYOUT.pageHeight - LAYOUT.margin

describe.each([
  ['score sheet', () => renderScoreSheetPdf(sampleScoreSheet())],
  ['results report', () => renderResultsReportPdf(sampleResultsReport())],
])('the official layout of the %s', (_name, render) => {
  const words = render().then(pdfWords)

  it('keeps all text inside the 2 cm margins, the footer in the bottom margin', async () => {
    const all = await words
    expect(all.length).toBeGreaterThan(100)
    for (const w of all) {
      expect(w.xMin, w.text).toBeGreaterThanOrEqual(LAYOUT.margin - 0.01)
      expect(w.xMax, w.text).toBeLessThanOrEqual(LAYOUT.pageWidth - LAYOUT.margin + 0.01)
      expect(w.yMin, w.text).toBeGreaterThanOrEqual(LAYOUT.margin - 0.01)
      if (w.yMax > footerTop) expect(size(w), w.text).toBe(LAYOUT.footerSize)
    }
  })

  it('sets titles and headings in 16 pt, body text in 14 pt (12 pt in wide tables)', async () => {
    const all = await words
    const sizes = new Set(all.map(size))
    expect([...sizes].sort()).toEqual(expect.arrayContaining([10, 14, 16]))
    for (const s of sizes) expect([10, 12, 14, 16]).toContain(s)
    // The title opens page 1; level-0 headings (壹、…) outside tables are 16 pt.
    expect(size(all[0]!)).toBe(16)
    expect(all.some((w) => /^[壹貳參肆伍陸]、/.test(w.text) && size(w) === 16)).toBe(true)
    expect(all.filter((w) => w.yMax <= footerTop && size(w) === 14).length).toBeGreaterThan(50)
  })

  it('puts every line of text on the fixed 24 pt grid from the top margin', async () => {
    const body = (await words).filter((w) => w.yMax <= footerTop)
    for (const w of body) {
      // The line box is 24 pt tall and the text is centred in it.
      const lineTop = w.yMin - (LAYOUT.lineHeight - (w.yMax - w.yMin)) / 2
      const lines = (lineTop - LAYOUT.margin) / LAYOUT.lineHeight
      expect(Math.abs(lines - Math.round(lines)), `${w.text} at ${w.yMin}`).toBeLessThan(0.01)
    }
  })
})
