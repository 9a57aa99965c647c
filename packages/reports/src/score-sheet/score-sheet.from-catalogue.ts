import { assertSheetComplete, scoreSheet, type Catalogue, type ScoreEntry } from '@leap/domain'
import type { ScoreSheetInput } from './score-sheet.schema.js'

/** What a score sheet shows besides the catalogue and the scores. */
export type ScoreSheetMeta = Pick<ScoreSheetInput, 'branch' | 'round' | 'inspectedOn' | 'committee' | 'improvementPlan' | 'signOff'>

/**
 * Builds the score-sheet input from a catalogue and the consensus entries, the way the server
 * holds them: the domain's `scoreSheet()` gives the total (rescaled when items are not applicable)
 * and checks the entries; each criterion's 考核內容 is its guidance followed by its tiers.
 * @throws DomainError from `scoreSheet` (unknown criterion, points not a tier, deduction without a
 *   finding, …) or `SHEET_INCOMPLETE` when a criterion has no entry.
 * @example renderScoreSheetPdf(scoreSheetInputFromCatalogue(SERVICE_LEAP_V2, entries, meta))
 */
export function scoreSheetInputFromCatalogue(catalogue: Catalogue, entries: readonly ScoreEntry[], meta: ScoreSheetMeta): ScoreSheetInput {
  const result = scoreSheet(catalogue, entries)
  assertSheetComplete(result)
  const byCode = new Map(entries.map((e) => [e.criterionCode, e]))
  return {
    ...meta,
    title: catalogue.title.zh,
    catalogueVersion: `v${catalogue.version}`,
    dimensions: catalogue.dimensions.map((d) => ({
      title: d.title.zh,
      maxPoints: d.maxPoints,
      criteria: d.criteria.map((c) => {
        const entry = byCode.get(c.code)!
        const notApplicable = entry.notApplicable === true
        const points = notApplicable ? null : (entry.points ?? c.tiers.find((t) => t.id === entry.tierId)!.points)
        return {
          code: c.code,
          title: c.title.zh,
          content: [c.guidance, `評分等級：${c.tiers.map((t) => `${t.label.zh} ${t.points}分`).join('；')}`].filter((s) => s.trim()).join('\n'),
          maxPoints: c.maxPoints,
          points,
          notApplicable,
          finding: entry.finding?.trim() ? entry.finding.trim() : null,
        }
      }),
    })),
    total: result.total,
    totalPoints: result.totalPoints,
    passThreshold: result.passThreshold,
  }
}
