// Every golden figure of DOMAIN.md §6, from the seeds' inputs to the published result, and every
// published figure the seeds get wrong, flagged as a mismatch.
import { describe, expect, it } from 'vitest'
import { ratioPercent } from '../rounding.js'
import { disclosureRatio } from './disclosure.js'
import { phoneCourtesyBand, phoneCourtesySummary } from './phone-courtesy.js'
import { petitionTimeliness, type PetitionRecord } from './petition-timeliness.js'
import { checkPublished, checkPublishedTotal, fittingDenominators, sharesFitDenominator } from './published-check.js'
import { noonCollectionShare } from './ratios.js'
import { surveySatisfaction, type SurveyTally } from './survey-satisfaction.js'
import { waitingTimeSummary } from './waiting-time.js'

describe('seed 002 (臺南分署 106年1至6月): five-level surveys, 166 forms returned', () => {
  it.each<[string, number[], number, number]>([
    ['D 服務台服務', [112, 50, 3, 0, 0], 1, 98.18],
    ['A 洽公環境', [95, 66, 5, 0, 0], 0, 96.99],
    ['C 電話禮貌', [86, 64, 7, 0, 0], 9, 95.54],
    ['E 機關網站', [81, 62, 16, 0, 0], 7, 89.94],
    ['H 規定解說', [99, 62, 4, 0, 0], 1, 97.58],
  ])('%s: %o with %i invalid → %d', (_question, counts, invalid, printed) => {
    const result = surveySatisfaction({ scale: 'five', counts, invalid, returned: 166 })
    expect(result.valid).toBe(166 - invalid)
    expect(result.rate).toBe(printed)
    expect(checkPublished(result.rate!, printed).mismatch).toBe(false)
  })

  it('K waiting time: 69/52/13/2/0 with 30 invalid of 166 → 88.97, 50.74, 38.24, average 7.90 min', () => {
    const k = waitingTimeSummary({ buckets: [69, 52, 13, 2, 0], invalid: 30, returned: 166 }, { mode: 'published' })
    expect(k.valid).toBe(136)
    expect(k.within15Share).toBe(88.97)
    expect(k.shares[0]).toBe(50.74)
    expect(k.shares[1]).toBe(38.24)
    expect(k.averageMinutes).toBe(7.9)
    // No one waited 60+ minutes, so the corrected mode agrees here.
    expect(waitingTimeSummary({ buckets: [69, 52, 13, 2, 0], invalid: 30, returned: 166 }, { mode: 'corrected' }).averageMinutes).toBe(7.9)
  })

  it('phone tests: 18 persons averaging 92.17 → 優', () => {
    const scores = [...Array<number>(15).fill(92), 93, 93, 93] // 1659 / 18 = 92.1666…
    expect(phoneCourtesySummary(scores)).toEqual({ count: 18, average: 92.17, band: '優' })
    expect(phoneCourtesyBand(92.17)).toBe('優')
  })

  it('noon collection: 1,729,838 of 620,592,791 → 0.28%', () => {
    expect(noonCollectionShare(1_729_838, 620_592_791)).toBe(0.28)
  })

  it('§7 disclosure: clauses 7, 9, 10 do not apply, the other 7 are published → 100%', () => {
    const applicable = [1, 2, 3, 4, 5, 6, 8]
    expect(disclosureRatio({ applicable, published: applicable })).toEqual({ applicable: 7, published: 7, ratio: 100, missing: [] })
  })

  it('petitions: 2 cases, both 行政權益維護, one oral and one by phone, average 2.5 days', () => {
    const cases: PetitionRecord[] = [
      { category: '行政權益維護', channel: '口頭', days: 2 },
      { category: '行政權益維護', channel: '電話', days: 3 },
    ]
    const result = petitionTimeliness(cases)
    expect(result.averageDays).toBe(2.5)
    expect(result.byCategory.find((r) => r.key === '行政權益維護')).toEqual({ key: '行政權益維護', count: 2, share: 100 })
    expect(result.byChannel.map((r) => r.share)).toEqual([50, 0, 50, 0, 0])
  })

  it('WRONG: the payment total is printed as 56,372,466 but its parts add to 156,110,403', () => {
    // 四大便利商店 21,934 筆 56,341,202 元 + 郵局、銀行 9,330 筆 99,769,201 元 (lines 396, 405).
    const amount = checkPublishedTotal([56_341_202, 99_769_201], 56_372_466)
    expect(amount).toEqual({ computed: 156_110_403, printed: 56_372_466, mismatch: true, difference: 99_737_937 })
    // The record count printed beside it is right.
    expect(checkPublishedTotal([21_934, 9_330], 31_264).mismatch).toBe(false)
  })
})

