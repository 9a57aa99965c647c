import { z } from 'zod'
import { DomainError, type DomainIssue } from './errors.js'
import { isHundredths, toHundredths } from './hundredths.js'
import { indicatorKeySchema, type IndicatorKey } from './indicator-keys.js'

/** A text in Traditional Chinese (authoritative) and English. */
export interface BilingualText {
  zh: string
  en: string
}

/** Comparison used by an {@link IndicatorRule}. */
export type IndicatorOp = '>=' | '>' | '<=' | '<' | '=='

/**
 * A measured threshold that decides a tier, e.g. `{ indicator: 'environmentSatisfaction', op: '>=', value: 80 }`
 * reads "environment satisfaction ≥ 80 %". Only a suggestion: the committee always decides.
 */
export interface IndicatorRule {
  indicator: IndicatorKey
  op: IndicatorOp
  /** Threshold in the indicator's own unit (see `INDICATOR_UNITS`). */
  value: number
}

/** One rubric tier (評分等級): a box the member ticks, worth a fixed number of points. */
export interface RubricTier {
  /** Unique within its criterion, e.g. `A`. */
  id: string
  label: BilingualText
  /** Points awarded, at most two decimals, never above the criterion's `maxPoints`. */
  points: number
  /** The measured threshold that suggests this tier, if any. */
  rule?: IndicatorRule
}

/** A criterion item (項目) of a dimension. */
export interface Criterion {
  /** Unique across the whole catalogue; scores refer to criteria by this code. */
  code: string
  title: BilingualText
  /** What the committee looks at (zh); free text. */
  guidance: string
  /** Code of one of the dimension's `subAreas`, if the dimension has any. */
  subArea?: string
  /** 配分, at most two decimals. */
  maxPoints: number
  /** 承辦單位 that receives remediation items for this criterion, e.g. 秘書室, 執行科. */
  defaultUnit: string
  /** Whether the committee may mark the criterion 不適用 (excluded from the total, see `scoreSheet`). */
  notApplicableAllowed: boolean
  /** Listed from the highest to the lowest points; points are distinct. */
  tiers: RubricTier[]
}

/** A sub-area (子構面) grouping criteria inside a dimension, e.g. 服務一致及正確. */
export interface SubArea {
  code: string
  title: BilingualText
}

/** A dimension (構面); its criteria's `maxPoints` add up to its `maxPoints`. */
export interface Dimension {
  code: string
  title: BilingualText
  maxPoints: number
  subAreas?: SubArea[]
  criteria: Criterion[]
}

/**
 * A versioned criteria catalogue (評分表). Invariants, checked by {@link validateCatalogue}:
 * criteria add up to their dimension, dimensions to `totalPoints`; `passThreshold ≤ totalPoints`;
 * codes are unique; every tier lies within its criterion's maximum, one tier awards the maximum,
 * and when `lowestTierScoresZero` the lowest tier awards 0.
 */
export interface Catalogue {
  /** Stable identifier, e.g. `service-leap`; versions of one catalogue share it. */
  id: string
  /** Positive integer, increasing with each revision. */
  version: number
  title: BilingualText
  /** First ROC year (民國) the catalogue applies to, e.g. 106. */
  effectiveRocYear: number
  totalPoints: number
  /** A total below this requires an improvement plan (DOMAIN.md §1: 750 of 1000). */
  passThreshold: number
  /** The rule "the lowest tier scores 0" (DOMAIN.md §5). Defaults to true. */
  lowestTierScoresZero: boolean
  dimensions: Dimension[]
}

const nonEmpty = z.string().trim().min(1)
const bilingualSchema = z.strictObject({ zh: nonEmpty, en: nonEmpty })
const points = (what: string) =>
  z
    .number()
    .finite()
    .nonnegative()
    .refine(isHundredths, { message: `${what} may have at most two decimals` })

const indicatorRuleSchema = z.strictObject({
  indicator: indicatorKeySchema,
  op: z.enum(['>=', '>', '<=', '<', '==']),
  value: z.number().finite(),
})

