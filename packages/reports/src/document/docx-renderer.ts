import {
  AlignmentType,
  CharacterSet,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { loadKaiFont, type KaiFontSource } from '../font/kai-font.js'
import { kaiSubsetTtf } from '../font/kai-subset.js'
import type { Block, TableBlock } from './blocks.js'
import { approxTextWidth, CELL_PAD, columnWidths } from './table-layout.js'

/** Twentieths of a point. */
const TWIP = 20
/** The official layout (seed 001) in Word units: A4 portrait, 2 cm margins. */
const PAGE = { width: 11906, height: 16838, margin: 1134 } as const
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin
const BODY_SIZE = 14
const TITLE_SIZE = 16
/** Word's name for 標楷體 (DFKai-SB), installed with Traditional-Chinese Windows and Office. */
export const DOCX_KAI_FONT = '標楷體'

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const
const exactLine = { line: 24 * TWIP, lineRule: LineRuleType.EXACT, before: 0, after: 0 }
/**
 * Lines inside table cells: 23.5 pt, because the word processor adds the 0.5 pt rule between rows
 * to each row's height — so a one-line row is 24 pt, as in the PDF, and a long table ends where the
 * PDF's does (at 24 pt per line the docx lost a row per page against the PDF in LibreOffice).
 */
const cellLine = { line: 47 * (TWIP / 2), lineRule: LineRuleType.EXACT, before: 0, after: 0 }

function run(text: string, size: number): TextRun[] {
  // A TextRun ignores "\n": split lines into runs separated by breaks.
  return text.split('\n').map((line, i) => new TextRun({ text: line, size: size * 2, break: i > 0 ? 1 : 0 }))
}

/** Lines a cell takes at `width` points, estimated as the column sizing does (CJK 1 em, ASCII ½ em). */
function estimatedLines(text: string, width: number, size: number): number {
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(approxTextWidth(line, size) / Math.max(1, width - 2 * CELL_PAD))), 0)
}

/**
 * A table as Word lays it out: the same column widths as the PDF (`columnWidths`), the header row
 * repeated on every page and kept with the first row, rows of fewer than four lines never split,
 * and a small table (≤ 4 rows or `keepTogether`) kept on one page (keep-with-next on every row but
 * the last), as the PDF's `planTable` does.
 */
function table(block: TableBlock): Table {
  const size = block.fontSize ?? BODY_SIZE
  const points = columnWidths(block, TEXT_WIDTH / TWIP, BODY_SIZE)
  const widths = points.map((w) => Math.floor(w * TWIP))
  const together = block.keepTogether === true || block.rows.length <= 4
  const cell = (text: string, i: number, opts: { header?: boolean; shaded?: boolean; keepNext?: boolean }) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      // The PDF's 3 pt padding, not Word's default 0.19 cm: the widths were sized for it.
      margins: { marginUnitType: WidthType.DXA, left: CELL_PAD * TWIP, right: CELL_PAD * TWIP, top: 0, bottom: 0 },
      shading: opts.shaded ? { fill: 'E8E8E8', type: ShadingType.CLEAR, color: 'auto' } : undefined,
      children: [
        new Paragraph({
          spacing: cellLine,
          keepNext: opts.keepNext === true,
          alignment: ALIGN[opts.header ? 'center' : (block.columns[i]!.align ?? 'left')],
          children: run(text, size),
        }),
      ],
    })
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    // Fixed: the word processor keeps these widths instead of fitting columns to their content.
    layout: TableLayoutType.FIXED,
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: block.columns.map((c, i) => cell(c.header, i, { header: true, shaded: true, keepNext: true })) }),
      ...block.rows.map((r, k) => {
        const lines = Math.max(...block.columns.map((_, i) => estimatedLines(r.cells[i] ?? '', points[i]!, size)))
        const keepNext = together ? k < block.rows.length - 1 : k === 0 || k === block.rows.length - 2
        return new TableRow({ cantSplit: lines < 4, children: block.columns.map((_, i) => cell(r.cells[i] ?? '', i, { shaded: r.total === true, keepNext })) })
      }),
    ],
  })
}

