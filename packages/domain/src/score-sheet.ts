import type { Catalogue } from './catalogue.js'
import { compile, type CompiledCatalogue } from './compiled-catalogue.js'
import { DomainError } from './errors.js'
import { IssueCollector, MISSING, NOT_APPLICABLE, resolveEntries, type ScoreEntry } from './score-entry.js'

/** A dimension's subtotal on a scored sheet. Points are raw (not rescaled). */
export interface DimensionSubtotal {
  dimensionCode: string
  /** Points awarded to the dimension's applicable criteria. */
  points: number
  /** The dimension's catalogue maximum. */
  maxPoints: number
  /** Maximum of its applicable criteria (criteria marked not applicable excluded). */
  applicableMaxPoints: number
}

/** A deducted criterion: becomes an 應改進事項 (remediation item) for its unit if the committee tracks it. */
export interface RemediationCandidate {
  criterionCode: string
  dimensionCode: string
  /** 承辦單位: the entry's `unit`, else the criterion's `defaultUnit`. */
  unit: string
  points: number
  maxPoints: number
  /** `maxPoints − points`, > 0. */
  deduction: number
  finding: string
}

/** The result of a consensus score sheet (the convener's sheet). All points have at most two decimals. */
export interface SheetResult {
  catalogueId: string
  catalogueVersion: number
  dimensions: DimensionSubtotal[]
  /** Sum of the points awarded (applicable criteria only). */
  rawPoints: number
  /** Sum of the maxima of the applicable criteria. */
  applicableMaxPoints: number
  /**
   * The sheet's total out of the catalogue's `totalPoints`: `rawPoints × totalPoints / applicableMaxPoints`,
   * rounded *down* to hundredths (equal to `rawPoints` when every criterion applies). Rounding down
   * means a total never rounds up across the threshold: 749.996 shows as 749.99 and fails.
   */
  total: number
  totalPoints: number
  /** `total / totalPoints × 100`, rounded down to hundredths. */
  percentage: number
  passThreshold: number
  /** `total >= passThreshold`. */
  passed: boolean
  /** The 750 rule (DOMAIN.md §1): `!passed`; the committee must propose 具體改善作法. */
  improvementPlanRequired: boolean
  /** When an improvement plan is required: the distinct units of the deducted criteria, in catalogue order; else empty. */
  improvementPlanUnits: string[]
  /** Every deducted criterion, in catalogue order, with its unit and finding. */
  remediationCandidates: RemediationCandidate[]
  /** Codes of criteria marked not applicable. */
  notApplicableCriteria: string[]
  /** Every criterion is scored or marked not applicable. */
  complete: boolean
  /** Codes of criteria with no entry (scored as 0 until filled in: the total is then a lower bound). */
  missingCriteria: string[]
}

/**
 * Scores the convener's consensus sheet against a catalogue, in exact integer hundredths.
 *
 * Rules: each entry follows {@link ScoreEntry}. A criterion marked not applicable is excluded and
 * the total is rescaled to the applicable maximum (see `SheetResult.total`), so that every sheet
 * is out of the same `totalPoints` and the 750 rule keeps its literal meaning across branches and
 * years. A criterion without an entry counts 0 and makes the sheet incomplete (`complete: false`);
 * use {@link assertSheetComplete} before finalising.
 *
 * @throws DomainError `UNKNOWN_CRITERION` (entry for a code not in the catalogue), `INVALID_SCORE`
 *   (points not a tier, unknown tier, tier and points disagree, duplicate entry, not applicable where
 *   not allowed, or every criterion not applicable), `FINDING_REQUIRED` (deduction without a finding),
 *   `INVALID_CATALOGUE` (the catalogue itself is invalid). Issues carry paths like `['entries', 3, 'finding']`.
 */
export function scoreSheet(catalogue: Catalogue, entries: readonly ScoreEntry[]): SheetResult {
  const compiled = compile(catalogue)
  const resolved = new Int16Array(compiled.criteria.length)
  const issues = new IssueCollector()
  resolveEntries(compiled, entries, resolved, 0, issues, ['entries'])
  issues.throwIfAny()
  return summarise(compiled, resolved, indexEntries(compiled, entries))
}

/**
 * Throws DomainError `SHEET_INCOMPLETE` (one issue per missing criterion, path `['entries', code]`)
 * unless every criterion of the sheet is scored or marked not applicable.
 */
