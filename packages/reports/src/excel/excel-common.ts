import ExcelJS from 'exceljs'

/** The exceljs workbook class (exceljs is CommonJS: its default export carries the classes). */
export const Workbook = ExcelJS.Workbook
export type Workbook = ExcelJS.Workbook
export type Worksheet = ExcelJS.Worksheet

/** Serialises a workbook to .xlsx bytes. */
export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  const buffer = await workbook.xlsx.writeBuffer()
  return new Uint8Array(buffer as ArrayBuffer)
}

/** A new workbook with fixed metadata (creator; `created` when given, for reproducible files). */
export function newWorkbook(created?: Date): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '@leap/reports'
  if (created) {
    workbook.created = created
    workbook.modified = created
  }
  return workbook
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } }
/** Fill for totals below the pass threshold. */
export const WARN_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFD7D7' } }

/**
 * Adds a sheet whose first row is a bold, shaded, frozen header with an auto-filter, and sets
 * column widths (in characters; CJK characters count double).
 */
export function addTableSheet(workbook: ExcelJS.Workbook, name: string, headers: readonly string[], widths: readonly number[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = headers.map((header, i) => ({ header, width: widths[i] ?? 12 }))
  const row = sheet.getRow(1)
  row.font = { bold: true }
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true }
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL
  })
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } }
  return sheet
}
