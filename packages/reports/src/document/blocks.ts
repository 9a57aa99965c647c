/**
 * A format-neutral document: the generators build a list of blocks once, and the PDF and .docx
 * renderers lay the same list out under the official rules (seed 001): A4 portrait, 2 cm margins,
 * 標楷體 (a Kai face), titles 16 pt, body 14 pt, fixed 24 pt line height.
 */
export type Block = TitleBlock | HeadingBlock | ParagraphBlock | TableBlock | PageBreakBlock | SectionBlock

/** A centred document title (16 pt). */
export interface TitleBlock {
  kind: 'title'
  text: string
}

/** A heading (16 pt) with its outline label, e.g. `壹、` + `會議資訊`. */
export interface HeadingBlock {
  kind: 'heading'
  label: string
  text: string
  /** Outline depth 0–4, used for indentation (one character per level). */
  level: number
}

/** Body text (14 pt). Line breaks in `text` start new lines. */
export interface ParagraphBlock {
  kind: 'paragraph'
  text: string
  /** Left indent in characters of the body size; default 0. */
  indent?: number
  align?: 'left' | 'center' | 'right'
}

/** A table column: header text, relative width, alignment of its cells. */
export interface TableColumn {
  header: string
  /** Relative weight; the columns share the text width in proportion. */
  width: number
  align?: 'left' | 'center' | 'right'
}

/** A table row; `total` rows are shaded like the header (subtotals, totals). */
export interface TableRow {
  cells: string[]
  total?: boolean
}

/** A ruled table whose header row repeats on every page it spans. */
export interface TableBlock {
  kind: 'table'
  columns: TableColumn[]
  rows: TableRow[]
  /** Text size of the cells; default the body size (14 pt). */
  fontSize?: number
  /** Start the table on a new page rather than split it, when it fits on one page (signature blocks). */
  keepTogether?: boolean
}

/** Continue on a new page. */
export interface PageBreakBlock {
  kind: 'pageBreak'
}

/**
 * Starts a part of a combined document (a new page unless at the top of one) and sets the running
 * footer printed on each of its pages, e.g. a score sheet's content hash.
 */
export interface SectionBlock {
  kind: 'section'
  footer: string
}
