import { describe, expect, it } from 'vitest'
import { approxTextWidth, columnWidths, planTable, type TableStep } from './table-layout.js'

/** Pages of a plan: for each page, the rows (or row parts) on it and whether it starts with the header. */
function pages(steps: TableStep[]) {
  const out: { header: boolean; rows: { row: number; from: number; count: number }[] }[] = [{ header: false, rows: [] }]
  for (const s of steps) {
    if (s.kind === 'newPage') out.push({ header: false, rows: [] })
    else if (s.kind === 'header') out.at(-1)!.header = true
    else out.at(-1)!.rows.push({ row: s.row, from: s.from, count: s.count })
  }
  return out.filter((p) => p.header || p.rows.length > 0)
}

describe('planTable', () => {
  it('moves the whole table to a new page rather than leave its header at the foot of one', () => {
    const plan = pages(planTable(1, [2, 2, 2, 2, 2, 2], 2, 30))
    expect(plan).toHaveLength(1)
    expect(plan[0]!.rows).toHaveLength(6)
    expect(planTable(1, [2, 2, 2, 2, 2, 2], 2, 30)[0]).toEqual({ kind: 'newPage' })
  })

  it('keeps a table of three rows together on the next page instead of leaving one row behind', () => {
    const steps = planTable(1, [1, 1, 1], 3, 30)
    expect(steps[0]).toEqual({ kind: 'newPage' })
    expect(pages(steps)).toEqual([{ header: true, rows: [0, 1, 2].map((row) => ({ row, from: 0, count: 1 })) }])
  })

  it('never sends the last row alone to a new page: the row before it goes along', () => {
    // 1 header + 6 rows of 1 line fill a 7-line page exactly; the 8th row would go alone.
    const plan = pages(planTable(1, [1, 1, 1, 1, 1, 1, 1], 7, 7))
    expect(plan.at(-1)!.rows.map((r) => r.row)).toEqual([5, 6])
    for (const page of plan) expect(page.header).toBe(true)
  })

  it('splits a tall row at a page foot (two lines or more on each side) instead of leaving the space blank', () => {
    const plan = pages(planTable(1, [3, 8, 3, 3, 3], 8, 30))
    expect(plan[0]!.rows).toEqual([{ row: 0, from: 0, count: 3 }, { row: 1, from: 0, count: 4 }])
    expect(plan[1]!.rows[0]).toEqual({ row: 1, from: 4, count: 4 })
  })

  it('moves a short row whole, repeating the header on every page', () => {
    const plan = pages(planTable(1, Array.from({ length: 40 }, () => 3), 30, 30))
    for (const page of plan) {
      expect(page.header).toBe(true)
      for (const r of page.rows) expect(r).toMatchObject({ from: 0, count: 3 })
    }
    expect(plan.flatMap((p) => p.rows.map((r) => r.row))).toEqual(Array.from({ length: 40 }, (_, i) => i))
  })

  it('places every line of every row exactly once, whatever the room', () => {
    for (let seed = 1; seed < 200; seed++) {
      const rows = Array.from({ length: 1 + (seed % 17) }, (_, i) => 1 + ((seed * (i + 3)) % 9))
      const steps = planTable(1 + (seed % 2), rows, seed % 31, 30)
      const placed = rows.map(() => 0)
      for (const s of steps) if (s.kind === 'row') placed[s.row]! += s.count
      expect(placed).toEqual(rows)
      // No page holds a header without a row after it; a row part is never a single line of a split row.
      pages(steps).forEach((p) => expect(p.rows.length, JSON.stringify(rows)).toBeGreaterThan(0))
      for (const s of steps) if (s.kind === 'row' && s.count < rows[s.row]! && rows[s.row]! - 2 <= 28) expect(s.count, JSON.stringify([rows, s])).toBeGreaterThanOrEqual(2)
    }
  })
})

describe('columnWidths', () => {
  const total = 481.89

  it('gives every header its one line when the headers fit side by side, and the rest by weight', () => {
    const widths = columnWidths(
      { columns: [{ header: '題目', width: 4 }, ...['非常滿意', '滿意', '無意見', '不滿意', '非常不滿意'].map((header) => ({ header, width: 1.1 })), { header: '未作答或勾選二個', width: 1.3 }], rows: [{ cells: ['洽公環境滿意度及環境整潔及綠化、美化情形', '95', '66', '5', '0', '0', '0'] }], fontSize: 12 },
      total,
    )
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 5)
    ;['非常滿意', '非常不滿意', '未作答或勾選二個'].forEach((h) => {
      const i = ['題目', '非常滿意', '滿意', '無意見', '不滿意', '非常不滿意', '未作答或勾選二個'].indexOf(h)
      expect(widths[i]!).toBeGreaterThanOrEqual(approxTextWidth(h, 12) + 6)
    })
  })

  it('keeps short cells (繼續列管, dates) on one line and gives the long text the room', () => {
    const widths = columnWidths(
      { columns: [{ header: '應改進事項', width: 3 }, { header: '決議', width: 1 }], rows: [{ cells: ['第 1 項：陳情案件處理流程圖未更新，請更新並公告於網站。', '繼續列管'] }], fontSize: 12 },
      total,
    )
    expect(widths[1]!).toBeGreaterThanOrEqual(approxTextWidth('繼續列管', 12) + 6)
  })

  it('does not give an empty column more than its header needs while another column wraps', () => {
    const widths = columnWidths({ columns: [{ header: '考核內容', width: 1 }, { header: '紀錄事項', width: 1 }], rows: [{ cells: ['甲'.repeat(80), ''] }] }, total)
    expect(widths[1]!).toBeLessThan(approxTextWidth('紀錄事項', 14) + 8)
    expect(widths[0]!).toBeGreaterThan(400)
  })
})