const tierSchema = z.strictObject({
  id: nonEmpty,
  label: bilingualSchema,
  points: points('tier points'),
  rule: indicatorRuleSchema.optional(),
})

const criterionSchema = z.strictObject({
  code: nonEmpty,
  title: bilingualSchema,
  guidance: z.string(),
  subArea: nonEmpty.optional(),
  maxPoints: points('maxPoints').positive(),
  defaultUnit: nonEmpty,
  notApplicableAllowed: z.boolean(),
  tiers: z.array(tierSchema).min(2, 'a criterion needs at least two tiers'),
})

const dimensionSchema = z.strictObject({
  code: nonEmpty,
  title: bilingualSchema,
  maxPoints: points('maxPoints').positive(),
  subAreas: z.array(z.strictObject({ code: nonEmpty, title: bilingualSchema })).optional(),
  criteria: z.array(criterionSchema).min(1, 'a dimension needs at least one criterion'),
})

/**
 * Structural zod schema of a {@link Catalogue}. It checks shapes only; the arithmetic and
 * uniqueness rules live in {@link validateCatalogue}, which also runs this schema.
 */
export const catalogueSchema: z.ZodType<Catalogue, unknown> = z.strictObject({
  id: nonEmpty,
  version: z.number().int().positive(),
  title: bilingualSchema,
  effectiveRocYear: z.number().int().positive(),
  totalPoints: points('totalPoints').positive(),
  passThreshold: points('passThreshold'),
  lowestTierScoresZero: z.boolean().default(true),
  dimensions: z.array(dimensionSchema).min(1, 'a catalogue needs at least one dimension'),
})

/** Result of {@link validateCatalogue}: the parsed catalogue, or every problem found. */
export type CatalogueValidation = { ok: true; catalogue: Catalogue } | { ok: false; issues: DomainIssue[] }

/**
 * Checks a catalogue and returns every problem with its path (never throws).
 *
 * Structural problems (wrong types, missing fields, more than two decimals) are reported first;
 * only a structurally sound catalogue is checked for: criteria not adding up to their dimension
 * (path `dimensions.i.maxPoints`), dimensions not adding up to `totalPoints`, `passThreshold`
 * above `totalPoints`, duplicate dimension / sub-area / criterion codes and tier ids, a tier
 * above its criterion's maximum, no tier awarding the maximum, a missing 0-point tier when
 * `lowestTierScoresZero`, tiers not listed from highest to lowest with distinct points, and a
 * criterion naming an unknown sub-area.
 */
export function validateCatalogue(input: unknown): CatalogueValidation {
  const parsed = catalogueSchema.safeParse(input)
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })),
    }
  }
  const issues = semanticIssues(parsed.data)
  return issues.length === 0 ? { ok: true, catalogue: parsed.data } : { ok: false, issues }
}

/**
 * The structural problems of a catalogue only (types, missing fields, decimals), each with its path;
 * never throws. A draft being edited may not add up yet and still be compared (see `diffCatalogues`).
 */
export function catalogueShapeIssues(input: unknown): DomainIssue[] {
  const parsed = catalogueSchema.safeParse(input)
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }))
}

/**
 * Parses and validates a catalogue.
 * @returns the catalogue with defaults applied (`lowestTierScoresZero: true`).
 * @throws DomainError `INVALID_CATALOGUE` whose `issues` list every problem with its path.
 */
export function parseCatalogue(input: unknown): Catalogue {
  const result = validateCatalogue(input)
  if (!result.ok) {
    throw new DomainError('INVALID_CATALOGUE', `評分表有 ${result.issues.length} 個問題 (catalogue has ${result.issues.length} problem(s))`, result.issues)
  }
  return result.catalogue
}

function fmt(h: number): string {
  return (h / 100).toString()
}

