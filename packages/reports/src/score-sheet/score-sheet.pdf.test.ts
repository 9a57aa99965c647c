import { describe, expect, it } from 'vitest'
import { pdfFonts, pdfInfo, pdfPages, pdfText, inkPerPage } from '../test-support/poppler.js'
import { sampleScoreSheet } from '../test-support/fixtures.js'
import { renderScoreSheetPdf } from './score-sheet.pdf.js'
import { sheetHash } from './sheet-hash.js'

const A4 = { width: 595.28, height: 841.89 }

describe('renderScoreSheetPdf', () => {
  const sheet = sampleScoreSheet()
  const rendered = renderScoreSheetPdf(sheet)

  it('prints the header, the five columns, every criterion and the total', async () => {
    const text = pdfText(await rendered).replace(/[ \t]+/g, ' ')
    expect(text).toContain('法務部行政執行署臺北分署')
    expect(text).toContain('考核日期：114年3月5日')
    expect(text).toContain('114年上半年')
    expect(text).toContain('召集人 王大明')
    expect(text).toContain('執行秘書 張志強')
    for (const header of ['考核項目', '評分', '考核內容', '配分', '紀錄事項']) expect(text).toContain(header)
    for (const heading of ['壹、基礎服務', '貳、服務遞送', '參、服務量能', '肆、服務評價']) expect(text).toContain(heading)
    expect(text).toContain(`總分 ${sheet.total} 分（滿分 1000 分），達及格門檻 750 分。`)
    expect(text).toContain('系統簽核：王大明')
    // 06:30 UTC is 14:30 in Taipei.
    expect(text).toContain('114年3月5日 14:30')
  })

  it('is A4 portrait on every page and states the page count in each footer', async () => {
    const pdf = await rendered
    const info = pdfInfo(pdf)
    expect(info.pages).toBeGreaterThanOrEqual(2)
    expect(info.sizes).toHaveLength(info.pages)
    for (const size of info.sizes) expect(size).toEqual(A4)
    const pages = pdfPages(pdf)
    expect(pages).toHaveLength(info.pages)
    pages.forEach((page, i) => expect(page).toContain(`第 ${i + 1} 頁／共 ${info.pages} 頁`))
  })

  it('prints the content hash on every page', async () => {
    const hash = sheetHash(sheet)
    const pages = pdfPages(await rendered)
    for (const page of pages) expect(page).toContain(`內容雜湊 ${hash}`)
  })

  it('embeds a subset of the Kai font and uses no other font', async () => {
    const pdf = await rendered
    const fonts = pdfFonts(pdf)
    expect(fonts).toHaveLength(1)
    expect(fonts[0]).toMatchObject({ embedded: true, subset: true })
    expect(fonts[0]!.name).toMatch(/^[A-Z]{6}\+UKaiTW$/)
    expect(Buffer.from(pdf).toString('latin1')).toContain('/FontFile2')
    // A subset: far smaller than the 17 MB collection.
    expect(pdf.byteLength).toBeLessThan(1_000_000)
  })

  it('draws ink on every page', async () => {
    const pages = inkPerPage(await rendered)
    expect(pages.length).toBeGreaterThanOrEqual(2)
    for (const page of pages) {
      expect(page.width).toBeGreaterThan(400)
      expect(page.ink).toBeGreaterThan(2_000)
    }
  })

  it('states the 750 rule and the improvement plan below the threshold', async () => {
    const failing = sampleScoreSheet((i) => (i % 2 === 0 ? 3 : 0))
    failing.improvementPlan = '請秘書室於三個月內更新陳情處理流程。'
    expect(failing.total).toBeLessThan(750)
    const text = pdfText(await renderScoreSheetPdf(failing))
    expect(text).toContain('未達 750 分，應提出具體改善作法。')
    expect(text).toContain('具體改善作法')
    expect(text).toContain('請秘書室於三個月內更新陳情處理流程。')
  })

  it('marks an unsigned sheet as a draft', async () => {
    const text = pdfText(await renderScoreSheetPdf({ ...sheet, signOff: null }))
    expect(text).toContain('尚未簽核（草稿）')
  })

  it('gives the same bytes for the same data and creation time, so an archived copy can be checked', async () => {
    const at = new Date('2025-03-05T07:00:00Z')
    const [a, b] = await Promise.all([renderScoreSheetPdf(sheet, { createdAt: at }), renderScoreSheetPdf(structuredClone(sheet), { createdAt: at })])
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
  })

  it('refuses a total that is not the sum of the points', async () => {
    await expect(renderScoreSheetPdf({ ...sheet, total: sheet.total + 10 })).rejects.toThrow(/total/)
  })
})
