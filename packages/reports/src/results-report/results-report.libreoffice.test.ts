import { describe, expect, it } from 'vitest'
import { sampleYearReport } from '../test-support/documents.js'
import { sampleResultsReport } from '../test-support/fixtures.js'
import { docxToPdf } from '../test-support/libreoffice.js'
import { pdfFonts, pdfInfo, pdfPages, pdfText } from '../test-support/poppler.js'
import { renderResultsReportDocx, renderResultsReportPdf } from './results-report.render.js'

const A4 = { width: 595.28, height: 841.89 }

describe.each([
  ['第1次 (seed 002)', sampleResultsReport],
  ['第2次, petitions in two months', sampleYearReport],
])('the results report %s rendered from its .docx by LibreOffice', (_name, input) => {
  const rendered = Promise.all([renderResultsReportDocx(input()), renderResultsReportPdf(input())]).then(([docx, pdf]) => ({ fromDocx: docxToPdf(docx), pdf }))

  it('has as many pages as the PDF of the same report, every one A4 portrait', async () => {
    const { fromDocx, pdf } = await rendered
    const word = pdfInfo(fromDocx)
    expect(word.pages).toBe(pdfInfo(pdf).pages)
    for (const size of word.sizes) {
      expect(size.width).toBeCloseTo(A4.width, 0)
      expect(size.height).toBeCloseTo(A4.height, 0)
    }
  }, 180_000)

  it('is set in the embedded Kai face only, as the PDF is', async () => {
    const { fromDocx, pdf } = await rendered
    const face = (name: string) => name.replace(/^[A-Z]{6}\+/, '').replace(/-Subset$/, '')
    expect([...new Set(pdfFonts(fromDocx).map((f) => face(f.name)))]).toEqual([...new Set(pdfFonts(pdf).map((f) => face(f.name)))])
    expect(pdfFonts(pdf).map((f) => face(f.name))).toEqual(['UKaiTW'])
  }, 180_000)

  it('prints the same text, page numbers in the footer of each page', async () => {
    const { fromDocx, pdf } = await rendered
    const squash = (t: string) => t.replace(/\s+/g, '')
    const word = squash(pdfText(fromDocx))
    for (const line of pdfText(pdf).split('\n').map(squash).filter((l) => l.length >= 6 && !l.includes('頁'))) expect(word, line).toContain(line)
    const pages = pdfPages(fromDocx)
    pages.forEach((p, i) => expect(squash(p)).toContain(`第${i + 1}頁／共${pages.length}頁`))
  }, 180_000)
})
