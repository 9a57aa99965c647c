import { QUALITY_V1, SERVICE_LEAP_V2, type ScoreEntry } from '@leap/domain'
import { describe, expect, it } from 'vitest'
import { pdfText, pdfWords } from '../test-support/poppler.js'
import { LAYOUT } from '../document/pdf-renderer.js'
import { scoreSheetInputFromCatalogue, type ScoreSheetMeta } from './score-sheet.from-catalogue.js'
import { renderScoreSheetPdf } from './score-sheet.pdf.js'
import { scoreSheetSchema } from './score-sheet.schema.js'

const META: ScoreSheetMeta = {
  branch: { code: 'ILA', name: '宜蘭分署' },
  round: { rocYear: 114, half: 2 },
  inspectedOn: '2025-10-08',
  committee: [{ name: '王大明', role: 'convener' }],
  signOff: null,
}

const criteria = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria)

describe('scoreSheetInputFromCatalogue', () => {
  it('takes the total from the domain, tiers by id or points, and keeps findings', async () => {
    const entries: ScoreEntry[] = criteria.map((c, i) =>
      i === 0 ? { criterionCode: c.code, tierId: c.tiers[1]!.id, finding: '書表範例不足' } : { criterionCode: c.code, points: c.maxPoints },
    )
    const input = scoreSheetInputFromCatalogue(SERVICE_LEAP_V2, entries, META)
    expect(scoreSheetSchema.safeParse(input).success).toBe(true)
    expect(input.total).toBe(1000 - (criteria[0]!.maxPoints - criteria[0]!.tiers[1]!.points))
    expect(input.dimensions[0]!.criteria[0]).toMatchObject({ points: criteria[0]!.tiers[1]!.points, finding: '書表範例不足' })
    const text = pdfText(await renderScoreSheetPdf(input)).replace(/\s+/g, '')
    expect(text).toContain('宜蘭分署')
    expect(text).toContain('114年10月8日')
    expect(text).toContain('書表範例不足')
  })

  it('refuses an incomplete sheet with the domain error', () => {
    const entries: ScoreEntry[] = criteria.slice(1).map((c) => ({ criterionCode: c.code, points: c.maxPoints }))
    expect(() => scoreSheetInputFromCatalogue(SERVICE_LEAP_V2, entries, META)).toThrow(expect.objectContaining({ code: 'SHEET_INCOMPLETE' }))
  })

  it('builds the 100年 v1 sheet from its own catalogue: its dimensions, criteria and total, parsed back from the PDF', async () => {
    const v1 = QUALITY_V1.dimensions.flatMap((d) => d.criteria)
    // Every criterion on its second tier: the total is the domain's, below 1000.
    const entries: ScoreEntry[] = v1.map((c) => ({ criterionCode: c.code, tierId: c.tiers[1]!.id, finding: `${c.title.zh}待加強` }))
    const input = scoreSheetInputFromCatalogue(QUALITY_V1, entries, META)
    expect(input.catalogueVersion).toBe('v1')
    expect(input.dimensions.map((d) => d.title)).toEqual(['優質便民服務', '資訊流通服務', '創新增值服務'])
    expect(input.total).toBe(v1.reduce((s, c) => s + c.tiers[1]!.points, 0))
    const pdf = await renderScoreSheetPdf(input)
    const text = pdfText(pdf).replace(/\s+/g, '')
    expect(text).toContain(QUALITY_V1.title.zh)
    // The catalogue's version is the system's tag, not part of the agency's title.
    expect(text).not.toContain('v1')
    expect(text).not.toContain('基礎服務')
    // The 考核項目 column (long v1 titles wrap inside it), read top to bottom page by page.
    // The column ends where the header 評分 of the next column starts (widths follow the content).
    const words = pdfWords(pdf)
    const firstColumnEnd = words.find((w) => w.text === '評分')!.xMin - 3
    expect(firstColumnEnd).toBeGreaterThan(LAYOUT.margin + 60)
    const column = words
      .filter((w) => w.xMax <= firstColumnEnd + 1)
      .sort((a, b) => a.page - b.page || a.yMin - b.yMin || a.xMin - b.xMin)
      .map((w) => w.text)
      .join('')
    const expected = QUALITY_V1.dimensions.flatMap((d, i) => [`${['壹', '貳', '參'][i]}、${d.title.zh}`, ...d.criteria.map((c, k) => `${'一二三四五六七'[k]}、${c.title.zh}`)])
    let from = 0
    for (const heading of [...expected, '總分']) {
      const at = column.indexOf(heading, from)
      expect(at, heading).toBeGreaterThanOrEqual(from)
      from = at + heading.length
    }
  })
})
