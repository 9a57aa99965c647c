import { formatRocDate, roundLabel } from '@leap/domain'
import type { Block, TableRow } from '../document/blocks.js'
import { renderPdf, type PdfRenderOptions } from '../document/pdf-renderer.js'
import type { KaiFontSource } from '../font/kai-font.js'
import { outlineNumber } from '../format/outline-number.js'
import { formatTaipeiDateTime } from '../format/taipei-time.js'
import { scoreSheetSchema, type ScoreSheetData, type ScoreSheetInput } from './score-sheet.schema.js'
import { sheetHash } from './sheet-hash.js'

/** Options shared by the PDF generators. */
export interface PdfOptions {
  /** The Kai font; default Debian's ukai.ttc (see `loadKaiFont`). */
  font?: KaiFontSource
  /** CreationDate written into the PDF; default now. Pass a fixed instant for byte-stable output. */
  createdAt?: Date
  /** Called with the layout of each table (tests hold the layout rules with it). */
  onTable?: PdfRenderOptions['onTable']
}

/** Ideographic space (U+3000) between fields on one line. */
export const GAP = '\u3000'

const ROLE_LABEL = { convener: '召集人', member: '委員', secretary: '執行秘書' } as const

/** Points as printed: integers plain, otherwise up to two decimals. */
export function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : String(Number(points.toFixed(2)))
}

/** The footer line of a score sheet's pages: branch, date and the content hash. */
export function scoreSheetFooter(sheet: ScoreSheetData, hash: string): string {
  return `${sheet.branch.name} ${formatRocDate(sheet.inspectedOn)} 考核評分表 · 內容雜湊 ${hash}`
}

/**
 * The blocks of one score sheet (header, the five-column table with dimension subtotals and the
 * total, the improvement plan, the sign-off); used alone and inside the meeting pack.
 */
export function scoreSheetBlocks(sheet: ScoreSheetData, hash: string): Block[] {
  const committee = sheet.committee.map((m) => `${ROLE_LABEL[m.role]} ${m.name}`).join('、')
  const rows: TableRow[] = []
  sheet.dimensions.forEach((dimension, di) => {
    const subtotal = dimension.criteria.reduce((s, c) => s + (c.points ?? 0), 0)
    rows.push({ cells: [`${outlineNumber(0, di + 1)}${dimension.title}`, formatPoints(subtotal), '', formatPoints(dimension.maxPoints), ''], total: true })
    dimension.criteria.forEach((c, ci) => {
      rows.push({
        cells: [
          `${outlineNumber(1, ci + 1)}${c.title}`,
          c.notApplicable ? '不適用' : formatPoints(c.points ?? 0),
          c.content,
          formatPoints(c.maxPoints),
          c.finding ?? '',
        ],
      })
    })
  })
  const passed = sheet.total >= sheet.passThreshold
  rows.push({ cells: ['總分', formatPoints(sheet.total), passed ? '及格' : '未達及格門檻', formatPoints(sheet.totalPoints), ''], total: true })

  const blocks: Block[] = [
    { kind: 'title', text: `法務部行政執行署${sheet.branch.name}` },
    // The catalogue's version and the branch's code are the system's identifiers, not the agency's words.
    { kind: 'title', text: sheet.title },
    { kind: 'paragraph', text: `受考核分署：${sheet.branch.name}` },
    { kind: 'paragraph', text: `考核日期：${formatRocDate(sheet.inspectedOn)}${GAP}考核輪次：${roundLabel(sheet.round)}` },
    { kind: 'paragraph', text: `考核委員：${committee}` },
    {
      kind: 'table',
      columns: [
        { header: '考核項目', width: 1.2, align: 'left' },
        { header: '評分', width: 0.8, align: 'center' },
        { header: '考核內容', width: 8, align: 'left' },
        { header: '配分', width: 0.8, align: 'center' },
        { header: '紀錄事項', width: 1.8, align: 'left' },
      ],
      rows,
    },
    {
      kind: 'paragraph',
      text:
        `總分 ${formatPoints(sheet.total)} 分（滿分 ${formatPoints(sheet.totalPoints)} 分），` +
        (passed ? `達及格門檻 ${formatPoints(sheet.passThreshold)} 分。` : `未達 ${formatPoints(sheet.passThreshold)} 分，應提出具體改善作法。`),
    },
  ]
  // The parts after the table continue the dimensions' numbering (壹–肆 are the dimensions).
  let section = sheet.dimensions.length + 1
  if (!passed || sheet.improvementPlan) {
    blocks.push({ kind: 'heading', level: 0, label: outlineNumber(0, section++), text: '具體改善作法' })
    blocks.push({ kind: 'paragraph', text: sheet.improvementPlan ?? '（總分未達及格門檻，具體改善作法尚待任務編組提出。）', indent: 2 })
  }
  blocks.push({ kind: 'heading', level: 0, label: outlineNumber(0, section++), text: '簽核' })
  blocks.push({
    kind: 'paragraph',
    text:
      `${sheet.signOff ? `系統簽核：${sheet.signOff.signedBy}，${formatTaipeiDateTime(sheet.signOff.signedAt)}` : '尚未簽核（草稿）'}\n` +
      `內容雜湊（SHA-256 前 12 碼）：${hash}`,
    indent: 2,
  })
  blocks.push(signatureTable(sheet.committee.map((m) => ({ role: ROLE_LABEL[m.role], name: m.name }))))
  return blocks
}

/**
 * The signature table of a document: 職稱 · 姓名 · 簽名 · 日期, one row per signer, each three lines
 * (72 pt) tall so there is room to sign by hand, the date left as 「年 月 日」 to fill in. Kept on one
 * page with the heading above it.
 */
export function signatureTable(signers: readonly { role: string; name: string }[]): Block {
  return {
    kind: 'table',
    keepTogether: true,
    columns: [
      { header: '職稱', width: 1.2, align: 'center' },
      { header: '姓名', width: 1.6, align: 'center' },
      { header: '簽名', width: 3.2 },
      { header: '日期', width: 2.4, align: 'right' },
    ],
    rows: signers.map((s) => ({ cells: [`${s.role}\n\n`, s.name, '', '\n\n年　　月　　日'] })),
  }
}

/**
 * Renders one score sheet (考核項目評分表) as a PDF in the official layout: A4 portrait, 2 cm
 * margins, embedded Kai subset, 16/14 pt, 24 pt lines, numbering 壹、一、. Header: branch, ROC date,
 * committee. Table columns 考核項目 · 評分 · 考核內容 · 配分 · 紀錄事項 with dimension subtotals and
 * the total; below the pass threshold the 750 rule is stated. Every page's footer carries the
 * branch, the date, the content hash ({@link sheetHash}) and the page number.
 * @throws ZodError when `input` is not a valid sheet; KaiFontMissingError without a font.
 * @example const pdf = await renderScoreSheetPdf(sheet) // Uint8Array, starts with %PDF-
 */
export async function renderScoreSheetPdf(input: ScoreSheetInput, options: PdfOptions = {}): Promise<Uint8Array> {
  const sheet = scoreSheetSchema.parse(input)
  const hash = sheetHash(sheet)
  const footerText = scoreSheetFooter(sheet, hash)
  return renderPdf(scoreSheetBlocks(sheet, hash), {
    font: options.font,
    onTable: options.onTable,
    info: {
      title: `${sheet.branch.name} ${formatRocDate(sheet.inspectedOn)} ${sheet.title}`,
      subject: `content hash ${hash}`,
      createdAt: options.createdAt,
    },
    footer: ({ page, pages }) => `${footerText} · 第 ${page} 頁／共 ${pages} 頁`,
  })
}
