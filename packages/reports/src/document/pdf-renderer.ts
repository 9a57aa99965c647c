import PDFDocument from 'pdfkit'
import type { Block, TableBlock, TableColumn } from './blocks.js'
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

/** Options of {@link renderPdf}. */
export interface PdfRenderOptions {
  font?: KaiFontSource
  info: PdfInfo
  /** Text printed centred in the bottom margin of each page; default `第 n 頁／共 m 頁`. */
  footer?: (context: PageFooterContext) => string
}

type Doc = InstanceType<typeof PDFDocument>

const CLOSING = new Set([...'，。、；：？！）」』】》〉％%,.;:!?)'])
const OPENING = new Set([...'（「『【《〈('])

const WORD = /[A-Za-z0-9@#$&*+\-_./:%,]/

/** Measures and wraps text with the embedded font; caches per-character widths. */
export class TextMeasure {
  private readonly widths = new Map<string, number>()
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
   * together unless longer than a line, closing punctuation never starts a line (the character
   * before it moves down with it) and opening punctuation never ends one.
   */
  wrap(text: string, maxWidth: number, size: number): string[] {
    const lines: string[] = []
    for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
      const tokens = paragraph.match(/[A-Za-z0-9@#$&*+\-_./:%,]+|\s+|./gu) ?? []
      let line = ''
      let lineWidth = 0
      for (const token of tokens) {
        const w = this.width(token, size)
        if (CLOSING.has(token) && lineWidth + w > maxWidth && [...line].length > 1) {
          // Closing punctuation never starts a line: carry the last character over with it.
          const chars = [...line]
          let carried = chars.pop()!
          // …and an opening bracket before that character goes with it too.
          while (chars.length > 1 && OPENING.has(chars.at(-1)!)) carried = chars.pop()! + carried
          lines.push(chars.join('').trimEnd())
          line = carried + token
          lineWidth = this.width(line, size)
          continue
        }
        if (lineWidth + w <= maxWidth || (line === '' && !WORD.test(token[0]!))) {
          if (!(line === '' && /^\s+$/.test(token))) {
            line += token
            lineWidth += w
          }
          continue
        }
        if (WORD.test(token[0]!) && w > maxWidth) {
          for (const ch of token) {
            const cw = this.width(ch, size)
            if (lineWidth + cw > maxWidth && line !== '') {
              lines.push(line)
              line = ''
              lineWidth = 0
            }
            line += ch
            lineWidth += cw
          }
          continue
        }
        const isSpace = /^\s+$/.test(token)
        const chars = [...line.trimEnd()]
        // Opening punctuation never ends a line: it moves down with what it opens.
        const carried = chars.length > 1 && OPENING.has(chars.at(-1)!) ? chars.pop()! : ''
        lines.push(chars.join(''))
        line = carried + (isSpace ? '' : token)
        lineWidth = this.width(line, size)
      }
      lines.push(line.trimEnd())
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
    this.baselineOffset = (size: number) => {
      doc.fontSize(size)
      return (LAYOUT.lineHeight - doc.currentLineHeight(false)) / 2
    }
  }

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
    const w = this.measure.width(text, size)
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
    for (const block of blocks) {
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
          // Keep a heading with at least one line of what follows it.
          this.ensure(LAYOUT.lineHeight * (lines.length + 1))
          this.textLines(lines, this.left + indent, this.width - indent, LAYOUT.titleSize, 'left')
          break
        }
        case 'paragraph': {
          const indent = (block.indent ?? 0) * LAYOUT.bodySize
          const lines = this.measure.wrap(block.text, this.width - indent, LAYOUT.bodySize)
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

  private columnGeometry(columns: readonly TableColumn[]): { x: number; width: number }[] {
    const total = columns.reduce((s, c) => s + c.width, 0)
    let x = this.left
    return columns.map((c) => {
      const width = (this.width * c.width) / total
      const g = { x, width }
      x += width
      return g
    })
  }

  private table(block: TableBlock): void {
    const size = block.fontSize ?? LAYOUT.bodySize
    const pad = 3
    const geometry = this.columnGeometry(block.columns)
    const wrapCells = (cells: readonly string[]) =>
      geometry.map((g, i) => this.measure.wrap(cells[i] ?? '', g.width - 2 * pad, size))
    const header = wrapCells(block.columns.map((c) => c.header))
    const headerHeight = Math.max(...header.map((l) => l.length)) * LAYOUT.lineHeight

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
          this.line(text, g.x + pad, g.width - 2 * pad, size, align)
          this.y += LAYOUT.lineHeight
        }
      })
      this.y = top + height
    }
    const drawHeader = () => drawRow(header, 0, header[0] ? Math.max(...header.map((l) => l.length)) : 1, true, true)

    const wrapped = block.rows.map((row) => wrapCells(row.cells))
    const tableHeight = headerHeight + wrapped.reduce((s, cells) => s + Math.max(1, ...cells.map((l) => l.length)) * LAYOUT.lineHeight, 0)
    const pageHeight = this.bottom - LAYOUT.margin
    this.ensure(block.keepTogether && tableHeight <= pageHeight ? tableHeight : headerHeight + LAYOUT.lineHeight)
    drawHeader()
    for (const [r, row] of block.rows.entries()) {
      const cells = wrapped[r]!
      const lineCount = Math.max(1, ...cells.map((l) => l.length))
      let from = 0
      while (from < lineCount) {
        const room = Math.floor((this.bottom - this.y + 0.01) / LAYOUT.lineHeight)
        const remaining = lineCount - from
        const pageRoom = Math.floor((this.bottom - LAYOUT.margin - headerHeight) / LAYOUT.lineHeight)
        // Move a row that would fit on a fresh page rather than split it.
        if (room < remaining && (remaining <= pageRoom || room < 1)) {
          this.newPage()
          drawHeader()
          continue
        }
        const count = Math.min(room, remaining)
        drawRow(cells, from, count, row.total === true, false)
        from += count
        if (from < lineCount) {
          this.newPage()
          drawHeader()
        }
      }
    }
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
