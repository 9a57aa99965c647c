import type { CompiledCatalogue, CompiledCriterion } from './compiled-catalogue.js'
import { DomainError, type DomainErrorCode, type DomainIssue } from './errors.js'
import { describeValue } from './input.js'

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
 * Resolves entries into `out[offset + criterionIndex]` (tier index, MISSING or NOT_APPLICABLE),
 * recording problems in `issues` with paths under `basePath`. Hot path: small functions that V8
 * inlines, no allocation unless a problem is reported (reporting lives in `report`, kept cold).
 */
export function resolveEntries(
  compiled: CompiledCatalogue,
  entries: readonly ScoreEntry[],
  out: Int16Array,
  offset: number,
  issues: IssueCollector,
  basePath: readonly (string | number)[],
): void {
  const criteria = compiled.criteria
  out.fill(MISSING, offset, offset + criteria.length)
  if (!Array.isArray(entries)) {
    issues.add('INVALID_SCORE', [...basePath], 'must be a list of score entries')
    return
  }
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e] as ScoreEntry
    if (entry === null || typeof entry !== 'object') {
      issues.add('INVALID_SCORE', [...basePath, e], 'must be a score entry { criterionCode, tierId or points }')
      continue
    }
    // Sheets usually list criteria in catalogue order: compare codes by position before the map.
    const atPosition = criteria[e]
    const criterion: CompiledCriterion | undefined =
      atPosition !== undefined && atPosition.code === entry.criterionCode ? atPosition : compiled.byCode.get(entry.criterionCode)
    if (criterion === undefined) {
      report(Problem.UnknownCriterion, undefined, entry, e, issues, basePath)
      continue
    }
    const slot = offset + criterion.index
    if (out[slot] !== MISSING) {
      report(Problem.Duplicate, criterion, entry, e, issues, basePath)
      continue
    }
    if (entry.notApplicable === true) {
      const problem = !criterion.notApplicableAllowed ? Problem.NotApplicableForbidden : entry.tierId !== undefined || entry.points !== undefined ? Problem.NotApplicableScored : 0
      if (problem !== 0) report(problem, criterion, entry, e, issues, basePath)
      else out[slot] = NOT_APPLICABLE
      continue
    }
    const tier = tierOf(criterion, entry)
    if (tier < 0) {
      report(tier, criterion, entry, e, issues, basePath)
      continue
    }
    if ((criterion.tierH[tier] as number) < criterion.maxH && isBlank(entry.finding)) {
      report(Problem.FindingRequired, criterion, entry, e, issues, basePath)
      continue
    }
    out[slot] = tier
  }
}

/** Why an entry was refused; negative so `tierOf` can return them in place of a tier index. */
const enum Problem {
  NoScore = -1,
  UnknownTier = -2,
  BadPoints = -3,
  PointsNotATier = -4,
  TierPointsDisagree = -5,
  UnknownCriterion = -6,
  Duplicate = -7,
  NotApplicableForbidden = -8,
  NotApplicableScored = -9,
  FindingRequired = -10,
}

/** The tier an entry names (by id, by points, or both agreeing), or a negative {@link Problem}. */
export function tierOf(criterion: CompiledCriterion, entry: ScoreEntry): number {
  const tierId = entry.tierId
  const points = entry.points
  let byId = -1
  if (tierId !== undefined) {
    const ids = criterion.tierIds
    for (let t = 0; t < ids.length; t++) {
      if (ids[t] === tierId) {
        byId = t
        break
      }
    }
    if (byId < 0) return Problem.UnknownTier
  }
  if (points === undefined) return byId < 0 ? Problem.NoScore : byId
  // Inline of isHundredths/toHundredths; NaN, ±Infinity and non-numbers fail the comparison.
  const scaled = typeof points === 'number' ? points * 100 : Number.NaN
  const h = Math.round(scaled)
  if (!(Math.abs(scaled - h) < 1e-6)) return Problem.BadPoints
  const tierH = criterion.tierH
  for (let t = 0; t < tierH.length; t++) {
    if (tierH[t] === h) return byId < 0 || byId === t ? t : Problem.TierPointsDisagree
  }
  return Problem.PointsNotATier
}

function report(problem: number, criterion: CompiledCriterion | undefined, entry: ScoreEntry, e: number, issues: IssueCollector, basePath: readonly (string | number)[]): void {
  const at = (...rest: (string | number)[]) => [...basePath, e, ...rest]
  const code = criterion?.code ?? describeValue(entry.criterionCode).replace(/^"|"$/g, '')
  switch (problem) {
    case Problem.UnknownCriterion:
      return issues.add('UNKNOWN_CRITERION', at('criterionCode'), `unknown criterion "${code}"`)
    case Problem.Duplicate:
      return issues.add('INVALID_SCORE', at('criterionCode'), `criterion "${code}" is scored twice`)
    case Problem.NotApplicableForbidden:
      return issues.add('INVALID_SCORE', at('notApplicable'), `criterion "${code}" cannot be marked not applicable`)
    case Problem.NotApplicableScored:
      return issues.add('INVALID_SCORE', at('notApplicable'), `criterion "${code}" is marked not applicable and scored at once`)
    case Problem.NoScore:
      return issues.add('INVALID_SCORE', at(), `criterion "${code}" needs a tier, points, or not applicable`)
    case Problem.UnknownTier:
      return issues.add('INVALID_SCORE', at('tierId'), `criterion "${code}" has no tier ${describeValue(entry.tierId)}`)
    case Problem.BadPoints:
      return issues.add('INVALID_SCORE', at('points'), `points of "${code}" must be a number with at most two decimals`)
    case Problem.PointsNotATier: {
      const allowed = (criterion as CompiledCriterion).tierH.map((x) => x / 100).join(', ')
      return issues.add('INVALID_SCORE', at('points'), `${describeValue(entry.points)} is not a tier of "${code}" (allowed: ${allowed})`)
    }
    case Problem.TierPointsDisagree: {
      const c = criterion as CompiledCriterion
      const worth = (c.tierH[c.tierIds.indexOf(entry.tierId as string)] as number) / 100
      return issues.add('INVALID_SCORE', at('points'), `tier ${describeValue(entry.tierId)} of "${code}" is worth ${worth}, not ${describeValue(entry.points)}`)
    }
    default:
      return issues.add('FINDING_REQUIRED', at('finding'), `criterion "${code}" loses points: a finding is required`)
  }
}

/** True for a missing or whitespace-only finding. Checks the first character before trimming (hot path). */
export function isBlank(text: string | undefined): boolean {
  if (text === undefined || text.length === 0) return true
  const c = text.charCodeAt(0)
  // ASCII printable, or CJK and beyond up to (not including) U+FEFF: not whitespace, no need to trim.
  if ((c > 0x20 && c < 0x7f) || (c > 0x3000 && c < 0xfeff)) return false
  return text.trim() === ''
}
