import type { Catalogue, CatalogueChange, DomainIssue, MappingLink } from '@leap/domain'

/** A translate function (vue-i18n's `t`). */
export type Translate = (key: string, params?: Record<string, unknown>) => string
type Pick = (text: { zh: string; en: string } | undefined) => string

/**
 * Words one of validateCatalogue's issues for people: names the dimension or criterion by its
 * title (never its code) and the rule in the UI language. The domain's English message only
 * decides which rule it is.
 */
export function wordCatalogueIssue(issue: DomainIssue, draft: Catalogue, t: Translate, pick: Pick): string {
  const [head, di, sub, ci] = issue.path
  const dimension = head === 'dimensions' && typeof di === 'number' ? draft.dimensions[di] : undefined
  const criterion = dimension && sub === 'criteria' && typeof ci === 'number' ? dimension.criteria[ci] : undefined
  const m = issue.message
  if (head === 'totalPoints' && /add up/.test(m)) return t('catalogueAdmin.issues.totalPoints', { total: draft.totalPoints })
  if (head === 'passThreshold' && /above/.test(m)) return t('catalogueAdmin.issues.passThreshold')
  if (criterion) {
    const name = pick(criterion.title) || '—'
    if (/0-point tier/.test(m)) return t('catalogueAdmin.issues.lowestNotZero', { criterion: name })
    if (/awards the maximum/.test(m)) return t('catalogueAdmin.issues.noMax', { criterion: name })
    if (/above the criterion maximum/.test(m)) return t('catalogueAdmin.issues.tierAbove', { criterion: name })
    if (/highest to lowest|must be distinct/.test(m)) return t('catalogueAdmin.issues.tierOrder', { criterion: name })
    if (/duplicate/.test(m)) return t('catalogueAdmin.issues.duplicate', { criterion: name })
    return t('catalogueAdmin.issues.shape', { where: name })
  }
  if (dimension) {
    const name = pick(dimension.title) || '—'
    if (issue.path.length === 3 && issue.path[2] === 'maxPoints' && /add up/.test(m)) return t('catalogueAdmin.issues.dimensionSum', { dimension: name })
    return t('catalogueAdmin.issues.shape', { where: name })
  }
  return t('catalogueAdmin.issues.shape', { where: t('catalogueAdmin.issues.catalogue') })
}

/** Code → title of every criterion of the catalogues. */
export function criterionTitles(...catalogues: Catalogue[]): Map<string, { zh: string; en: string }> {
  const out = new Map<string, { zh: string; en: string }>()
  for (const c of catalogues) for (const d of c.dimensions) for (const cr of d.criteria) out.set(cr.code, cr.title)
  return out
}

/** Words one of validateMapping's issues, naming criteria by title and rows by number (1-based). */
export function wordMappingIssue(issue: DomainIssue, links: readonly MappingLink[], from: Catalogue, to: Catalogue, t: Translate, pick: Pick): string {
  const [head, li] = issue.path
  const titles = criterionTitles(from, to)
  const m = issue.message
  if (head === 'from' || head === 'to') return t('catalogueAdmin.mapping.wrongPair')
  if (head === 'links' && typeof li !== 'number') {
    const code = /criterion "([^"]+)"/.exec(m)?.[1] ?? ''
    const side = /\bof\b/.test(m) && m.includes(` of ${from.id} v${from.version}`) ? t('catalogueAdmin.mapping.sideFrom') : t('catalogueAdmin.mapping.sideTo')
    return t('catalogueAdmin.mapping.unmapped', { title: pick(titles.get(code)) || '—', side })
  }
  const n = typeof li === 'number' ? li + 1 : 0
  const link = typeof li === 'number' ? links[li] : undefined
  if (/cannot map/.test(m) && link) {
    return t('catalogueAdmin.mapping.arity', { n, kind: t(`catalogueAdmin.mapping.kinds.${link.kind}`), from: link.from.length, to: link.to.length })
  }
  if (/keeps the code/.test(m)) return t('catalogueAdmin.mapping.sameCode', { n })
  if (/already mapped/.test(m)) {
    const code = /criterion "([^"]+)"/.exec(m)?.[1] ?? ''
    return t('catalogueAdmin.mapping.twice', { n, title: pick(titles.get(code)) || '—' })
  }
  return t('catalogueAdmin.mapping.unknown', { n })
}

/** Which kind of change a diff entry is, for the comparison table's first column. */
export function changeKind(change: CatalogueChange): 'added' | 'removed' | 'renamed' | 'reweighted' | 'tierChanged' | 'changed' {
  if (change.kind !== 'changed') return change.subject === 'tier' ? 'tierChanged' : change.kind
  if (change.subject === 'tier') return 'tierChanged'
  if (change.field === 'title.zh' || change.field === 'title.en') return 'renamed'
  if (change.field === 'maxPoints' || change.field === 'totalPoints') return 'reweighted'
  return 'changed'
}
