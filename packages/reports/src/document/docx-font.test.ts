import { createHash } from 'node:crypto'
import { create } from 'fontkit'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { loadKaiFont } from '../font/kai-font.js'
import { renderResultsReportDocx } from '../results-report/results-report.render.js'
import { docxText } from '../test-support/docx.js'
import { sampleResultsReport } from '../test-support/fixtures.js'
import { DOCX_KAI_FONT } from './docx-renderer.js'

/** ECMA-376 font de-obfuscation: the first 32 bytes XOR the key's 16 bytes, in reverse order. */
function deobfuscate(odttf: Uint8Array, fontKey: string): Uint8Array {
  const hex = fontKey.replace(/[{}-]/g, '')
  const key = Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(30 - 2 * i, 32 - 2 * i), 16))
  const out = odttf.slice()
  for (let i = 0; i < 32; i++) out[i]! ^= key[i % 16]!
  return out
}

describe('the .docx embeds a subset of the Kai font under the name 標楷體', () => {
  const docx = renderResultsReportDocx(sampleResultsReport())

  it('has word/fonts/*.odttf, referenced from word/fontTable.xml for 標楷體', async () => {
    const files = unzipSync(await docx)
    const fonts = Object.keys(files).filter((n) => /^word\/fonts\/.+\.odttf$/.test(n))
    expect(fonts).toEqual(['word/fonts/font1.odttf'])
    const table = strFromU8(files['word/fontTable.xml']!)
    const entry = /<w:font w:name="([^"]+)">([\s\S]*?)<\/w:font>/.exec(table)
    expect(entry?.[1]).toBe(DOCX_KAI_FONT)
    const embed = /<w:embedRegular r:id="([^"]+)" w:fontKey="(\{[0-9A-F-]{36}\})"/.exec(entry![2]!)
    expect(embed).not.toBeNull()
    const rels = strFromU8(files['word/_rels/fontTable.xml.rels']!)
    expect(rels).toMatch(new RegExp(`Id="${embed![1]}"[^>]*Target="fonts/font1.odttf"|Target="fonts/font1.odttf"[^>]*Id="${embed![1]}"`))
    expect(strFromU8(files['[Content_Types].xml']!)).toContain('Extension="odttf"')
    // The runs ask for the same name.
    expect(strFromU8(files['word/styles.xml']!)).toContain(`w:eastAsia="${DOCX_KAI_FONT}"`)
  })

  it('is a TrueType font named 標楷體 with a glyph for every character the document prints, and small', async () => {
    const bytes = await docx
    const files = unzipSync(bytes)
    const key = /w:fontKey="(\{[0-9A-F-]{36}\})"/.exec(strFromU8(files['word/fontTable.xml']!))![1]!
    const ttf = deobfuscate(files['word/fonts/font1.odttf']!, key)
    expect(new DataView(ttf.buffer).getUint32(0)).toBe(0x00010000)
    const font = create(Buffer.from(ttf))
    if ('fonts' in font) throw new Error('expected one face')
    expect(font.familyName).toBe(DOCX_KAI_FONT)
    const printed = [...new Set(docxText(bytes).replace(/\s/g, ''))]
    expect(printed.length).toBeGreaterThan(200)
    expect(printed.filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0)!))).toEqual([])
    // Glyphs are the face's own outlines, not empty boxes.
    const original = create(Buffer.from(loadKaiFont().data), 'UKaiTW')
    if ('fonts' in original) throw new Error('expected one face')
    const sample = '躍'.codePointAt(0)!
    expect(font.glyphForCodePoint(sample).id).toBeGreaterThan(0)
    expect(font.numGlyphs).toBeLessThan(printed.length + 200)
    expect(font.numGlyphs).toBeLessThan(original.numGlyphs / 20)
    // ~0.4 KB per Kai glyph: the whole face would be ~17 MB.
    expect(ttf.length).toBeLessThan(600_000)
    expect(bytes.length).toBeLessThan(700_000)
  })

  it('leaves the font bytes the PDFs share untouched', async () => {
    const digest = () => createHash('sha256').update(loadKaiFont().data).digest('hex')
    const before = digest()
    await renderResultsReportDocx(sampleResultsReport())
    expect(digest()).toBe(before)
  })

  it('embeds nothing when asked not to', async () => {
    const files = unzipSync(await renderResultsReportDocx(sampleResultsReport(), { font: false }))
    expect(Object.keys(files).some((n) => n.endsWith('.odttf'))).toBe(false)
  })
})
