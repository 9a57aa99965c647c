import { describe, expect, it } from 'vitest'
import { renderScoreSheetPdf } from '../score-sheet/score-sheet.pdf.js'
import { sampleScoreSheet } from '../test-support/fixtures.js'
import { pdfFonts } from '../test-support/poppler.js'
import { DEFAULT_KAI_FONT_PATH, KaiFontMissingError, loadKaiFont } from './kai-font.js'

describe('loadKaiFont', () => {
  it('defaults to the TW face of Debian’s ukai.ttc', () => {
    const font = loadKaiFont()
    expect(font).toMatchObject({ origin: DEFAULT_KAI_FONT_PATH, postscriptName: 'UKaiTW' })
    expect(font.data.byteLength).toBeGreaterThan(1_000_000)
  })

  it('says how to install a font when the file is missing', async () => {
    expect(() => loadKaiFont({ path: '/nonexistent/kaiu.ttf' })).toThrow(KaiFontMissingError)
    expect(() => loadKaiFont({ path: '/nonexistent/kaiu.ttf' })).toThrow(/apt-get install -y fonts-arphic-ukai/)
    await expect(renderScoreSheetPdf(sampleScoreSheet(), { font: { path: '/nonexistent/kaiu.ttf' } })).rejects.toThrow(KaiFontMissingError)
  })

  it('embeds bytes given by the caller', async () => {
    const { data } = loadKaiFont()
    const pdf = await renderScoreSheetPdf(sampleScoreSheet(), { font: { data, postscriptName: 'UKaiTW' } })
    expect(pdfFonts(pdf)[0]!.name).toMatch(/\+UKaiTW$/)
  })
})
