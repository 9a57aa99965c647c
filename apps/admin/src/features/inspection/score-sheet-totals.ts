import { isDomainError, scoreSheet, type Catalogue, type ScoreEntry, type SheetResult } from '@leap/domain'

/** What the member has picked for one criterion so far (null tier = not yet scored). */
export interface DraftScore {
  tierId: string | null
  notApplicable: boolean
  finding: string
}

/** Live view of a sheet being filled in: the domain's result plus what still blocks it. */
export interface LiveTotals {
  /** The domain's scoring of the picks so far; null only when the picks cannot be scored at all. */
  result: SheetResult | null
  /** Criteria with a deduction but no finding yet (the server will refuse them). */
  findingMissing: Set<string>
  /** Highest total still reachable if every unscored criterion got full marks. */
  bestPossible: number | null
  /** The domain's refusal, when `result` is null (e.g. every criterion marked not applicable). */
  errorMessage: string | null
}

// Stands in for a finding not written yet, so a deduction's points count in the live total while
// the missing finding is reported separately, next to its criterion.
const PENDING_FINDING = '\u2026'

/**
 * Recomputes totals, dimension subtotals and the pass line from the picks, with @leap/domain's
 * `scoreSheet` (exact hundredths, the rescaling rule for not-applicable criteria, the 750 rule).
 * Unscored criteria count 0, so `result.total` is what the sheet is worth *now*. Never throws.
 */
export function computeLiveTotals(catalogue: Catalogue, drafts: ReadonlyMap<string, DraftScore>): LiveTotals {
  const entries: ScoreEntry[] = []
  const findingMissing = new Set<string>()
  for (const dimension of catalogue.dimensions) {
    for (const criterion of dimension.criteria) {
      const draft = drafts.get(criterion.code)
      if (!draft) continue
      if (draft.notApplicable) {
        entries.push({ criterionCode: criterion.code, notApplicable: true })
        continue
      }
      if (!draft.tierId) continue
      const tier = criterion.tiers.find((t) => t.id === draft.tierId)
      if (!tier) continue
      const finding = draft.finding.trim()
      if (tier.points < criterion.maxPoints && !finding) findingMissing.add(criterion.code)
      entries.push({ criterionCode: criterion.code, tierId: tier.id, finding: finding || PENDING_FINDING })
    }
  }
  try {
    const result = scoreSheet(catalogue, entries)
    return { result, findingMissing, bestPossible: bestPossible(catalogue, entries), errorMessage: null }
  } catch (e) {
    return { result: null, findingMissing, bestPossible: null, errorMessage: isDomainError(e) ? e.message : String(e) }
  }
}

/** The total if every unscored criterion got its maximum (same rescaling as the real total). */
function bestPossible(catalogue: Catalogue, entries: readonly ScoreEntry[]): number | null {
  const scored = new Set(entries.map((e) => e.criterionCode))
  const filled: ScoreEntry[] = [...entries]
  for (const dimension of catalogue.dimensions) {
    for (const criterion of dimension.criteria) {
      if (scored.has(criterion.code)) continue
      const top = criterion.tiers.reduce((a, b) => (b.points > a.points ? b : a))
      filled.push({ criterionCode: criterion.code, tierId: top.id })
    }
  }
  try {
    return scoreSheet(catalogue, filled).total
  } catch {
    return null
  }
}
