import { QUALITY_V1, QUALITY_V1_TO_SERVICE_LEAP_V2, SERVICE_LEAP_V2, validateCatalogue, validateMapping, type Catalogue } from '@leap/domain'
import { describe, expect, it } from 'vitest'
import { changeKind, wordCatalogueIssue, wordMappingIssue } from './catalogue-wording'

/** A stand-in for vue-i18n's t: the key and its params, so the tests see which rule and which title. */
const t = (key: string, params: Record<string, unknown> = {}) => `${key} ${JSON.stringify(params)}`
const zh = (text: { zh: string; en: string } | undefined) => text?.zh ?? ''

describe('wordCatalogueIssue', () => {
  it('names the dimension or criterion by title and the rule, never the code', () => {
    const draft = structuredClone(SERVICE_LEAP_V2) as Catalogue
    draft.dimensions[0]!.criteria[0]!.maxPoints += 1
    const crit = draft.dimensions[1]!.criteria[0]!
    crit.tiers = crit.tiers.filter((tier) => tier.points !== 0)
    const result = validateCatalogue(draft)
    expect(result.ok).toBe(false)
    const words = (result.ok ? [] : result.issues).map((i) => wordCatalogueIssue(i, draft, t, zh))
    expect(words).toContain(`catalogueAdmin.issues.dimensionSum ${JSON.stringify({ dimension: draft.dimensions[0]!.title.zh })}`)
    expect(words).toContain(`catalogueAdmin.issues.noMax ${JSON.stringify({ criterion: draft.dimensions[0]!.criteria[0]!.title.zh })}`)
    expect(words).toContain(`catalogueAdmin.issues.lowestNotZero ${JSON.stringify({ criterion: crit.title.zh })}`)
    for (const w of words) expect(w).not.toContain(crit.code)
  })
})

describe('wordMappingIssue', () => {
  it('names an unmapped criterion by title and side, and a wrong row by number', () => {
    const links = QUALITY_V1_TO_SERVICE_LEAP_V2.links.filter((l) => l.from[0] !== 'service-marketing')
    links.push({ kind: 'same', from: ['creative-services'], to: ['proactive-services'] })
    const mapping = { ...QUALITY_V1_TO_SERVICE_LEAP_V2, links }
    const words = validateMapping(mapping, QUALITY_V1, SERVICE_LEAP_V2).map((i) => wordMappingIssue(i, links, QUALITY_V1, SERVICE_LEAP_V2, t, zh))
    const marketing = QUALITY_V1.dimensions.flatMap((d) => d.criteria).find((c) => c.code === 'service-marketing')!.title.zh
    expect(words).toContain(`catalogueAdmin.mapping.unmapped ${JSON.stringify({ title: marketing, side: 'catalogueAdmin.mapping.sideFrom {}' })}`)
    expect(words.some((w) => w.startsWith('catalogueAdmin.mapping.sameCode') && w.includes(`"n":${links.length}`))).toBe(true)
    expect(words.some((w) => w.startsWith('catalogueAdmin.mapping.twice'))).toBe(true)
  })
})

describe('changeKind', () => {
  it('tells renamed, re-weighted and tier changes apart', () => {
    expect(changeKind({ kind: 'changed', subject: 'criterion', code: 'x', field: 'title.zh' })).toBe('renamed')
    expect(changeKind({ kind: 'changed', subject: 'criterion', code: 'x', field: 'maxPoints' })).toBe('reweighted')
    expect(changeKind({ kind: 'added', subject: 'tier', code: 'x/A' })).toBe('tierChanged')
    expect(changeKind({ kind: 'removed', subject: 'criterion', code: 'x' })).toBe('removed')
    expect(changeKind({ kind: 'changed', subject: 'criterion', code: 'x', field: 'guidance' })).toBe('changed')
  })
})
