import { z } from 'zod'
import type { Catalogue } from './catalogue.js'
import { compile, type CompiledCatalogue, type CompiledCriterion } from './compiled-catalogue.js'
import { DomainError, type DomainIssue } from './errors.js'
import { isHundredths, toHundredths } from './hundredths.js'

/**
 * How criteria of one catalogue version relate to the next:
 * `same` (1→1, same code), `renamed` (1→1, new code or wording, same substance),
 * `split` (1→many), `merged` (many→1), `new` (0→1), `retired` (1→0).
 */
export type MappingKind = 'same' | 'renamed' | 'split' | 'merged' | 'new' | 'retired'

/** One link of a {@link CatalogueMapping}: source criterion codes → target criterion codes. */
export interface MappingLink {
  kind: MappingKind
  from: string[]
  to: string[]
  note?: string
}

/** A criterion mapping between two catalogue versions; every criterion of each side appears in exactly one link. */
export interface CatalogueMapping {
  from: { id: string; version: number }
  to: { id: string; version: number }
  /** Why the mapping looks the way it does, and whose assumption it is. */
  note: string
  links: MappingLink[]
}

const codeList = z.array(z.string().min(1).max(200)).max(1000)
const mappingSchema = z.object({
  from: z.object({ id: z.string(), version: z.number().int() }),
  to: z.object({ id: z.string(), version: z.number().int() }),
  note: z.string(),
  links: z.array(z.object({ kind: z.enum(['same', 'renamed', 'split', 'merged', 'new', 'retired']), from: codeList, to: codeList, note: z.string().optional() })).max(1000),
})

const ARITY: Record<MappingKind, [fromMin: number, fromMax: number, toMin: number, toMax: number]> = {
  same: [1, 1, 1, 1],
  renamed: [1, 1, 1, 1],
  split: [1, 1, 2, Number.POSITIVE_INFINITY],
  merged: [2, Number.POSITIVE_INFINITY, 1, 1],
  new: [0, 0, 1, 1],
  retired: [1, 1, 0, 0],
}

/**
 * Checks a mapping against its two catalogues and returns every problem with its path:
 * wrong catalogue id/version, a link's arity not matching its kind, `same` with different codes,
 * unknown codes, a code in two links, and criteria of either catalogue left unmapped (path `['links']`).
 * @throws DomainError `INVALID_CATALOGUE` naming the field only when an argument is not a mapping or
 *   a catalogue at all (a malformed shape, not a mapping that does not fit).
 */
