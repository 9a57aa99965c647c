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
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { loadKaiFont, type KaiFontSource } from '../font/kai-font.js'
import { kaiSubsetTtf } from '../font/kai-subset.js'
import type { Block, TableBlock } from './blocks.js'

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

function run(text: string, size: number): TextRun[] {
  // A TextRun ignores "\n": split lines into runs separated by breaks.
  return text.split('\n').map((line, i) => new TextRun({ text: line, size: size * 2, break: i > 0 ? 1 : 0 }))
}

function table(block: TableBlock): Table {
  const size = block.fontSize ?? BODY_SIZE
  const weight = block.columns.reduce((s, c) => s + c.width, 0)
  const widths = block.columns.map((c) => Math.floor((TEXT_WIDTH * c.width) / weight))
  const cell = (text: string, i: number, opts: { header?: boolean; shaded?: boolean }) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      shading: opts.shaded ? { fill: 'E8E8E8', type: ShadingType.CLEAR, color: 'auto' } : undefined,
      children: [
        new Paragraph({
          spacing: exactLine,
          alignment: ALIGN[opts.header ? 'center' : (block.columns[i]!.align ?? 'left')],
          children: run(text, size),
        }),
      ],
    })
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, children: block.columns.map((c, i) => cell(c.header, i, { header: true, shaded: true })) }),
      ...block.rows.map((r) => new TableRow({ cantSplit: false, children: block.columns.map((_, i) => cell(r.cells[i] ?? '', i, { shaded: r.total === true })) })),
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
  for (const block of blocks) {
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
          run: { font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: DOCX_KAI_FONT }, size: BODY_SIZE * 2 },
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