function semanticIssues(c: Catalogue): DomainIssue[] {
  const issues: DomainIssue[] = []
  const totalH = toHundredths(c.totalPoints)
  if (toHundredths(c.passThreshold) > totalH) {
    issues.push({ path: ['passThreshold'], message: `passThreshold ${c.passThreshold} is above totalPoints ${c.totalPoints}` })
  }
  const dimensionCodes = new Map<string, number>()
  const criterionCodes = new Map<string, [number, number]>()
  let dimensionSumH = 0
  c.dimensions.forEach((d, di) => {
    const dPath = ['dimensions', di] as (string | number)[]
    const seenDim = dimensionCodes.get(d.code)
    if (seenDim !== undefined) issues.push({ path: [...dPath, 'code'], message: `duplicate dimension code "${d.code}" (also dimensions.${seenDim})` })
    else dimensionCodes.set(d.code, di)
    dimensionSumH += toHundredths(d.maxPoints)

    const subAreaCodes = new Set<string>()
    d.subAreas?.forEach((s, si) => {
      if (subAreaCodes.has(s.code)) issues.push({ path: [...dPath, 'subAreas', si, 'code'], message: `duplicate sub-area code "${s.code}"` })
      subAreaCodes.add(s.code)
    })

    let criteriaSumH = 0
    d.criteria.forEach((cr, ci) => {
      const cPath = [...dPath, 'criteria', ci]
      const seen = criterionCodes.get(cr.code)
      if (seen) issues.push({ path: [...cPath, 'code'], message: `duplicate criterion code "${cr.code}" (also dimensions.${seen[0]}.criteria.${seen[1]})` })
      else criterionCodes.set(cr.code, [di, ci])
      if (cr.subArea !== undefined && !subAreaCodes.has(cr.subArea)) {
        issues.push({ path: [...cPath, 'subArea'], message: `unknown sub-area "${cr.subArea}" in dimension "${d.code}"` })
      }
      const maxH = toHundredths(cr.maxPoints)
      criteriaSumH += maxH
      tierIssues(c, cr, maxH, cPath, issues)
    })
    if (criteriaSumH !== toHundredths(d.maxPoints)) {
      issues.push({ path: [...dPath, 'maxPoints'], message: `criteria add up to ${fmt(criteriaSumH)}, dimension "${d.code}" says ${d.maxPoints}` })
    }
  })
  if (dimensionSumH !== totalH) {
    issues.push({ path: ['totalPoints'], message: `dimensions add up to ${fmt(dimensionSumH)}, totalPoints says ${c.totalPoints}` })
  }
  return issues
}

function tierIssues(c: Catalogue, cr: Criterion, maxH: number, cPath: (string | number)[], issues: DomainIssue[]): void {
  const ids = new Set<string>()
  let previousH = Number.POSITIVE_INFINITY
  let hasMax = false
  let lowestH = Number.POSITIVE_INFINITY
  cr.tiers.forEach((t, ti) => {
    const tPath = [...cPath, 'tiers', ti]
    if (ids.has(t.id)) issues.push({ path: [...tPath, 'id'], message: `duplicate tier id "${t.id}" in criterion "${cr.code}"` })
    ids.add(t.id)
    const h = toHundredths(t.points)
    if (h > maxH) issues.push({ path: [...tPath, 'points'], message: `tier "${t.id}" awards ${t.points}, above the criterion maximum ${cr.maxPoints}` })
    if (h === previousH) issues.push({ path: [...tPath, 'points'], message: `two tiers of "${cr.code}" award ${t.points}; tier points must be distinct` })
    else if (h > previousH) issues.push({ path: [...tPath, 'points'], message: `tiers of "${cr.code}" must be listed from highest to lowest points` })
    previousH = h
    if (h === maxH) hasMax = true
    lowestH = Math.min(lowestH, h)
  })
  if (!hasMax) issues.push({ path: [...cPath, 'tiers'], message: `no tier of "${cr.code}" awards the maximum ${cr.maxPoints}` })
  if (c.lowestTierScoresZero && lowestH !== 0) {
    issues.push({ path: [...cPath, 'tiers'], message: `criterion "${cr.code}" has no 0-point tier, but the lowest tier must score 0` })
  }
}