describe('seed 003 (宜蘭分署 114年1至12月): four-level surveys', () => {
  it.each<[string, number[], number]>([
    ['洽公環境', [80, 23, 1, 2], 97.17],
    ['整體滿意度', [87, 16, 2, 0], 98.1],
  ])('%s: %o → %d', (_question, counts, printed) => {
    const result = surveySatisfaction({ scale: 'four', counts })
    expect(result.rate).toBe(printed)
    expect(checkPublished(result.rate!, printed).mismatch).toBe(false)
  })

  it('the printed level shares of 洽公環境 (75.47/21.70/0.94/1.89) reproduce', () => {
    expect(surveySatisfaction({ scale: 'four', counts: [80, 23, 1, 2] }).shares).toEqual([75.47, 21.7, 0.94, 1.89])
  })

  it('petitions: 18 cases, 17 closed within 6 days and 1 on day 6 → 100% on time', () => {
    const cases: PetitionRecord[] = [
      ...Array.from({ length: 17 }, (): PetitionRecord => ({ category: '其他', channel: '電子郵件', days: 3 })),
      { category: '其他', channel: '電子郵件', receivedOn: '2025-03-03', closedOn: '2025-03-09' },
    ]
    const result = petitionTimeliness(cases)
    expect(result.onTime).toBe(18)
    expect(result.onTimeShare).toBe(100)
  })

  it('WRONG: the waiting-time shares 83.65 / 12.50 / 96.15 fit 104 valid answers, not the 106 stated', () => {
    const printed = [83.65, 12.5, 96.15]
    expect(sharesFitDenominator(printed, 106)).toBe(false)
    expect(sharesFitDenominator(printed, 104)).toBe(true)
    expect(fittingDenominators(printed, 90, 120)).toEqual([104])
    const summary = waitingTimeSummary({ buckets: [87, 0, 13, 4, 0] }, { mode: 'published' })
    expect([summary.within15Share, summary.shares[2], summary.within30Share]).toEqual(printed)
    // Recomputing with the stated 106 flags the printed share.
    expect(checkPublished(ratioPercent(87, 106), 83.65).mismatch).toBe(true)
  })
})

describe('seed 000 (桃園行政執行處 100年1至3月): three buckets, 75 valid forms', () => {
  it('環境滿意度: 70 satisfied, 4 neutral of 75 → 93.33 / 5.33', () => {
    const tally: SurveyTally = { scale: 'three', counts: [70, 4, 1] }
    const result = surveySatisfaction(tally)
    expect(result.rate).toBe(93.33)
    expect(result.neutralShare).toBe(5.33)
  })

  it('WRONG: 71 of 75 is printed once as 94.66 (禮遇) and once as 94.67 (流程效率); half up gives 94.67', () => {
    const rate = surveySatisfaction({ scale: 'three', counts: [71, 4, 0] }).rate!
    expect(rate).toBe(94.67)
    expect(checkPublished(rate, 94.66)).toEqual({ computed: 94.67, printed: 94.66, mismatch: true, difference: 0.01 })
    expect(checkPublished(rate, 94.67).mismatch).toBe(false)
  })

  it('WRONG: the e-document total is printed as 12,853 but 11,412 + 1,443 = 12,855', () => {
    expect(checkPublishedTotal([11_412, 1_443], 12_853)).toEqual({ computed: 12_855, printed: 12_853, mismatch: true, difference: 2 })
    // Its monthly parts are right: 3,424 + 3,215 + 4,773 = 11,412 and 457 + 316 + 670 = 1,443.
    expect(checkPublishedTotal([3_424, 3_215, 4_773], 11_412).mismatch).toBe(false)
    expect(checkPublishedTotal([457, 316, 670], 1_443).mismatch).toBe(false)
  })
})
