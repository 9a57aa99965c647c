// Internal: per-catalogue indexes, built once and cached by object identity, so scoring a sheet
// never walks the nested catalogue or parses strings. Catalogues are treated as immutable data.
import { type Catalogue, type Criterion, validateCatalogue } from './catalogue.js'
import { DomainError } from './errors.js'
import { toHundredths } from './hundredths.js'

export interface CompiledCriterion {
  readonly index: number
  readonly code: string
  readonly dimensionIndex: number
  readonly maxH: number
  /** Tier ids and points (hundredths), highest first, as in the catalogue. */
  readonly tierIds: readonly string[]
  readonly tierH: readonly number[]
  readonly notApplicableAllowed: boolean
  readonly defaultUnit: string
  readonly criterion: Criterion
}

export interface CompiledDimension {
  readonly code: string
  readonly maxH: number
  readonly criteria: readonly CompiledCriterion[]
}

export interface CompiledCatalogue {
  readonly catalogue: Catalogue
  readonly criteria: readonly CompiledCriterion[]
  readonly dimensions: readonly CompiledDimension[]
  readonly byCode: ReadonlyMap<string, CompiledCriterion>
  readonly totalH: number
  readonly thresholdH: number
}

const cache = new WeakMap<Catalogue, CompiledCatalogue>()

/** Validates (once) and indexes a catalogue. Throws DomainError INVALID_CATALOGUE. */
export function compile(catalogue: Catalogue): CompiledCatalogue {
  const hit = cache.get(catalogue)
  if (hit) return hit
  const result = validateCatalogue(catalogue)
  if (!result.ok) throw new DomainError('INVALID_CATALOGUE', 'catalogue is invalid', result.issues)
  const criteria: CompiledCriterion[] = []
  const dimensions: CompiledDimension[] = catalogue.dimensions.map((d, dimensionIndex) => {
    const own = d.criteria.map((criterion) => {
      const compiled: CompiledCriterion = {
        index: criteria.length,
        code: criterion.code,
        dimensionIndex,
        maxH: toHundredths(criterion.maxPoints),
        tierIds: criterion.tiers.map((t) => t.id),
        tierH: criterion.tiers.map((t) => toHundredths(t.points)),
        notApplicableAllowed: criterion.notApplicableAllowed,
        defaultUnit: criterion.defaultUnit,
        criterion,
      }
      criteria.push(compiled)
      return compiled
    })
    return { code: d.code, maxH: toHundredths(d.maxPoints), criteria: own }
  })
  const compiled: CompiledCatalogue = {
    catalogue,
    criteria,
    dimensions,
    byCode: new Map(criteria.map((c) => [c.code, c])),
    totalH: toHundredths(catalogue.totalPoints),
    thresholdH: toHundredths(catalogue.passThreshold),
  }
  cache.set(catalogue, compiled)
  return compiled
}
