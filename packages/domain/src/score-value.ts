import type { Catalogue } from './catalogue.js'
import { DomainError } from './errors.js'
import { toHundredths } from './hundredths.js'
import type { ScoreEntry } from './score-entry.js'
import { compile } from './compiled-catalogue.js'
import { describeValue, requireRecord } from './input.js'

/** A score as it is stored: the tier an entry named (by id or by points) with that tier's points. */
export interface ScoreValue {
  criterionCode: string
  /** Null when not applicable. */
  tierId: string | null
  /** The tier's points; null when not applicable. */
  points: number | null
  finding: string | null
  notApplicable: boolean
}

/**
 * Resolves an entry to the tier it names and that tier's points: by `tierId` when given, else by
 * `points` (tiers have distinct points, compared in hundredths). Call after `scoreSheet` accepted
 * the entry; it refuses only what `scoreSheet` would have refused.
 *
 * @throws DomainError `INVALID_SCORE` (path `criterionCode`, params `criterionCode`) when the
 *   criterion or the tier does not exist.
 * @example resolveScoreValue(catalogue, { criterionCode: 'A1', points: 40 }) // → { tierId: 'good', points: 40, … }
 */
export function resolveScoreValue(catalogue: Catalogue, entry: ScoreEntry): ScoreValue {
  compile(catalogue)
  requireRecord(entry, 'entry', 'INVALID_SCORE')
  if (entry.points !== undefined && (typeof entry.points !== 'number' || !Number.isFinite(entry.points))) {
    throw new DomainError('INVALID_SCORE', `points must be a number, got ${describeValue(entry.points)}`, [{ path: ['points'], message: 'must be a number' }])
  }
  const finding = entry.finding ?? null
  if (entry.notApplicable) return { criterionCode: entry.criterionCode, tierId: null, points: null, finding, notApplicable: true }
  let criterion: Catalogue['dimensions'][number]['criteria'][number] | undefined
  for (const d of catalogue.dimensions) {
    criterion = d.criteria.find((c) => c.code === entry.criterionCode)
    if (criterion) break
  }
  const wanted = entry.points === undefined ? null : toHundredths(entry.points)
  const tier = criterion?.tiers.find((t) => (entry.tierId !== undefined ? t.id === entry.tierId : toHundredths(t.points) === wanted))
  if (!criterion || !tier) {
    throw new DomainError('INVALID_SCORE', `invalid score for ${describeValue(entry.criterionCode)}`, [{ path: ['criterionCode'], message: 'no such criterion or tier' }], {
      criterionCode: entry.criterionCode,
    })
  }
  return { criterionCode: entry.criterionCode, tierId: tier.id, points: tier.points, finding, notApplicable: false }
}
