import { formatRocDate } from '@leap/domain'
import type { Block } from '../document/blocks.js'
import { renderPdf } from '../document/pdf-renderer.js'
import { outlineNumber } from '../format/outline-number.js'
import { remediationCountsText } from '../remediation/remediation-counts-text.js'
import { REMEDIATION_STATUS_LABELS, remediationCounts } from '../remediation/remediation-item.schema.js'
import { formatPoints, GAP, scoreSheetBlocks, scoreSheetFooter, signatureTable, type PdfOptions } from '../score-sheet/score-sheet.pdf.js'
import { sheetHash } from '../score-sheet/sheet-hash.js'
import { meetingPackSchema, type MeetingPackData, type MeetingPackInput } from './meeting-pack.schema.js'

const DECISION_LABEL = { close: '解除列管', continue: '繼續列管' } as const

function paragraphs(text: string, fallback: string): Block[] {
  const parts = text.trim() ? text.trim().split(/\n\s*\n/) : [fallback]
  return parts.map((p) => ({ kind: 'paragraph', text: p.trim(), indent: 2 }))
}

/** A blank to fill in by hand where the record has no value (an unset place or clock time). */
const BLANK = '＿＿＿＿＿＿＿＿'
const WEEKDAYS = '日一二三四五六'

/**
 * A clock time `HH:MM` as Taiwanese minutes write it: 上午9時30分, 中午12時, 下午2時30分
 * (12-hour, whole hours without 分); '' gives the blanks to fill in by hand, 「＿＿時＿＿分」.
 */
export function formatMeetingTime(time: string): string {
  const match = /^(\d{2}):(\d{2})$/.exec(time)
  if (!match) return '＿＿時＿＿分'
  const hour = Number(match[1])
  const minute = Number(match[2])
  const period = hour < 12 ? '上午' : hour === 12 ? '中午' : '下午'
  const clock = hour > 12 ? hour - 12 : hour
  return `${period}${clock}時${minute > 0 ? `${minute}分` : ''}`
}

/** Minutes written with their own outline (一、報告事項 …) are the whole record, not only the resolutions. */
const OWN_OUTLINE = /^\s*[一二三四五六七八九十]+、\s*(報告|討論|提案|臨時動議|決議|主席|會議)/m


function minutesBlocks(pack: MeetingPackData, hashes: string[]): Block[] {
  const m = pack.meeting
  const counts = remediationCounts(pack.items, m.heldOn)
  const weekday = WEEKDAYS[new Date(`${m.heldOn}T00:00:00Z`).getUTCDay()]
  const blocks: Block[] = [
    { kind: 'section', footer: `${m.title} 會議紀錄` },
    { kind: 'title', text: `${m.title}紀錄` },
    { kind: 'paragraph', text: '（會議紀錄及考核項目評分表函送法務部行政執行署備查）', align: 'center' },
    { kind: 'heading', level: 0, label: outlineNumber(0, 1), text: '會議資訊' },
    { kind: 'paragraph', indent: 2, text: `時間：${formatRocDate(m.heldOn)}（星期${weekday}）${formatMeetingTime(m.time)}` },
    { kind: 'paragraph', indent: 2, text: `地點：${m.place || BLANK}` },
    { kind: 'paragraph', indent: 2, text: `主席：${m.chair}${GAP}紀錄：${m.recorder || BLANK}` },
    { kind: 'paragraph', indent: 2, text: `出席人員：${m.attendees.length > 0 ? m.attendees.join('、') : BLANK}` },
    { kind: 'heading', level: 0, label: outlineNumber(0, 2), text: '報告事項' },
    { kind: 'heading', level: 1, label: outlineNumber(1, 1), text: '不定期考核應改進事項執行情形' },
  ]
  if (pack.items.length === 0) {
    blocks.push({ kind: 'paragraph', indent: 2, text: '本次會議無列管中之應改進事項。' })
  } else {
    blocks.push({ kind: 'paragraph', indent: 2, text: `提報應改進事項${remediationCountsText(counts)}；本次決議解除列管 ${pack.items.filter((i) => i.decision === 'close').length} 件。` })
    blocks.push({
      kind: 'table',
      fontSize: 12,
      columns: [
        { header: '編號', width: 1 },
        { header: '應改進事項', width: 3.4 },
        { header: '承辦單位', width: 1 },
        { header: '完成期限', width: 1, align: 'center' },
        { header: '執行情形', width: 3 },
        { header: '決議', width: 1, align: 'center' },
      ],
      rows: pack.items.map((i) => ({
        cells: [
          i.ref,
          i.title,
          i.unit,
          i.dueDate ? formatRocDate(i.dueDate, 'slash') : '',
          // The status word on a line of its own, the note under it: a long note then wraps as a
          // sentence of its own instead of breaking the status word (列管中：解除列／管…).
          [REMEDIATION_STATUS_LABELS[i.status], i.note ?? i.latestProgress].filter(Boolean).join('\n'),
          i.decision ? DECISION_LABEL[i.decision] : '',
        ],
      })),
    })
  }
  if (m.reports.trim()) {
    blocks.push({ kind: 'heading', level: 1, label: outlineNumber(1, 2), text: '其他報告事項' })
    blocks.push(...paragraphs(m.reports, ''))
  }
  blocks.push({ kind: 'heading', level: 0, label: outlineNumber(0, 3), text: OWN_OUTLINE.test(m.resolutions) ? '會議紀錄' : '討論事項及決議' })
  blocks.push(...paragraphs(m.resolutions, '無。'))
  blocks.push({ kind: 'heading', level: 0, label: outlineNumber(0, 4), text: '簽署' })
  blocks.push(signatureTable([{ role: '主席', name: m.chair }, { role: '紀錄', name: m.recorder }]))
  blocks.push({ kind: 'heading', level: 0, label: outlineNumber(0, 5), text: '附件：考核項目評分表' })
  if (pack.scoreSheets.length === 0) blocks.push({ kind: 'paragraph', indent: 2, text: '無。' })
  pack.scoreSheets.forEach((s, i) => {
    blocks.push({
      kind: 'paragraph',
      indent: 2,
      text: `${outlineNumber(3, i + 1)}${s.branch.name} ${formatRocDate(s.inspectedOn)} 總分 ${formatPoints(s.total)} 分（內容雜湊 ${hashes[i]}）`,
    })
  })
  return blocks
}

/**
 * The meeting pack as one PDF: the minutes (meeting details, the remediation items reported with
 * their status and the committee's decision, other reports, resolutions, the list of attached
 * sheets), then each score sheet on its own pages with its own content hash in the footer — the
 * submission sent to the agency for the record.
 * @throws ZodError when `input` is invalid; KaiFontMissingError without a font.
 */
export async function renderMeetingPackPdf(input: MeetingPackInput, options: PdfOptions = {}): Promise<Uint8Array> {
  const pack = meetingPackSchema.parse(input)
  const hashes = pack.scoreSheets.map((s) => sheetHash(s))
  const blocks = minutesBlocks(pack, hashes)
  pack.scoreSheets.forEach((sheet, i) => {
    blocks.push({ kind: 'section', footer: scoreSheetFooter(sheet, hashes[i]!) })
    blocks.push(...scoreSheetBlocks(sheet, hashes[i]!))
  })
  return renderPdf(blocks, {
    font: options.font,
    onTable: options.onTable,
    info: { title: `${pack.meeting.title}紀錄及考核項目評分表`, createdAt: options.createdAt },
    footer: ({ page, pages, sectionFooter }) => `${sectionFooter ?? pack.meeting.title} · 第 ${page} 頁／共 ${pages} 頁`,
  })
}