/** Options of {@link renderDocx}. */
export interface DocxRenderOptions {
  title: string
  /** Text before the page number in the footer. */
  footerPrefix?: string
  /**
   * The Kai font whose subset is embedded under the name 標楷體 (default Debian's ukai.ttc, see
   * `loadKaiFont`); `false` embeds nothing and leaves 標楷體 to the reader's computer.
   */
  font?: KaiFontSource | false
}

/** Footer words around the page numbers (digits are in the subset as printable ASCII). */
const footerText = (prefix: string) => `${prefix}第 頁／共 頁`

/** Every character the document prints, for the font subset. */
export function blocksText(blocks: readonly Block[]): string {
  return blocks
    .map((b) => {
      switch (b.kind) {
        case 'title':
        case 'paragraph':
          return b.text
        case 'heading':
          return `${b.label}${b.text}`
        case 'table':
          return [...b.columns.map((c) => c.header), ...b.rows.flatMap((r) => r.cells)].join('')
        default:
          return ''
      }
    })
    .join('')
}

/**
 * Renders blocks to a .docx in the official layout: A4 portrait, 2 cm margins, 標楷體, titles and
 * headings 16 pt, body 14 pt, exact 24 pt line spacing, page numbers in the footer. The East-Asian
 * text asks for 標楷體, and a subset of the Kai font — the characters this document uses — is
 * embedded under that name (word/fonts/font1.odttf, obfuscated as ECMA-376 requires), so computers
 * without 標楷體 show Kai too; where 標楷體 is installed, Word prefers the installed font.
 * @throws KaiFontMissingError without a font (pass `font: false` to embed none).
 */
export async function renderDocx(blocks: readonly Block[], options: DocxRenderOptions): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = []
  for (const [index, block] of blocks.entries()) {
    switch (block.kind) {
      case 'title':
        children.push(new Paragraph({ spacing: exactLine, alignment: AlignmentType.CENTER, children: run(block.text, TITLE_SIZE) }))
        break
      case 'heading':
        children.push(
          new Paragraph({
            spacing: exactLine,
            keepNext: true,
            indent: { left: block.level * BODY_SIZE * TWIP },
            children: run(`${block.label}${block.text}`, TITLE_SIZE),
          }),
        )
        break
      case 'paragraph':
        children.push(
          new Paragraph({
            spacing: exactLine,
            keepNext: blocks[index + 1]?.kind === 'table',
            alignment: ALIGN[block.align ?? 'left'],
            indent: { left: (block.indent ?? 0) * BODY_SIZE * TWIP },
            children: run(block.text, BODY_SIZE),
          }),
        )
        break
      case 'table':
        children.push(table(block), new Paragraph({ spacing: exactLine, children: [] }))
        break
      case 'pageBreak':
      case 'section':
        children.push(new Paragraph({ children: [new PageBreak()] }))
        break
    }
  }
  const footerPrefix = options.footerPrefix ?? ''
  const embedded =
    options.font === false
      ? []
      : [
          {
            name: DOCX_KAI_FONT,
            data: Buffer.from(kaiSubsetTtf(loadKaiFont(options.font), `${options.title}${blocksText(blocks)}${footerText(footerPrefix)}`, DOCX_KAI_FONT).data),
            characterSet: CharacterSet.CHINESEBIG5,
          },
        ]
  const doc = new Document({
    title: options.title,
    creator: '@leap/reports',
    fonts: embedded,
    styles: {
      default: {
        document: {
          run: { font: { ascii: DOCX_KAI_FONT, hAnsi: DOCX_KAI_FONT, eastAsia: DOCX_KAI_FONT }, size: BODY_SIZE * 2 },
          paragraph: { spacing: exactLine },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, right: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ size: 20, children: [`${footerPrefix}第 `, PageNumber.CURRENT, ' 頁／共 ', PageNumber.TOTAL_PAGES, ' 頁'] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(doc))
}
