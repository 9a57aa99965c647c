import PDFDocument from 'pdfkit'
import type { Block, TableBlock } from './blocks.js'
import { CELL_PAD, columnWidths, planTable, tableStartLines } from './table-layout.js'
import { loadKaiFont, type KaiFontSource } from '../font/kai-font.js'

/** Points per centimetre. */
const CM = 72 / 2.54

/** The official layout (seed 001) in PDF points. */
export const LAYOUT = {
  pageWidth: 595.28,
  pageHeight: 841.89,
  margin: 2 * CM,
  titleSize: 16,
  bodySize: 14,
  lineHeight: 24,
  footerSize: 10,
} as const

/** Metadata written to the PDF's information dictionary. */
export interface PdfInfo {
  title: string
  subject?: string
  author?: string
  /** Recorded as CreationDate; pass a fixed instant for reproducible output. */
  createdAt?: Date
}

/** What the page footer callback is told about each page. */
export interface PageFooterContext {
  /** 1-based page number within the whole document. */
  page: number
  pages: number
  /** Footer text of the section the page belongs to (see `SectionBlock`), if any. */
  sectionFooter: string | undefined
}

/**
 * Where one table went, for tests that hold the layout rules: its headers, how many lines its
 * header row took, and each placement of the header or of lines of a row, by page (1-based).
 */
export interface TableTrace {
  headers: string[]
  headerLines: number
  rowCount: number
  rowLines: number[]
  placements: ({ page: number; kind: 'header'; lines: number } | { page: number; kind: 'row'; row: number; from: number; lines: number })[]
}

/** Options of {@link renderPdf}. */
export interface PdfRenderOptions {
  /** Called with the layout of each table once the document is laid out (tests). */
  onTable?: (trace: TableTrace) => void
  font?: KaiFontSource
  info: PdfInfo
  /** Text printed centred in the bottom margin of each page; default `第 n 頁／共 m 頁`. */
  footer?: (context: PageFooterContext) => string
}

type Doc = InstanceType<typeof PDFDocument>

const CLOSING = new Set([...'，。、；：？！）」』】》〉％%,.;:!?)'])
const OPENING = new Set([...'（「『【《〈('])
/** Units that never start a line after a number: 25分, 94件, 6日, 18人次, 92.17%. */
const UNITS = new Set([...'分件日人份次項元年月時歲個名頁週'])

