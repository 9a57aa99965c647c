import type { TableBlock } from './blocks.js'

/**
 * Width of `text` in points at `size` as both renderers assume it: CJK and full-width characters
 * one em, ASCII half an em (the Kai faces' proportions). Used to size table columns identically in
 * the PDF and the .docx, so a header word fits its column in both.
 */
export function approxTextWidth(text: string, size: number): number {
  let ems = 0
  for (const ch of text) ems += ch.charCodeAt(0) < 0x2000 ? 0.5 : 1
  return ems * size
}

/** Cell padding on each side, in points. */
export const CELL_PAD = 3
/** Short cells (status words, dates, figures, references), in ems, are kept on one line when the table can afford it. */
const SHORT_CELL_EMS = 6.5

/**
 * The column widths of a table in points, summing to `totalWidth`. Each column first gets the room
 * to print its header on one line and its short cells (≤ 6½ ems: 繼續列管, 114/03/05, TPE-114-1-001)
 * unbroken; what is left is shared by the columns' weights, but no column grows past what its
 * longest cell needs on one line (an empty 紀錄事項 does not take room 考核內容 needs). Where the
 * headers cannot all fit on one line, the widths follow the weights alone.
 */
export function columnWidths(block: Pick<TableBlock, 'columns' | 'rows' | 'fontSize'>, totalWidth: number, bodySize = 14): number[] {
  const size = block.fontSize ?? bodySize
  const cellWidth = (text: string) => Math.max(0, ...text.split('\n').map((l) => approxTextWidth(l, size))) + 2 * CELL_PAD + 0.5
  const min = block.columns.map((c, i) =>
    Math.max(
      cellWidth(c.header),
      ...block.rows.map((r) => r.cells[i] ?? '').filter((t) => approxTextWidth(t, 1) <= SHORT_CELL_EMS && !t.includes('\n')).map(cellWidth),
    ),
  )
  const natural = block.columns.map((c, i) => Math.max(min[i]!, ...block.rows.map((r) => cellWidth(r.cells[i] ?? ''))))
  const weights = block.columns.map((c) => c.width)
  const sumMin = min.reduce((a, b) => a + b, 0)
  if (sumMin > totalWidth) {
    const total = weights.reduce((a, b) => a + b, 0)
    return weights.map((w) => (totalWidth * w) / total)
  }
  // Share the rest by weight among columns that still want room; repeat when one reaches its natural width.
  const widths = [...min]
  let rest = totalWidth - sumMin
  let open = widths.map((_, i) => i).filter((i) => natural[i]! > widths[i]! + 0.01)
  while (rest > 0.01 && open.length > 0) {
    const weight = open.reduce((s, i) => s + weights[i]!, 0)
    let used = 0
    for (const i of open) {
      const add = Math.min((rest * weights[i]!) / weight, natural[i]! - widths[i]!)
      widths[i]! += add
      used += add
    }
    rest -= used
    open = open.filter((i) => natural[i]! > widths[i]! + 0.01)
    if (used < 0.01) break
  }
  if (rest > 0.01) {
    // Every column has all it needs: the rest goes by weight, so the table still spans the text width.
    const total = weights.reduce((a, b) => a + b, 0)
    return widths.map((w, i) => w + (rest * weights[i]!) / total)
  }
  return widths
}

/** One step of laying a table out: a page break, the (repeated) header row, or lines of a row. */
export type TableStep = { kind: 'newPage' } | { kind: 'header' } | { kind: 'row'; row: number; from: number; count: number }

/** Tables of at most this many rows are never split when they fit on a page. */
const SMALL_TABLE_ROWS = 4
/** A row at least this tall may be split across pages, leaving at least two lines on each side. */
const SPLITTABLE_ROW_LINES = 4

/**
 * The lines a table needs at the foot of a page to start there: all of it when it is kept together
 * (≤ 4 rows, or `keepTogether`, and fits a page), else the header with its first row (two lines of a
 * row that may split) and, when both are short, the second row too.
 */
export function tableStartLines(headerLines: number, rowLines: readonly number[], pageLines: number, keepTogether = false): number {
  const total = headerLines + rowLines.reduce((a, b) => a + b, 0)
  if ((keepTogether || rowLines.length <= SMALL_TABLE_ROWS) && total <= pageLines) return total
  const first = rowLines[0] ?? 0
  const second = rowLines[1] ?? 0
  let need = headerLines + Math.min(first >= SPLITTABLE_ROW_LINES ? 2 : first, pageLines - headerLines)
  if (rowLines.length > 1 && first + second <= 4) need += second
  return need
}

/**
 * Plans where a table's rows go, in lines of the 24 pt grid: `headerLines` and each row's lines,
 * `roomLines` left on the current page, `pageLines` on a fresh page. Rules: the header row repeats
 * on every page and is never left at a page foot without rows under it; a small table (≤ 4 rows, or
 * `keepTogether`) that fits a page is never split; a row taller than four lines may split with two
 * or more lines on each side (so no quarter page is left blank), shorter rows move whole; and the
 * last row never goes alone to a new page (the one before it goes with it).
 */
export function planTable(headerLines: number, rowLines: readonly number[], roomLines: number, pageLines: number, keepTogether = false): TableStep[] {
  const steps: TableStep[] = []
  const total = headerLines + rowLines.reduce((a, b) => a + b, 0)
  const bodyRoom = pageLines - headerLines
  let room = roomLines
  const newPage = () => {
    steps.push({ kind: 'newPage' }, { kind: 'header' })
    room = pageLines - headerLines
  }
  const need = tableStartLines(headerLines, rowLines, pageLines, keepTogether)
  if (need === total && (keepTogether || rowLines.length <= SMALL_TABLE_ROWS) && total <= pageLines) {
    if (total > room && room < pageLines) steps.push({ kind: 'newPage' })
    steps.push({ kind: 'header' })
    rowLines.forEach((count, row) => steps.push({ kind: 'row', row, from: 0, count }))
    return steps
  }
  if (need > room && room < pageLines) {
    steps.push({ kind: 'newPage' })
    room = pageLines
  }
  steps.push({ kind: 'header' })
  room -= headerLines
  let rowsOnPage = 0
  for (let row = 0; row < rowLines.length; row++) {
    const lines = rowLines[row]!
    let from = 0
    while (from < lines) {
      const remaining = lines - from
      if (remaining <= room) {
        steps.push({ kind: 'row', row, from, count: remaining })
        room -= remaining
        from = lines
        rowsOnPage++
        continue
      }
      const forced = remaining > bodyRoom
      // A tall row splits with at least two lines on each side of the break.
      const splittable = lines >= SPLITTABLE_ROW_LINES && from === 0 && room >= 2
      if ((forced && room >= 1) || splittable) {
        const count = forced ? room : Math.min(room, remaining - 2)
        steps.push({ kind: 'row', row, from, count })
        from += count
        newPage()
        rowsOnPage = 0
        continue
      }
      // The row moves whole to the next page. The last row never goes there alone.
      const previous = steps.at(-1)
      if (row === rowLines.length - 1 && from === 0 && rowsOnPage >= 2 && previous?.kind === 'row' && previous.from === 0 && previous.count === rowLines[row - 1]) {
        steps.pop()
        newPage()
        steps.push(previous)
        room -= previous.count
        rowsOnPage = 1
        continue
      }
      newPage()
      rowsOnPage = 0
    }
  }
  return steps
}
