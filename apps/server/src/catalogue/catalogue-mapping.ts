import {
  DomainError,
  QUALITY_V1_TO_SERVICE_LEAP_V2,
  diffCatalogues,
  validateMapping,
  type Catalogue,
  type CatalogueChange,
  type CatalogueMapping,
  type MappingLink,
} from '@leap/domain'
import type { CatalogueRecord } from './catalogue.repository.js'

/** Titles of every dimension and criterion code of both sides, so the admin never shows a code. */
export type CodeTitles = Record<string, { zh: string; en: string }>

/** A comparison of two catalogue versions: the domain's changes, and the titles to word them with. */
export interface CatalogueComparison {
  from: { id: number; code: string; version: number; title: string; effectiveRocYear: number }
  to: { id: number; code: string; version: number; title: string; effectiveRocYear: number }
  changes: CatalogueChange[]
  identical: boolean
  /** Dimension and criterion code → title, from `to` where both have it (else `from`). */
  titles: CodeTitles
}

function heads(r: CatalogueRecord): CatalogueComparison['from'] {
  return { id: r.id, code: r.code, version: r.version, title: r.title, effectiveRocYear: r.effectiveRocYear }
}

/** Code → title of every dimension and criterion of the catalogues, later ones winning. */
export function codeTitles(...catalogues: Catalogue[]): CodeTitles {
  const out: CodeTitles = {}
  for (const c of catalogues) {
    for (const d of c.dimensions) {
      out[d.code] = { zh: d.title.zh, en: d.title.en }
      for (const cr of d.criteria) out[cr.code] = { zh: cr.title.zh, en: cr.title.en }
    }
  }
  return out
}

/** Compares two stored catalogue versions with the domain's {@link diffCatalogues}. */
export function compareCatalogues(from: CatalogueRecord, to: CatalogueRecord): CatalogueComparison {
  const diff = diffCatalogues(from.catalogue, to.catalogue)
  return { from: heads(from), to: heads(to), changes: diff.changes, identical: diff.identical, titles: codeTitles(from.catalogue, to.catalogue) }
}

/**
 * A starting point for a mapping the admin has not recorded yet: the shipped 提升服務品質 →
 * 服務躍升 mapping for that pair, otherwise criteria kept by code are `same`, the rest `retired`
 * (only in `from`) or `new` (only in `to`). The admin reviews it before saving.
 */
export function suggestMapping(from: Catalogue, to: Catalogue): CatalogueMapping {
  const shipped = QUALITY_V1_TO_SERVICE_LEAP_V2
  if (shipped.from.id === from.id && shipped.from.version === from.version && shipped.to.id === to.id && shipped.to.version === to.version) {
    if (validateMapping(shipped, from, to).length === 0) return structuredClone(shipped)
  }
  const toCodes = new Set(to.dimensions.flatMap((d) => d.criteria.map((c) => c.code)))
  const fromCodes = from.dimensions.flatMap((d) => d.criteria.map((c) => c.code))
  const fromSet = new Set(fromCodes)
  const links: MappingLink[] = []
  for (const code of fromCodes) links.push(toCodes.has(code) ? { kind: 'same', from: [code], to: [code] } : { kind: 'retired', from: [code], to: [] })
  for (const code of toCodes) if (!fromSet.has(code)) links.push({ kind: 'new', from: [], to: [code] })
  return { from: { id: from.id, version: from.version }, to: { id: to.id, version: to.version }, note: '', links }
}

/**
 * The mapping as the admin posted it (links and note), tied to the two catalogues and checked by
 * the domain's validateMapping.
 * @throws DomainError `INVALID_CATALOGUE` with every issue's path (`links.3.to.0`, `links`) when it does not fit.
 */
export function checkedMapping(from: Catalogue, to: Catalogue, input: { note: string; links: MappingLink[] }): CatalogueMapping {
  const mapping: CatalogueMapping = {
    from: { id: from.id, version: from.version },
    to: { id: to.id, version: to.version },
    note: input.note,
    links: input.links.map((l) => ({ kind: l.kind, from: [...l.from], to: [...l.to], ...(l.note ? { note: l.note } : {}) })),
  }
  const issues = validateMapping(mapping, from, to)
  if (issues.length > 0) throw new DomainError('INVALID_CATALOGUE', `the criterion mapping has ${issues.length} problem(s)`, issues)
  return mapping
}
