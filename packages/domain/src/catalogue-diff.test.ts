import { describe, expect, it } from 'vitest'
import type { Catalogue } from './catalogue.js'
import { diffCatalogues } from './catalogue-diff.js'
import { QUALITY_V1 } from './catalogues/quality-v1.js'
import { SERVICE_LEAP_V2 } from './catalogues/service-leap-v2.js'

function revised(edit: (c: Catalogue) => void): Catalogue {
  const c = structuredClone(SERVICE_LEAP_V2)
  c.version = 3
  edit(c)
  return c
}

describe('diffCatalogues', () => {
  it('finds nothing between a catalogue and its copy', () => {
    const diff = diffCatalogues(SERVICE_LEAP_V2, structuredClone(SERVICE_LEAP_V2))
    expect(diff.identical).toBe(true)
    expect(diff.changes).toEqual([])
  })

  const cases: [string, (c: Catalogue) => void, object[]][] = [
    ['a changed threshold', (c) => void (c.passThreshold = 800), [{ kind: 'changed', subject: 'catalogue', field: 'passThreshold', before: 750, after: 800 }]],
    [
      'points moved between two criteria',
      (c) => {
        const [sop, petitions] = c.dimensions[0]!.criteria
        sop!.maxPoints = 60
        sop!.tiers[0]!.points = 60
        petitions!.maxPoints = 40
        petitions!.tiers[0]!.points = 40
        petitions!.tiers[1]!.points = 30
      },
      [
        { kind: 'changed', subject: 'criterion', code: 'sop-and-forms', field: 'maxPoints', before: 50, after: 60 },
        { kind: 'changed', subject: 'criterion', code: 'petitions-within-6-days', field: 'maxPoints', before: 50, after: 40 },
        { kind: 'changed', subject: 'tier', code: 'sop-and-forms/A', field: 'points', before: 50, after: 60 },
        { kind: 'changed', subject: 'tier', code: 'petitions-within-6-days/A', field: 'points', before: 50, after: 40 },
        { kind: 'changed', subject: 'tier', code: 'petitions-within-6-days/B', field: 'points', before: 40, after: 30 },
      ],
    ],
    [
      'a new unit and a removed tier',
      (c) => {
        c.dimensions[0]!.criteria[0]!.defaultUnit = '執行科'
        c.dimensions[0]!.criteria[0]!.tiers.splice(3, 1)
      },
      [
        { kind: 'changed', subject: 'criterion', code: 'sop-and-forms', field: 'defaultUnit', before: '秘書室', after: '執行科' },
        { kind: 'removed', subject: 'tier', code: 'sop-and-forms/D', before: 10 },
      ],
    ],
    [
      'a criterion moved to another dimension',
      (c) => void c.dimensions[1]!.criteria.push(c.dimensions[0]!.criteria.pop()!),
      [
        { kind: 'changed', subject: 'dimension', code: 'basic-service', field: 'maxPoints' },
        { kind: 'changed', subject: 'dimension', code: 'service-delivery', field: 'maxPoints' },
        { kind: 'changed', subject: 'criterion', code: 'disclosure-ratio', field: 'dimension', before: 'basic-service', after: 'service-delivery' },
      ],
    ],
  ]

  it.each(cases)('reports %s', (_name, edit, expected) => {
    const after = revised((c) => {
      edit(c)
      // keep dimension totals honest so the "moved" case is a realistic revision
      for (const d of c.dimensions) d.maxPoints = d.criteria.reduce((s, x) => s + x.maxPoints, 0)
    })
    const diff = diffCatalogues(SERVICE_LEAP_V2, after)
    expect(diff.identical).toBe(false)
    expect(diff.to.version).toBe(3)
    expect(diff.changes).toEqual(expected.map((e) => expect.objectContaining(e)))
  })

  it('shows v1 → v2 as a wholesale replacement of dimensions and criteria', () => {
    const diff = diffCatalogues(QUALITY_V1, SERVICE_LEAP_V2)
    const count = (kind: string, subject: string) => diff.changes.filter((c) => c.kind === kind && c.subject === subject).length
    expect([count('added', 'dimension'), count('removed', 'dimension')]).toEqual([4, 3])
    expect([count('added', 'criterion'), count('removed', 'criterion')]).toEqual([22, 14])
    expect(diff.changes).toContainEqual(expect.objectContaining({ subject: 'catalogue', field: 'effectiveRocYear', before: 100, after: 106 }))
  })
})