export function validateMapping(mapping: CatalogueMapping, from: Catalogue, to: Catalogue): DomainIssue[] {
  const shape = mappingSchema.safeParse(mapping)
  if (!shape.success) {
    const issues = shape.error.issues.map((i) => ({ path: ['mapping', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message }))
    throw new DomainError('INVALID_CATALOGUE', `mapping: ${issues[0]!.path.join('.')} ${issues[0]!.message}`, issues)
  }
  const a = compile(from)
  const b = compile(to)
  const issues: DomainIssue[] = []
  if (mapping.from.id !== from.id || mapping.from.version !== from.version) issues.push({ path: ['from'], message: `mapping is from ${mapping.from.id} v${mapping.from.version}, not ${from.id} v${from.version}` })
  if (mapping.to.id !== to.id || mapping.to.version !== to.version) issues.push({ path: ['to'], message: `mapping is to ${mapping.to.id} v${mapping.to.version}, not ${to.id} v${to.version}` })
  const seenFrom = new Map<string, number>()
  const seenTo = new Map<string, number>()
  mapping.links.forEach((link, li) => {
    const [fMin, fMax, tMin, tMax] = ARITY[link.kind]
    if (link.from.length < fMin || link.from.length > fMax || link.to.length < tMin || link.to.length > tMax) {
      issues.push({ path: ['links', li], message: `a "${link.kind}" link cannot map ${link.from.length} criteria to ${link.to.length}` })
    }
    if (link.kind === 'same' && link.from[0] !== link.to[0]) issues.push({ path: ['links', li, 'to', 0], message: `"same" keeps the code: use "renamed" for ${link.from[0]} → ${link.to[0]}` })
    check(link.from, 'from', a, seenFrom, li, issues)
    check(link.to, 'to', b, seenTo, li, issues)
  })
  for (const c of a.criteria) if (!seenFrom.has(c.code)) issues.push({ path: ['links'], message: `criterion "${c.code}" of ${from.id} v${from.version} is not mapped` })
  for (const c of b.criteria) if (!seenTo.has(c.code)) issues.push({ path: ['links'], message: `criterion "${c.code}" of ${to.id} v${to.version} is not mapped` })
  return issues
}

function check(codes: readonly string[], side: 'from' | 'to', c: CompiledCatalogue, seen: Map<string, number>, li: number, issues: DomainIssue[]): void {
  codes.forEach((code, ci) => {
    if (!c.byCode.has(code)) issues.push({ path: ['links', li, side, ci], message: `unknown criterion "${code}"` })
    const other = seen.get(code)
    if (other !== undefined) issues.push({ path: ['links', li, side, ci], message: `criterion "${code}" is already mapped by links.${other}` })
    else seen.set(code, li)
  })
}

/** Scores carried into the target catalogue by {@link carryScores}. Points have at most two decimals. */
export interface CarriedScores {
  /** Target criterion code → carried points. */
  points: Record<string, number>
  /** Target criteria with no carried value (new criteria, or every source missing / not applicable). */
  uncarried: string[]
  rawPoints: number
  /** Maximum of the carried criteria. */
  applicableMaxPoints: number
  /** `rawPoints` rescaled to the target's `totalPoints` (uncarried criteria excluded), rounded down: the `scoreSheet` rule. */
  total: number
  /** `total >= target passThreshold`. */
  passed: boolean
}

/**
 * Carries a sheet's per-criterion points from one catalogue version to the next so trends stay
 * comparable. Each link carries its *attainment*: a target criterion receives
 * `(Σ source points / Σ source maxima) × target maximum`, rounded down to hundredths
 * (split: every target gets the source's share; merged: the pooled share). `new` criteria and links
 * whose sources are all absent stay uncarried and, like not-applicable criteria, are excluded from
 * the rescaled total. Carried points need not be a tier of the target: they are a comparison, not a score.
 *
 * @param points source criterion code → points awarded; leave out criteria not applicable or not scored.
 * @throws DomainError `INVALID_CATALOGUE` (mapping invalid for these catalogues; issues as in
 *   {@link validateMapping}), `UNKNOWN_CRITERION` / `INVALID_SCORE` (path `['points', code]`).
 */
export function carryScores(mapping: CatalogueMapping, from: Catalogue, to: Catalogue, points: Readonly<Record<string, number>>): CarriedScores {
  if (points === null || typeof points !== 'object' || Array.isArray(points)) {
    throw new DomainError('INVALID_SCORE', 'points: must be an object of criterion code → points', [{ path: ['points'], message: 'must be an object' }])
  }
  const mappingIssues = validateMapping(mapping, from, to)
  if (mappingIssues.length > 0) throw new DomainError('INVALID_CATALOGUE', 'the criterion mapping does not fit these catalogues', mappingIssues)
  const a = compile(from)
  const b = compile(to)
  const given = new Map<string, number>()
  for (const [code, value] of Object.entries(points)) {
    const c = a.byCode.get(code)
    if (!c) throw new DomainError('UNKNOWN_CRITERION', `unknown criterion "${code}"`, [{ path: ['points', code], message: `not a criterion of ${from.id} v${from.version}` }])
    if (typeof value !== 'number' || !isHundredths(value) || toHundredths(value) < 0 || toHundredths(value) > c.maxH) {
      throw new DomainError('INVALID_SCORE', `points of "${code}" must lie between 0 and ${c.maxH / 100}`, [{ path: ['points', code], message: 'out of range or more than two decimals' }])
    }
    given.set(code, toHundredths(value))
  }
  const carried = new Map<string, number>()
  for (const link of mapping.links) {
    let gotH = 0
    let ofH = 0
    for (const code of link.from) {
      const h = given.get(code)
      if (h === undefined) continue
      gotH += h
      ofH += (a.byCode.get(code) as CompiledCriterion).maxH
    }
    if (ofH === 0) continue
    for (const code of link.to) {
      const maxH = (b.byCode.get(code) as CompiledCriterion).maxH
      carried.set(code, Math.floor((gotH * maxH) / ofH))
    }
  }
  const out: Record<string, number> = {}
  const uncarried: string[] = []
  let rawH = 0
  let applicableH = 0
  for (const c of b.criteria) {
    const h = carried.get(c.code)
    if (h === undefined) {
      uncarried.push(c.code)
      continue
    }
    out[c.code] = h / 100
    rawH += h
    applicableH += c.maxH
  }
  const totalH = applicableH === 0 ? 0 : Math.floor((rawH * b.totalH) / applicableH)
  return { points: out, uncarried, rawPoints: rawH / 100, applicableMaxPoints: applicableH / 100, total: totalH / 100, passed: applicableH > 0 && totalH >= b.thresholdH }
}
