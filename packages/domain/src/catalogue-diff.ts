import type { Catalogue, Criterion, RubricTier } from './catalogue.js'
import { catalogueShapeIssues } from './catalogue.js'
import { DomainError } from './errors.js'

/** One difference between two catalogues. */
export interface CatalogueChange {
  kind: 'added' | 'removed' | 'changed'
  subject: 'catalogue' | 'dimension' | 'criterion' | 'tier'
  /** Dimension or criterion code; `criterionCode/tierId` for a tier; empty for the catalogue itself. */
  code: string
  /** For `changed`: the field, e.g. `maxPoints`, `title.zh`, `dimension`, `rule`. */
  field?: string
  before?: unknown
  after?: unknown
}

/** Result of {@link diffCatalogues}. */
export interface CatalogueDiff {
  from: { id: string; version: number }
  to: { id: string; version: number }
  /** In order: catalogue fields, dimensions, criteria (in `b`'s order, removals last), tiers. */
  changes: CatalogueChange[]
  /** No difference at all. */
  identical: boolean
}

/**
 * Lists what changed from catalogue `a` to catalogue `b`, matching dimensions and criteria by code
 * and tiers by id. Compares titles, points, threshold, units, not-applicable permission, guidance,
 * sub-area, the criterion's dimension, tier labels, points and rules. Pure; it does not judge
 * meaning (a renamed criterion shows as removed + added: use a `CatalogueMapping` for that).
 * Drafts that do not add up yet may be compared; only a malformed shape is refused.
 * @throws DomainError `INVALID_CATALOGUE` naming the field (under `a` or `b`) if either catalogue is malformed.
 */
export function diffCatalogues(a: Catalogue, b: Catalogue): CatalogueDiff {
  for (const [side, catalogue] of [['a', a], ['b', b]] as const) {
    const issues = catalogueShapeIssues(catalogue).map((i) => ({ ...i, path: [side, ...i.path] }))
    if (issues.length > 0) throw new DomainError('INVALID_CATALOGUE', `${issues[0]!.path.join('.')}: ${issues[0]!.message}`, issues)
  }
  const changes: CatalogueChange[] = []
  const field = (subject: CatalogueChange['subject'], code: string, name: string, before: unknown, after: unknown) => {
    if (!equal(before, after)) changes.push({ kind: 'changed', subject, code, field: name, before, after })
  }
  field('catalogue', '', 'title.zh', a.title.zh, b.title.zh)
  field('catalogue', '', 'title.en', a.title.en, b.title.en)
  field('catalogue', '', 'effectiveRocYear', a.effectiveRocYear, b.effectiveRocYear)
  field('catalogue', '', 'totalPoints', a.totalPoints, b.totalPoints)
  field('catalogue', '', 'passThreshold', a.passThreshold, b.passThreshold)
  field('catalogue', '', 'lowestTierScoresZero', a.lowestTierScoresZero, b.lowestTierScoresZero)

  const aDims = new Map(a.dimensions.map((d) => [d.code, d]))
  const bDims = new Map(b.dimensions.map((d) => [d.code, d]))
  for (const d of b.dimensions) {
    const before = aDims.get(d.code)
    if (!before) {
      changes.push({ kind: 'added', subject: 'dimension', code: d.code })
      continue
    }
    field('dimension', d.code, 'title.zh', before.title.zh, d.title.zh)
    field('dimension', d.code, 'title.en', before.title.en, d.title.en)
    field('dimension', d.code, 'maxPoints', before.maxPoints, d.maxPoints)
    field('dimension', d.code, 'subAreas', before.subAreas ?? [], d.subAreas ?? [])
  }
  for (const d of a.dimensions) if (!bDims.has(d.code)) changes.push({ kind: 'removed', subject: 'dimension', code: d.code })

  const aCrit = criteriaByCode(a)
  const bCrit = criteriaByCode(b)
  const tierChanges: CatalogueChange[] = []
  for (const [code, { criterion: c, dimension }] of bCrit) {
    const before = aCrit.get(code)
    if (!before) {
      changes.push({ kind: 'added', subject: 'criterion', code })
      continue
    }
    const p = before.criterion
    field('criterion', code, 'dimension', before.dimension, dimension)
    field('criterion', code, 'title.zh', p.title.zh, c.title.zh)
    field('criterion', code, 'title.en', p.title.en, c.title.en)
    field('criterion', code, 'maxPoints', p.maxPoints, c.maxPoints)
    field('criterion', code, 'defaultUnit', p.defaultUnit, c.defaultUnit)
    field('criterion', code, 'notApplicableAllowed', p.notApplicableAllowed, c.notApplicableAllowed)
    field('criterion', code, 'guidance', p.guidance, c.guidance)
    field('criterion', code, 'subArea', p.subArea, c.subArea)
    diffTiers(code, p.tiers, c.tiers, tierChanges)
  }
  for (const code of aCrit.keys()) if (!bCrit.has(code)) changes.push({ kind: 'removed', subject: 'criterion', code })
  changes.push(...tierChanges)
  return { from: { id: a.id, version: a.version }, to: { id: b.id, version: b.version }, changes, identical: changes.length === 0 }
}

function diffTiers(code: string, a: readonly RubricTier[], b: readonly RubricTier[], out: CatalogueChange[]): void {
  const before = new Map(a.map((t) => [t.id, t]))
  const after = new Set(b.map((t) => t.id))
  for (const t of b) {
    const p = before.get(t.id)
    const key = `${code}/${t.id}`
    if (!p) {
      out.push({ kind: 'added', subject: 'tier', code: key, after: t.points })
      continue
    }
    for (const [name, x, y] of [
      ['points', p.points, t.points],
      ['label.zh', p.label.zh, t.label.zh],
      ['label.en', p.label.en, t.label.en],
      ['rule', p.rule, t.rule],
    ] as const) {
      if (!equal(x, y)) out.push({ kind: 'changed', subject: 'tier', code: key, field: name, before: x, after: y })
    }
  }
  for (const t of a) if (!after.has(t.id)) out.push({ kind: 'removed', subject: 'tier', code: `${code}/${t.id}`, before: t.points })
}

function criteriaByCode(c: Catalogue): Map<string, { criterion: Criterion; dimension: string }> {
  const out = new Map<string, { criterion: Criterion; dimension: string }>()
  for (const d of c.dimensions) for (const criterion of d.criteria) out.set(criterion.code, { criterion, dimension: d.code })
  return out
}

function equal(x: unknown, y: unknown): boolean {
  return JSON.stringify(x) === JSON.stringify(y)
}
