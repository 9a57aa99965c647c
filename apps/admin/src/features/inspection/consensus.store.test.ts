import { SERVICE_LEAP_V2 } from '@leap/domain'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { describeError } from '../../api/errors'
import { useConsensusStore } from './consensus.store'

const mocks = vi.hoisted(() => ({ byId: vi.fn(), view: vi.fn(), save: vi.fn(), sign: vi.fn() }))
vi.mock('../../api/trpc', () => ({
  api: {
    inspection: {
      byId: { query: mocks.byId },
      consensus: { view: { query: mocks.view }, save: { mutate: mocks.save } },
      sign: { mutate: mocks.sign },
    },
  },
}))

const criteria = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria.map((c) => ({ ...c, dimensionCode: d.code })))
const [a, b] = criteria as [(typeof criteria)[number], (typeof criteria)[number]]

/** A consensus view where `a` is proposed at full marks and `b` one tier down, nothing saved. */
function consensusView(saved: Record<string, { tierId: string; finding: string; version: number }> = {}) {
  return {
    inspection: { id: 9 },
    members: [{ userId: 11, displayName: '委員一', role: 'member', recused: false }],
    excludedMemberIds: [],
    rule: '各項取評分委員分數之下中位數 (lower median)',
    criteria: criteria.map((c) => {
      const tier = c.code === b.code ? c.tiers[1]! : c.tiers[0]!
      return {
        criterionCode: c.code,
        dimensionCode: c.dimensionCode,
        title: c.title,
        maxPoints: c.maxPoints,
        scores: [],
        proposal: {
          criterionCode: c.code,
          scoredBy: 1,
          notApplicableBy: 0,
          notApplicable: false,
          tierId: tier.id,
          points: tier.points,
          spread: 0,
          flagged: false,
          findings: [{ memberId: '11', text: `${c.code} 的紀錄` }],
        },
        saved: saved[c.code] ? { ...saved[c.code], notApplicable: false, points: 0, ruleNote: null } : null,
      }
    }),
    flaggedCriteria: [],
    proposalResult: null,
    savedResult: null,
  }
}

function sheet(status = 'consensus', myRole = 'convener') {
  return { inspection: { id: 9, status, version: 3, inspectedOn: '2025-08-17' }, catalogue: { catalogue: SERVICE_LEAP_V2 }, myRole, recused: false, progress: [] }
}

async function loaded() {
  const store = useConsensusStore()
  store.setDescriber((e) => describeError(e, (k) => k))
  await store.load(9)
  return store
}

beforeEach(() => {
  setActivePinia(createPinia())
  mocks.byId.mockResolvedValue(sheet())
  mocks.view.mockResolvedValue(consensusView())
})
afterEach(() => vi.resetAllMocks())

describe('consensus store', () => {
  it('starts from the proposal, with the members’ findings only behind a deduction', async () => {
    const store = await loaded()
    expect(store.drafts[a.code]).toMatchObject({ tierId: a.tiers[0]!.id, finding: '', dirty: true, baseVersion: 0 })
    expect(store.drafts[b.code]).toMatchObject({ tierId: b.tiers[1]!.id, finding: `${b.code} 的紀錄` })
    expect(store.live?.result?.total).toBe(1000 - (b.maxPoints - b.tiers[1]!.points))
  })

  it('fills in the members’ findings when the convener deducts, and the total follows', async () => {
    const store = await loaded()
    store.decide(a.code, a.tiers.at(-1)!.id)
    expect(store.drafts[a.code]?.finding).toBe(`${a.code} 的紀錄`)
    expect(store.live?.result?.total).toBe(1000 - a.maxPoints - (b.maxPoints - b.tiers[1]!.points))
  })

  it('refuses to send a deduction without a finding and names the criterion', async () => {
    const store = await loaded()
    store.setFinding(b.code, '  ')
    expect(await store.saveAll()).toBe(false)
    expect(store.fieldErrors[b.code]).toBe('inspection.sheet.findingRequired')
    expect(mocks.save).not.toHaveBeenCalled()
  })

  it('saves every changed decision with the version it was edited from', async () => {
    const store = await loaded()
    mocks.save.mockResolvedValue({ saved: [], result: null })
    expect(await store.saveAll()).toBe(true)
    const sent = mocks.save.mock.calls[0]![0] as { entries: { criterionCode: string; expectedVersion: number; tierId?: string }[] }
    expect(sent.entries).toHaveLength(criteria.length)
    expect(sent.entries.find((e) => e.criterionCode === b.code)).toMatchObject({ tierId: b.tiers[1]!.id, expectedVersion: 0 })
    expect(store.notice).toBe('inspection.consensus.saved')
  })

  it('on CONFLICT offers the row saved meanwhile; keeping ours re-bases it, taking theirs replaces it', async () => {
    const store = await loaded()
    const conflict = Object.assign(new Error('已被更新 (changed)'), { name: 'TRPCClientError', data: { code: 'CONFLICT' } })
    mocks.save.mockRejectedValue(conflict)
    mocks.view.mockResolvedValue(consensusView({ [a.code]: { tierId: a.tiers[2]!.id, finding: '他人', version: 2 } }))
    expect(await store.saveAll()).toBe(false)
    expect(store.drafts[a.code]?.theirs).toEqual({ draft: { tierId: a.tiers[2]!.id, notApplicable: false, finding: '他人' }, version: 2 })
    expect(store.canSign).toBe(false)
    store.keepMine(a.code)
    expect(store.drafts[a.code]).toMatchObject({ tierId: a.tiers[0]!.id, baseVersion: 2, theirs: null, dirty: true })
    store.drafts[a.code]!.theirs = { draft: { tierId: a.tiers[2]!.id, notApplicable: false, finding: '他人' }, version: 3 }
    store.takeTheirs(a.code)
    expect(store.drafts[a.code]).toMatchObject({ tierId: a.tiers[2]!.id, finding: '他人', baseVersion: 3, dirty: false })
  })

  it('is read-only for the secretary and once signed', async () => {
    mocks.byId.mockResolvedValue(sheet('consensus', 'secretary'))
    let store = await loaded()
    expect(store.editable).toBe(false)
    store.decide(a.code, a.tiers.at(-1)!.id)
    expect(store.drafts[a.code]?.tierId).toBe(a.tiers[0]!.id)
    setActivePinia(createPinia())
    mocks.byId.mockResolvedValue(sheet('signed'))
    store = await loaded()
    expect(store.locked).toBe(true)
    expect(store.editable).toBe(false)
    expect(await store.sign()).toBe(false)
    expect(mocks.sign).not.toHaveBeenCalled()
  })
})
