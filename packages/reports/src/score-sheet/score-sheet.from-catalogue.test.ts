import { SERVICE_LEAP_V2, type ScoreEntry } from '@leap/domain'
import { describe, expect, it } from 'vitest'
import { pdfText } from '../test-support/poppler.js'
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
})