const WORD = /[A-Za-z0-9@#$&*+\-_./:%,]/

/** Whether a line may break between `prev` and `next` (two tokens of a wrapped paragraph). */
function breakable(prev: string, next: string): boolean {
  if (CLOSING.has(next[0]!)) return false
  if (OPENING.has(prev.at(-1)!)) return false
  if (UNITS.has(next[0]!) && /[0-9]$/.test(prev)) return false
  return true
}

/** Measures and wraps text with the embedded font; caches per-character widths. */
export class TextMeasure {
  private readonly widths = new Map<string, number>()
  // A meeting pack wraps the same cells many times (each attached sheet, the look-ahead before a table).
  private readonly wrapped = new Map<string, string[]>()
  constructor(private readonly doc: Doc) {}

  width(text: string, size: number): number {
    let w = 0
    for (const ch of text) {
      let unit = this.widths.get(ch)
      if (unit === undefined) {
        this.doc.fontSize(1000)
        unit = this.doc.widthOfString(ch) / 1000
        this.widths.set(ch, unit)
      }
      w += unit * size
    }
    return w
  }

  /**
   * Greedy line breaking: CJK characters break anywhere, runs of Latin letters and digits stay
   * together unless longer than a line, closing punctuation (also a run of it, 「）。」) never starts a
   * line, opening punctuation never ends one, and a number keeps its unit (25分): what may not be
   * parted moves down to the next line together.
   */
  wrap(text: string, maxWidth: number, size: number): string[] {
    const key = `${size}|${maxWidth}|${text}`
    const known = this.wrapped.get(key)
    if (known) return known
    const lines = this.wrapUncached(text, maxWidth, size)
    this.wrapped.set(key, lines)
    return lines
  }

  private wrapUncached(text: string, maxWidth: number, size: number): string[] {
    const lines: string[] = []
    for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
      const tokens = paragraph.match(/[A-Za-z0-9@#$&*+\-_./:%,]+|\s+|./gu) ?? []
      let line: string[] = []
      let lineWidth = 0
      const flush = () => {
        lines.push(line.join('').trimEnd())
        line = []
        lineWidth = 0
      }
      for (const token of tokens) {
        const w = this.width(token, size)
        const isSpace = /^\s+$/.test(token)
        if (isSpace && line.length === 0) continue
        if (lineWidth + w <= maxWidth || line.length === 0) {
          if (WORD.test(token[0]!) && w > maxWidth) {
            // A run longer than a line: break it by characters.
            for (const ch of token) {
              const cw = this.width(ch, size)
              if (lineWidth + cw > maxWidth && line.length > 0) flush()
              line.push(ch)
              lineWidth += cw
            }
            continue
          }
          line.push(token)
          lineWidth += w
          continue
        }
        if (isSpace) {
          flush()
          continue
        }
        if (WORD.test(token[0]!) && w > maxWidth) {
          flush()
          for (const ch of token) {
            const cw = this.width(ch, size)
            if (lineWidth + cw > maxWidth && line.length > 0) flush()
            line.push(ch)
            lineWidth += cw
          }
          continue
        }
        // Move down the tail of the line that may not be parted from `token`.
        const carried: string[] = []
        let next = token
        while (line.length > 1 && !breakable(line.at(-1)!, next)) {
          next = line.pop()!
          carried.unshift(next)
        }
        if (line.length <= 1 && carried.length > 0 && !breakable(line[0] ?? '', next)) {
          // Nothing could stay: keep the line as it was and let the token go down alone.
          line.push(...carried)
          carried.length = 0
        }
        flush()
        line = [...carried, token]
        lineWidth = this.width(line.join(''), size)
      }
      lines.push(line.join('').trimEnd())
    }
    return lines
  }
}

/** Lays blocks out page by page on a pdfkit document. */
class PdfLayout {
  readonly doc: Doc
  private readonly measure: TextMeasure
  private y = LAYOUT.margin
  private readonly left = LAYOUT.margin
  private readonly width = LAYOUT.pageWidth - 2 * LAYOUT.margin
  private readonly bottom = LAYOUT.pageHeight - LAYOUT.margin
  /** Footer of the section each page belongs to, by page index. */
  readonly pageSections: (string | undefined)[] = [undefined]
  private section: string | undefined
  private readonly baselineOffset: (size: number) => number

  constructor(doc: Doc) {
    this.doc = doc
    this.measure = new TextMeasure(doc)
    // Centre each line of text in its fixed 24 pt line box: pdfkit places text by the top of the
    // font's own line (ascent − descent), so shift by half the difference.
    const offsets = new Map<number, number>()
    this.baselineOffset = (size: number) => {
      let offset = offsets.get(size)
      if (offset === undefined) {
        doc.fontSize(size)
        offset = (LAYOUT.lineHeight - doc.currentLineHeight(false)) / 2
        offsets.set(size, offset)
      }
      return offset
    }
  }

  readonly tables: TableTrace[] = []

  private newPage(): void {
    this.doc.addPage()
    this.pageSections.push(this.section)
    this.y = LAYOUT.margin
  }

  private atTop(): boolean {
    return this.y === LAYOUT.margin
  }

  private ensure(height: number): void {
    if (this.y + height > this.bottom + 0.01) this.newPage()
  }

  private line(text: string, x: number, width: number, size: number, align: 'left' | 'center' | 'right'): void {
    const offset = this.baselineOffset(size)
    const w = align === 'left' ? 0 : this.measure.width(text, size)
    const dx = align === 'center' ? (width - w) / 2 : align === 'right' ? width - w : 0
    this.doc.fontSize(size).text(text, x + Math.max(0, dx), this.y + offset, { lineBreak: false })
  }

  private textLines(lines: string[], x: number, width: number, size: number, align: 'left' | 'center' | 'right'): void {
    for (const text of lines) {
      this.ensure(LAYOUT.lineHeight)
      this.line(text, x, width, size, align)
      this.y += LAYOUT.lineHeight
    }
  }

  render(blocks: readonly Block[]): void {
    for (const [index, block] of blocks.entries()) {
      switch (block.kind) {
        case 'title': {
          const lines = this.measure.wrap(block.text, this.width, LAYOUT.titleSize)
          this.ensure(LAYOUT.lineHeight * (lines.length + 1))
          this.textLines(lines, this.left, this.width, LAYOUT.titleSize, 'center')
          break
        }
        case 'heading': {
          const indent = block.level * LAYOUT.bodySize
          const lines = this.measure.wrap(`${block.label}${block.text}`, this.width - indent, LAYOUT.titleSize)
          // Keep a heading with the start of what follows it: two lines of text, or a table's header and first rows.
          this.ensure(LAYOUT.lineHeight * (lines.length + this.startLines(blocks, index + 1)))
          this.textLines(lines, this.left + indent, this.width - indent, LAYOUT.titleSize, 'left')
          break
        }
        case 'paragraph': {
          const indent = (block.indent ?? 0) * LAYOUT.bodySize
          const lines = this.measure.wrap(block.text, this.width - indent, LAYOUT.bodySize)
          // A paragraph that introduces a table stays with it (a heading before it was kept with both).
          const next = blocks[index + 1]
          if (next?.kind === 'table' && lines.length <= 3) this.ensure(LAYOUT.lineHeight * (lines.length + this.startLines(blocks, index + 1)))
          this.textLines(lines, this.left + indent, this.width - indent, LAYOUT.bodySize, block.align ?? 'left')
          break
        }
        case 'table':
          this.table(block)
          break
        case 'pageBreak':
          if (!this.atTop()) this.newPage()
          break
        case 'section':
          this.section = block.footer
          if (this.atTop()) this.pageSections[this.pageSections.length - 1] = block.footer
          else this.newPage()
          break
      }
    }
  }

  /** Lines the block at `index` needs at the foot of a page to start there (0 when none follows). */
  private startLines(blocks: readonly Block[], index: number): number {
    const block = blocks[index]
    if (!block) return 0
    switch (block.kind) {
      case 'paragraph': {
        const lines = this.measure.wrap(block.text, this.width - (block.indent ?? 0) * LAYOUT.bodySize, LAYOUT.bodySize).length
        return Math.min(lines, 2) + (lines <= 3 && blocks[index + 1]?.kind === 'table' ? this.startLines(blocks, index + 1) : 0)
      }
      case 'heading':
        return 1 + this.startLines(blocks, index + 1)
      case 'table': {
        const { header, rows } = this.tableLines(block)
        return tableStartLines(header, rows, this.pageLines, block.keepTogether)
      }
      default:
        return 0
    }
  }

  private get pageLines(): number {
    return Math.floor((this.bottom - LAYOUT.margin + 0.01) / LAYOUT.lineHeight)
  }

  private columnGeometry(block: TableBlock): { x: number; width: number }[] {
    let x = this.left
    return columnWidths(block, this.width, LAYOUT.bodySize).map((width) => {
      const g = { x, width }
      x += width
      return g
    })
  }

  /** The lines of the header and of each row, wrapped to the column widths. */
  private readonly laidOut = new WeakMap<TableBlock, ReturnType<PdfLayout['wrapTable']>>()

  /** The wrapped table, once per block (the heading before it looks ahead at it too). */
  private tableLines(block: TableBlock): ReturnType<PdfLayout['wrapTable']> {
    let lines = this.laidOut.get(block)
    if (!lines) {
      lines = this.wrapTable(block)
      this.laidOut.set(block, lines)
    }
    return lines
  }

  private wrapTable(block: TableBlock): { header: number; rows: number[]; cells: string[][][]; headerCells: string[][]; geometry: { x: number; width: number }[] } {
    const size = block.fontSize ?? LAYOUT.bodySize
    const geometry = this.columnGeometry(block)
    const wrapCells = (cells: readonly string[]) => geometry.map((g, i) => this.measure.wrap(cells[i] ?? '', g.width - 2 * CELL_PAD, size))
    const headerCells = wrapCells(block.columns.map((c) => c.header))
    const cells = block.rows.map((row) => wrapCells(row.cells))
    const count = (c: string[][]) => Math.max(1, ...c.map((l) => l.length))
    return { header: count(headerCells), rows: cells.map(count), cells, headerCells, geometry }
  }

  private table(block: TableBlock): void {
    const size = block.fontSize ?? LAYOUT.bodySize
    const { header, rows, cells, headerCells, geometry } = this.tableLines(block)
    const drawRow = (cellLines: string[][], from: number, count: number, shaded: boolean, isHeader: boolean) => {
      const height = count * LAYOUT.lineHeight
      if (shaded) this.doc.rect(this.left, this.y, this.width, height).fill('#e8e8e8').fillColor('black')
      const top = this.y
      geometry.forEach((g, i) => {
        this.doc.rect(g.x, top, g.width, height).lineWidth(0.6).stroke('black')
        const lines = cellLines[i]!.slice(from, from + count)
        const align = isHeader ? 'center' : (block.columns[i]!.align ?? 'left')
        this.y = top
        for (const text of lines) {
          this.line(text, g.x + CELL_PAD, g.width - 2 * CELL_PAD, size, align)
          this.y += LAYOUT.lineHeight
        }
      })
      this.y = top + height
    }
    const room = Math.floor((this.bottom - this.y + 0.01) / LAYOUT.lineHeight)
    const trace: TableTrace = { headers: block.columns.map((c) => c.header), headerLines: header, rowCount: rows.length, rowLines: rows, placements: [] }
    for (const step of planTable(header, rows, room, this.pageLines, block.keepTogether)) {
      if (step.kind === 'newPage') this.newPage()
      else if (step.kind === 'header') {
        trace.placements.push({ page: this.pageSections.length, kind: 'header', lines: header })
        drawRow(headerCells, 0, header, true, true)
      } else {
        trace.placements.push({ page: this.pageSections.length, kind: 'row', row: step.row, from: step.from, lines: step.count })
        drawRow(cells[step.row]!, step.from, step.count, block.rows[step.row]!.total === true, false)
      }
    }
    this.tables.push(trace)
    // One blank line after a table keeps every line on the 24 pt grid.
    this.y += LAYOUT.lineHeight
  }
}

/**
 * Renders blocks to a PDF under the official layout: A4 portrait (595.28 × 841.89 pt), 2 cm
 * margins, the Kai font embedded as a subset (only the glyphs used), titles and headings 16 pt,
 * body 14 pt, every line on a fixed 24 pt pitch, a footer in the bottom margin of every page.
 * @throws KaiFontMissingError when no Kai font can be read.
 */
export async function renderPdf(blocks: readonly Block[], options: PdfRenderOptions): Promise<Uint8Array> {
  const font = loadKaiFont(options.font)
  const doc = new PDFDocument({
    size: 'A4',
    margin: LAYOUT.margin,
    bufferPages: true,
    autoFirstPage: true,
    // pdfkit hashes every info value into the file ID, so absent fields must be left out, not undefined.
    info: {
      Title: options.info.title,
      ...(options.info.subject ? { Subject: options.info.subject } : {}),
      ...(options.info.author ? { Author: options.info.author } : {}),
      Creator: '@leap/reports',
      CreationDate: options.info.createdAt ?? new Date(),
    },
    lang: 'zh-TW',
    displayTitle: true,
  })
  const chunks: Uint8Array[] = []
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk))
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })
  doc.registerFont('kai', font.data as Buffer, font.postscriptName as string)
  doc.font('kai')

  const layout = new PdfLayout(doc)
  layout.render(blocks)
  if (options.onTable) layout.tables.forEach(options.onTable)

  const footer = options.footer ?? ((c: PageFooterContext) => `第 ${c.page} 頁／共 ${c.pages} 頁`)
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    // Writing inside the bottom margin would make pdfkit start a new page.
    doc.page.margins.bottom = 0
    const text = footer({ page: i + 1, pages: range.count, sectionFooter: layout.pageSections[i] })
    doc.fontSize(LAYOUT.footerSize).text(text, LAYOUT.margin, LAYOUT.pageHeight - LAYOUT.margin + 16, {
      width: LAYOUT.pageWidth - 2 * LAYOUT.margin,
      align: 'center',
      lineBreak: false,
    })
  }
  doc.end()
  await ended
  return Buffer.concat(chunks)
}
