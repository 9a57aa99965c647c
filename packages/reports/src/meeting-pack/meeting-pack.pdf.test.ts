import { describe, expect, it } from 'vitest'
import { REMEDIATION_STATUS_LABELS } from '../remediation/remediation-item.schema.js'
import { renderScoreSheetPdf } from '../score-sheet/score-sheet.pdf.js'
import { sheetHash } from '../score-sheet/sheet-hash.js'
import { sampleRemediationItems, sampleScoreSheet } from '../test-support/fixtures.js'
import { inkPerPage, pdfFonts, pdfInfo, pdfPages } from '../test-support/poppler.js'
import { renderMeetingPackPdf } from './meeting-pack.pdf.js'
import type { MeetingPackInput } from './meeting-pack.schema.js'

function samplePack(): MeetingPackInput {
  const tpe = sampleScoreSheet()
  const ila = { ...sampleScoreSheet((i) => (i % 2 === 0 ? 3 : 0)), branch: { code: 'ILA', name: '宜蘭分署' }, inspectedOn: '2025-03-12', improvementPlan: '請各科室於下次會議前提出改善報告。' }
  const items = sampleRemediationItems(5).map((item, i) => ({ ...item, note: i === 0 ? '已更新流程圖並公告。' : null, decision: i === 0 ? ('close' as const) : ('continue' as const) }))
  return {
    meeting: {
      title: '臺北分署114年上半年為民服務任務編組會議',
      branch: { code: 'TPE', name: '臺北分署' },
      heldOn: '2025-03-20',
      time: '14:30',
      place: '第一會議室',
      chair: '王大明',
      attendees: ['李小華', '陳美玲'],
      recorder: '張志強',
      resolutions: '一、陳情流程圖更新事項准予解除列管。\n\n二、其餘事項繼續列管，於下次會議提報。',
    },
    items,
    scoreSheets: [tpe, ila],
  }
}

describe('renderMeetingPackPdf', () => {
  const pack = samplePack()
  const rendered = renderMeetingPackPdf(pack)

  it('starts with the minutes and the remediation items reported, with their decisions', async () => {
    const pages = pdfPages(await rendered)
    // pdftotext breaks lines where the layout wrapped them: compare without whitespace.
    const minutes = pages[0]!.replace(/\s+/g, '')
    expect(minutes).toContain('臺北分署114年上半年為民服務任務編組會議紀錄')
    expect(minutes).toContain('時間：114年3月20日（星期四）下午2時30分')
    expect(minutes).toContain('地點：第一會議室')
    expect(minutes).toContain('不定期考核應改進事項執行情形')
    expect(minutes).toContain('114上-001')
    expect(minutes).toContain('解除列管')
    expect(minutes).toContain('繼續列管')
    const all = pages.join('').replace(/\s+/g, '')
    expect(all).toContain('陳情流程圖更新事項准予解除列管')
  })

  it('prints 執行情形 with the status word on a line of its own and the note under it, so a long note wraps as a sentence', async () => {
    const long = samplePack()
    long.items = long.items!.map((item, i) => (i === 1 ? { ...item, note: '解除列管：辦理中，持續列管' } : item))
    const status = long.items[1]!.status!
    const page = pdfPages(await renderMeetingPackPdf(long))[0]!
    // pdftotext gives the row's first line as 「… 114/02/15 辦理中」 and the note starting a line of its own.
    expect(page).toMatch(new RegExp(`114/02/15 ${REMEDIATION_STATUS_LABELS[status]}$`, 'm'))
    expect(page).toMatch(/^解除列管：辦理中，/m)
  })

  it('appends each score sheet, every one of its pages carrying its own hash', async () => {
    const pdf = await rendered
    const pages = pdfPages(pdf)
    const [tpe, ila] = pack.scoreSheets!.map((s) => sheetHash(s))
    const tpePages = pages.filter((p) => p.includes(`內容雜湊 ${tpe} ·`))
    const ilaPages = pages.filter((p) => p.includes(`內容雜湊 ${ila} ·`))
    // Each sheet takes as many pages as when rendered alone.
    const alone = await Promise.all(pack.scoreSheets!.map((s) => renderScoreSheetPdf(s)))
    expect(tpePages).toHaveLength(pdfInfo(alone[0]!).pages)
    expect(ilaPages).toHaveLength(pdfInfo(alone[1]!).pages)
    expect(ilaPages[0]).toContain('宜蘭分署')
    expect(ilaPages.join('')).toContain('請各科室於下次會議前提出改善報告。')
    const minutesPages = pages.length - tpePages.length - ilaPages.length
    expect(minutesPages).toBeGreaterThanOrEqual(1)
    pages.slice(0, minutesPages).forEach((p) => expect(p).toContain('任務編組會議 會議紀錄'))
    // The minutes list both attached sheets with their hashes.
    expect(pages.slice(0, minutesPages).join('')).toContain(tpe)
  })

  it('is one A4 document with the Kai subset embedded and ink on every page', async () => {
    const pdf = await rendered
    const info = pdfInfo(pdf)
    info.sizes.forEach((s) => expect(s).toEqual({ width: 595.28, height: 841.89 }))
    pdfPages(pdf).forEach((p, i) => expect(p).toContain(`第 ${i + 1} 頁／共 ${info.pages} 頁`))
    const fonts = pdfFonts(pdf)
    expect(fonts).toHaveLength(1)
    expect(fonts[0]).toMatchObject({ embedded: true, subset: true })
    for (const page of inkPerPage(pdf)) expect(page.ink).toBeGreaterThan(1_000)
  })
})
