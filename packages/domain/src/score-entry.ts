import type { CompiledCatalogue, CompiledCriterion } from './compiled-catalogue.js'
import { DomainError, type DomainErrorCode, type DomainIssue } from './errors.js'
import { isHundredths, toHundredths } from './hundredths.js'

/**
 * One score for one criterion, as a member or the convener enters it.
 *
 * Give `tierId`, or `points` equal to one of the criterion's tier points (tiers have distinct
 * points, so points name exactly one tier), or both when they agree. `notApplicable: true`
 * (不適用) is allowed only on criteria with `notApplicableAllowed`, and then neither tier nor
 * points may be given. A deduction (points below the criterion maximum) needs a non-empty `finding`
 * (紀錄事項), which becomes the text of the remediation item.
 */
export interface ScoreEntry {
  criterionCode: string
  tierId?: string
  /** Points awarded, at most two decimals; must equal one tier's points. */
  points?: number
  notApplicable?: boolean
  finding?: string
  /** 承辦單位 to receive the remediation item; defaults to the criterion's `defaultUnit`. */
  unit?: string
}

/** Marks in a resolved sheet: a tier index ≥ 0, or one of these. */
export const MISSING = -1
export const NOT_APPLICABLE = -2

/** Collects issues with their codes; throws once, with the first code and all issues of that code. */
export class IssueCollector {
  readonly found: { code: DomainErrorCode; issue: DomainIssue }[] = []

  add(code: DomainErrorCode, path: (string | number)[], message: string): void {
    this.found.push({ code, issue: { path, message } })
  }

  throwIfAny(): void {
    const first = this.found[0]
    if (!first) return
    const issues = this.found.filter((f) => f.code === first.code).map((f) => f.issue)
    throw new DomainError(first.code, issues.length === 1 ? first.issue.message : `${first.issue.message} (and ${issues.length - 1} more)`, issues)
  }
}

/**
 * Resolves entries into `out[criterionIndex]` (tier index, MISSING or NOT_APPLICABLE), recording
 * problems in `issues` with paths under `basePath`. Returns nothing; hot path, allocates only on error.
 */
export function resolveEntries(
  compiled: CompiledCatalogue,
  entries: readonly ScoreEntry[],
  out: Int16Array,
  issues: IssueCollector,
  basePath: readonly (string | number)[],
): void {
  out.fill(MISSING)
  const criteria = compiled.criteria
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e] as ScoreEntry
    // Sheets usually list criteria in catalogue order: compare codes by position before the map.
    const atPosition = criteria[e]
    const criterion: CompiledCriterion | undefined =
      atPosition !== undefined && atPosition.code === entry.criterionCode ? atPosition : compiled.byCode.get(entry.criterionCode)
    if (criterion === undefined) {
      issues.add('UNKNOWN_CRITERION', [...basePath, e, 'criterionCode'], `unknown criterion "${entry.criterionCode}"`)
      continue
    }
    if (out[criterion.index] !== MISSING) {
      issues.add('INVALID_SCORE', [...basePath, e, 'criterionCode'], `criterion "${criterion.code}" is scored twice`)
      continue
    }
    if (entry.notApplicable === true) {
      if (!criterion.notApplicableAllowed) {
        issues.add('INVALID_SCORE', [...basePath, e, 'notApplicable'], `criterion "${criterion.code}" cannot be marked not applicable`)
      } else if (entry.tierId !== undefined || entry.points !== undefined) {
        issues.add('INVALID_SCORE', [...basePath, e, 'notApplicable'], `criterion "${criterion.code}" is marked not applicable and scored at once`)
      } else {
        out[criterion.index] = NOT_APPLICABLE
      }
      continue
    }
    const tier = resolveTier(criterion, entry, e, issues, basePath)
    if (tier < 0) continue
    if ((criterion.tierH[tier] as number) < criterion.maxH && (entry.finding === undefined || entry.finding.trim() === '')) {
      issues.add('FINDING_REQUIRED', [...basePath, e, 'finding'], `criterion "${criterion.code}" loses points: a finding is required`)
      continue
    }
    out[criterion.index] = tier
  }
}

function resolveTier(criterion: CompiledCriterion, entry: ScoreEntry, e: number, issues: IssueCollector, basePath: readonly (string | number)[]): number {
  const { tierId, points } = entry
  let byId = -1
  if (tierId !== undefined) {
    byId = criterion.tierIds.indexOf(tierId)
    if (byId < 0) {
      issues.add('INVALID_SCORE', [...basePath, e, 'tierId'], `criterion "${criterion.code}" has no tier "${tierId}"`)
      return -1
    }
  }
  if (points === undefined) {
    if (byId < 0) issues.add('INVALID_SCORE', [...basePath, e], `criterion "${criterion.code}" needs a tier, points, or not applicable`)
    return byId
  }
  if (typeof points !== 'number' || !isHundredths(points)) {
    issues.add('INVALID_SCORE', [...basePath, e, 'points'], `points of "${criterion.code}" must be a number with at most two decimals`)
    return -1
  }
  const byPoints = criterion.tierH.indexOf(toHundredths(points))
  if (byPoints < 0) {
    const allowed = criterion.tierH.map((h) => h / 100).join(', ')
    issues.add('INVALID_SCORE', [...basePath, e, 'points'], `${points} is not a tier of "${criterion.code}" (allowed: ${allowed})`)
    return -1
  }
  if (byId >= 0 && byId !== byPoints) {
    issues.add('INVALID_SCORE', [...basePath, e, 'points'], `tier "${tierId}" of "${criterion.code}" is worth ${(criterion.tierH[byId] as number) / 100}, not ${points}`)
    return -1
  }
  return byPoints
}