export function assertSheetComplete(result: SheetResult): void {
  if (result === null || typeof result !== 'object' || typeof result.complete !== 'boolean' || !Array.isArray(result.missingCriteria)) {
    throw new DomainError('SHEET_INCOMPLETE', 'result: must be a sheet result from scoreSheet', [{ path: ['result'], message: 'must be a sheet result' }])
  }
  if (result.complete) return
  throw new DomainError(
    'SHEET_INCOMPLETE',
    `評分表尚有 ${result.missingCriteria.length} 項未評 (${result.missingCriteria.length} criteria not scored)`,
    result.missingCriteria.map((code) => ({ path: ['entries', code], message: `criterion "${code}" is not scored` })),
  )
}

/**
 * Builds the result from a resolved sheet. `entryOf[criterionIndex]` supplies findings and units;
 * resolution guarantees a deducted criterion has an entry with a finding.
 */
export function summarise(compiled: CompiledCatalogue, resolved: Int16Array, entryOf: readonly (ScoreEntry | undefined)[]): SheetResult {
  const catalogue = compiled.catalogue
  const dimensions: DimensionSubtotal[] = []
  const remediationCandidates: RemediationCandidate[] = []
  const notApplicableCriteria: string[] = []
  const missingCriteria: string[] = []
  let rawH = 0
  let applicableH = 0
  for (const d of compiled.dimensions) {
    let dRawH = 0
    let dApplicableH = 0
    for (const c of d.criteria) {
      const tier = resolved[c.index] as number
      if (tier === NOT_APPLICABLE) {
        notApplicableCriteria.push(c.code)
        continue
      }
      dApplicableH += c.maxH
      if (tier === MISSING) {
        missingCriteria.push(c.code)
        continue
      }
      const h = c.tierH[tier] as number
      dRawH += h
      if (h < c.maxH) {
        const entry = entryOf[c.index] as ScoreEntry
        remediationCandidates.push({
          criterionCode: c.code,
          dimensionCode: d.code,
          unit: entry.unit ?? c.defaultUnit,
          points: h / 100,
          maxPoints: c.maxH / 100,
          deduction: (c.maxH - h) / 100,
          finding: entry.finding as string,
        })
      }
    }
    rawH += dRawH
    applicableH += dApplicableH
    dimensions.push({ dimensionCode: d.code, points: dRawH / 100, maxPoints: d.maxH / 100, applicableMaxPoints: dApplicableH / 100 })
  }
  if (applicableH === 0) {
    throw new DomainError('INVALID_SCORE', 'every criterion is marked not applicable: nothing to score', [{ path: ['entries'], message: 'no applicable criterion' }])
  }
  // Integers throughout: rawH·totalH stays far below 2^53 for any catalogue of plausible size.
  const totalH = applicableH === compiled.totalH ? rawH : Math.floor((rawH * compiled.totalH) / applicableH)
  const passed = totalH >= compiled.thresholdH
  const improvementPlanUnits: string[] = []
  if (!passed) {
    for (const r of remediationCandidates) if (!improvementPlanUnits.includes(r.unit)) improvementPlanUnits.push(r.unit)
  }
  return {
    catalogueId: catalogue.id,
    catalogueVersion: catalogue.version,
    dimensions,
    rawPoints: rawH / 100,
    applicableMaxPoints: applicableH / 100,
    total: totalH / 100,
    totalPoints: compiled.totalH / 100,
    percentage: Math.floor((totalH * 10000) / compiled.totalH) / 100,
    passThreshold: compiled.thresholdH / 100,
    passed,
    improvementPlanRequired: !passed,
    improvementPlanUnits,
    remediationCandidates,
    notApplicableCriteria,
    complete: missingCriteria.length === 0,
    missingCriteria,
  }
}

function indexEntries(compiled: CompiledCatalogue, entries: readonly ScoreEntry[]): (ScoreEntry | undefined)[] {
  const out: (ScoreEntry | undefined)[] = new Array(compiled.criteria.length)
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e] as ScoreEntry
    const at = compiled.criteria[e]
    const c = at !== undefined && at.code === entry.criterionCode ? at : compiled.byCode.get(entry.criterionCode)
    if (c !== undefined) out[c.index] = entry
  }
  return out
}
