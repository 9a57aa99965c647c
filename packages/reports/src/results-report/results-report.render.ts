import { renderDocx } from '../document/docx-renderer.js'
import type { KaiFontSource } from '../font/kai-font.js'
import { renderPdf } from '../document/pdf-renderer.js'
import type { PdfOptions } from '../score-sheet/score-sheet.pdf.js'
import { resultsReportBlocks, resultsReportTitle } from './results-report.blocks.js'
import { resultsReportSchema, type ResultsReportInput } from './results-report.schema.js'

/**
 * The results-report draft (執行成果報告) of one branch and period as a Word document, in the
 * 服務躍升 structure of seeds 002/003 with its survey, waiting-time, phone-test, petition and
 * remediation tables, and the narratives people wrote (placeholders where none yet).
 * A subset of the Kai font with the characters the report uses is embedded under the name 標楷體
 * (`options.font`: another Kai font, or `false` for none).
 * @throws ZodError naming the field when `input` is invalid (e.g. petitions by category and by
 *   channel disagree for a month, or a survey row has the wrong number of counts);
 *   KaiFontMissingError without a font unless `font: false`.
 */
export async function renderResultsReportDocx(input: ResultsReportInput, options: { font?: KaiFontSource | false } = {}): Promise<Uint8Array> {
  const report = resultsReportSchema.parse(input)
  return renderDocx(resultsReportBlocks(report), {
    title: `${report.branch.name} ${resultsReportTitle(report)}`,
    footerPrefix: `${report.branch.name} `,
    ...(options.font !== undefined ? { font: options.font } : {}),
  })
}

/**
 * The same report as {@link renderResultsReportDocx}, as a PDF in the official layout with the
 * Kai font embedded.
 * @throws ZodError when `input` is invalid; KaiFontMissingError without a font.
 */
export async function renderResultsReportPdf(input: ResultsReportInput, options: PdfOptions = {}): Promise<Uint8Array> {
  const report = resultsReportSchema.parse(input)
  const title = `${report.branch.name} ${resultsReportTitle(report)}`
  return renderPdf(resultsReportBlocks(report), {
    font: options.font,
    onTable: options.onTable,
    info: { title, createdAt: options.createdAt },
    footer: ({ page, pages }) => `${title} · 第 ${page} 頁／共 ${pages} 頁`,
  })
}
