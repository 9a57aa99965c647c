export * from './font/kai-font.js'
export { outlineNumber, type OutlineLevel } from './format/outline-number.js'
export { formatTaipeiDateTime } from './format/taipei-time.js'
export { canonicalJson } from './document/canonical-json.js'
export type { Block, TableBlock, TableColumn, TableRow, HeadingBlock, ParagraphBlock, TitleBlock, PageBreakBlock, SectionBlock } from './document/blocks.js'
export { renderPdf, LAYOUT, type PdfRenderOptions, type PdfInfo, type PageFooterContext } from './document/pdf-renderer.js'
export { renderDocx, DOCX_KAI_FONT, type DocxRenderOptions } from './document/docx-renderer.js'

export * from './score-sheet/score-sheet.schema.js'
export { sheetHash, verifySheetHash, SHEET_HASH_LENGTH } from './score-sheet/sheet-hash.js'
export { renderScoreSheetPdf, scoreSheetBlocks, formatPoints, type PdfOptions } from './score-sheet/score-sheet.pdf.js'
export { scoreSheetInputFromCatalogue, type ScoreSheetMeta } from './score-sheet/score-sheet.from-catalogue.js'

export * from './remediation/remediation-item.schema.js'

export * from './results-report/results-report.schema.js'
export { resultsReportBlocks, resultsReportTitle, resultsReportPeriodText } from './results-report/results-report.blocks.js'
export { renderResultsReportDocx, renderResultsReportPdf } from './results-report/results-report.render.js'
export { resultsReportStructureFromCatalogue } from './results-report/results-report.structure.js'

export * from './meeting-pack/meeting-pack.schema.js'
export { renderMeetingPackPdf } from './meeting-pack/meeting-pack.pdf.js'

export { nationalWorkbookSchema, buildNationalWorkbook, NATIONAL_WORKBOOK_SHEETS, NATIONAL_INDICATOR_COLUMNS, COMPARISON_BASIS_TEXT, type NationalWorkbookInput } from './excel/national-workbook.xlsx.js'
export { buildRemediationRegisterXlsx, remediationRegisterSchema, REMEDIATION_REGISTER_COLUMNS, type RemediationRegisterInput } from './excel/remediation-register.xlsx.js'
export * from './excel/indicator-workbook.schema.js'
export { INDICATOR_NAMES } from './indicators/indicator-names.js'
export { buildIndicatorWorkbook } from './excel/indicator-workbook.xlsx.js'
export { parseIndicatorWorkbook, type ImportProblem, type ImportRule, type IndicatorImportResult } from './excel/indicator-import.js'
