import { SERVICE_LEAP_V2 } from '@leap/domain'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { describeError } from '../../api/errors'
import { BATCH_WINDOW_MS, currentRowOf, currentRowsOf, FINDING_SAVE_DELAY_MS, useScoreSheetStore } from './score-sheet.store'

const mocks = vi.hoisted(() => ({ byId: vi.fn(), saveMany: vi.fn(), mine: vi.fn(), completionList: vi.fn(), completionSet: vi.fn() }))
vi.mock('../../api/trpc', () => ({
  api: {
    inspection: {
      byId: { query: mocks.byId },
      score: { saveMany: { mutate: mocks.saveMany }, mine: { query: mocks.mine } },
      completion: { list: { query: mocks.completionList }, set: { mutate: mocks.completionSet } },
    },
  },
}))

type Entry = { criterionCode: string; tierId?: string; notApplicable?: boolean; finding?: string; expectedVersion: number }
/** Every entry sent so far, call by call. */
const batches = () => mocks.saveMany.mock.calls.map((c) => (c[0] as { entries: Entry[] }).entries)
/** The last entry sent for criterion `code`. */
const lastSent = (code: string) => batches().flat().filter((e) => e.criterionCode === code).at(-1)

const criteria = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria)
const first = criteria[0]!
const top = first.tiers[0]!
const lowest = first.tiers.at(-1)!

function view(overrides: Record<string, unknown> = {}) {
  return {
    inspection: { id: 7, status: 'scoring', branchName: '臺北分署', version: 1 },
    catalogue: { catalogue: SERVICE_LEAP_V2 },
    myRole: 'member',
    recused: false,
    myScores: [],
    progress: [],
    consensus: [],
    result: null,
    improvementPlan: null,
    ...overrides,
  }
}

function conflictError(current?: unknown): Error {
  const e = new Error('已被更新 (changed)') as Error & { data: unknown }
  e.name = 'TRPCClientError'
  e.data = { code: 'CONFLICT', httpStatus: 409, errorCode: 'VERSION_CONFLICT', params: current !== undefined ? { current } : {} }
  return e
}

async function loaded() {
  const store = useScoreSheetStore()
  store.setDescriber((e) => describeError(e, (k) => k))
  await store.load(7)
  return store
}

beforeEach(() => {
  setActivePinia(createPinia())
  vi.useFakeTimers()
  mocks.byId.mockResolvedValue(view())
  mocks.completionList.mockResolvedValue([])
  mocks.saveMany.mockImplementation(async (input: { entries: Entry[] }) =>
    input.entries.map((e) => ({ criterionCode: e.criterionCode, version: e.expectedVersion + 1 })),
  )
})
afterEach(() => {
  vi.useRealTimers()
  vi.resetAllMocks()
})

describe('score sheet store', () => {
  it('updates the total the moment a tier is picked, then saves it', async () => {
    const store = await loaded()
    expect(store.live?.result?.total).toBe(0)
    store.pickTier(first.code, top.id)
    expect(store.live?.result?.total).toBe(first.maxPoints)
    expect(store.saves[first.code]?.state).toBe('pending')
    await vi.runAllTimersAsync()
    expect(mocks.saveMany).toHaveBeenCalledWith({ inspectionId: 7, entries: [expect.objectContaining({ criterionCode: first.code, tierId: top.id, expectedVersion: 0 })] })
    expect(store.saves[first.code]).toMatchObject({ state: 'saved', version: 1 })
  })

  it('sends picks made within the batch window in one saveMany call, and the next ones in another', async () => {
    const store = await loaded()
    for (const c of criteria.slice(0, 5)) {
      store.pickTier(c.code, c.tiers[0]!.id)
      await vi.advanceTimersByTimeAsync(BATCH_WINDOW_MS - 50)
    }
    expect(mocks.saveMany).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(100)
    expect(batches().map((b) => b.length)).toEqual([5])
    expect(store.batchesSent).toBe(1)
    store.pickTier(criteria[5]!.code, criteria[5]!.tiers[0]!.id)
    await vi.runAllTimersAsync()
    expect(batches().map((b) => b.length)).toEqual([5, 1])
    expect(store.unsaved).toBe(0)
  })

  it('flushAll sends what is pending at once and reports whether everything is saved', async () => {
    const store = await loaded()
    store.pickTier(first.code, top.id)
    expect(await store.flushAll()).toBe(true)
    expect(store.saves[first.code]?.state).toBe('saved')
    store.pickTier(criteria[1]!.code, criteria[1]!.tiers.at(-1)!.id)
    // A deduction without its finding cannot be saved: leaving would lose it.
    expect(await store.flushAll()).toBe(false)
  })

  it('on a CONFLICT of one criterion in a batch, re-sends the others and keeps both values of the stale one', async () => {
    const store = await loaded()
    const second = criteria[1]!
    const current = { criterionCode: first.code, tierId: first.tiers[1]!.id, points: first.tiers[1]!.points, notApplicable: false, finding: '另一視窗', version: 2 }
    mocks.saveMany.mockRejectedValueOnce(conflictError([current]))
    store.pickTier(first.code, top.id)
    store.pickTier(second.code, second.tiers[0]!.id)
    await vi.runAllTimersAsync()
    expect(mocks.mine).not.toHaveBeenCalled()
    expect(store.saves[first.code]?.state).toBe('conflict')
    expect(store.saves[second.code]).toMatchObject({ state: 'saved', version: 1 })
    expect(batches().map((b) => b.map((e) => e.criterionCode))).toEqual([[first.code, second.code], [second.code]])
  })

  it('marks the sheet complete after saving what is pending', async () => {
    const store = await loaded()
    mocks.completionSet.mockResolvedValue({ memberId: 3, completedAt: '2026-12-07T05:00:00.000Z' })
    store.pickTier(first.code, top.id)
    expect(await store.setCompleted(true)).toBe(true)
    expect(mocks.saveMany).toHaveBeenCalledTimes(1)
    expect(mocks.completionSet).toHaveBeenCalledWith({ inspectionId: 7, done: true })
    expect(store.completion?.memberId).toBe(3)
  })

  it('holds a deduction until it has a finding, then saves after the typing pause', async () => {
    const store = await loaded()
    store.pickTier(first.code, lowest.id)
    await vi.runAllTimersAsync()
    expect(store.saves[first.code]?.state).toBe('invalid')
    expect(store.live?.findingMissing.has(first.code)).toBe(true)
    expect(mocks.saveMany).not.toHaveBeenCalled()
    store.setFinding(first.code, '流程圖未公開')
    await vi.advanceTimersByTimeAsync(FINDING_SAVE_DELAY_MS - 100)
    expect(mocks.saveMany).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(200)
    expect(lastSent(first.code)).toMatchObject({ tierId: lowest.id, finding: '流程圖未公開' })
  })

  it('on CONFLICT keeps both values; "keep mine" re-saves against the current version', async () => {
    const store = await loaded()
    mocks.saveMany.mockRejectedValueOnce(conflictError())
    mocks.mine.mockResolvedValue([{ criterionCode: first.code, tierId: first.tiers[1]!.id, notApplicable: false, finding: '他人意見', version: 4 }])
    store.pickTier(first.code, top.id)
    await vi.runAllTimersAsync()
    const save = store.saves[first.code]!
    expect(save.state).toBe('conflict')
    expect(save.theirs).toEqual({ draft: { tierId: first.tiers[1]!.id, notApplicable: false, finding: '他人意見' }, version: 4 })
    expect(store.drafts.get(first.code)?.tierId).toBe(top.id)
    await store.keepMine(first.code)
    await vi.runAllTimersAsync()
    expect(lastSent(first.code)).toMatchObject({ tierId: top.id, expectedVersion: 4 })
    expect(store.saves[first.code]).toMatchObject({ state: 'saved', version: 5 })
  })

  it('on CONFLICT shows the current row the server sent with the error, without re-reading', async () => {
    const store = await loaded()
    const current = { criterionCode: first.code, tierId: first.tiers[2]!.id, points: first.tiers[2]!.points, notApplicable: false, finding: '另一視窗', version: 3 }
    mocks.saveMany.mockRejectedValueOnce(conflictError([current]))
    store.pickTier(first.code, top.id)
    await vi.runAllTimersAsync()
    expect(mocks.mine).not.toHaveBeenCalled()
    expect(store.saves[first.code]).toMatchObject({
      state: 'conflict',
      theirs: { draft: { tierId: first.tiers[2]!.id, notApplicable: false, finding: '另一視窗' }, version: 3 },
    })
    await store.keepMine(first.code)
    await vi.runAllTimersAsync()
    expect(lastSent(first.code)).toMatchObject({ tierId: top.id, expectedVersion: 3 })
  })

  it('re-reads on CONFLICT when the error carries no usable current row', async () => {
    const store = await loaded()
    // A row missing on the server comes back as null: no answer for this criterion.
    mocks.saveMany.mockRejectedValueOnce(conflictError([null]))
    mocks.mine.mockResolvedValue([{ criterionCode: first.code, tierId: first.tiers[1]!.id, notApplicable: false, finding: '', version: 6 }])
    store.pickTier(first.code, top.id)
    await vi.runAllTimersAsync()
    expect(mocks.mine).toHaveBeenCalledTimes(1)
    expect(store.saves[first.code]?.theirs?.version).toBe(6)
  })

  it('accepts only a well-formed row of the criterion as the conflict’s current value', () => {
    const row = { criterionCode: 'a', tierId: 'A', notApplicable: false, finding: '', version: 2 }
    expect(currentRowOf({ current: row }, 'a')).toBe(row)
    expect(currentRowOf({ current: { ...row, tierId: null, notApplicable: true } }, 'a')).toBeDefined()
    expect(currentRowOf({ current: row }, 'b')).toBeUndefined()
    expect(currentRowOf({ current: { ...row, version: '2' } }, 'a')).toBeUndefined()
    expect(currentRowOf({ current: [row] }, 'a')).toBeUndefined()
    expect(currentRowOf({}, 'a')).toBeUndefined()
    expect(currentRowOf(null, 'a')).toBeUndefined()
    expect(currentRowsOf({ current: [row] })).toEqual([row])
    expect(currentRowsOf({ current: [row, null] })).toBeNull()
    expect(currentRowsOf({ current: row })).toBeNull()
  })

  it('on CONFLICT "take theirs" replaces the pick and the total follows', async () => {
    const store = await loaded()
    mocks.saveMany.mockRejectedValueOnce(conflictError())
    const theirs = first.tiers[1]!
    mocks.mine.mockResolvedValue([{ criterionCode: first.code, tierId: theirs.id, notApplicable: false, finding: 'x', version: 2 }])
    store.pickTier(first.code, top.id)
    await vi.runAllTimersAsync()
    store.takeTheirs(first.code)
    expect(store.drafts.get(first.code)?.tierId).toBe(theirs.id)
    expect(store.live?.result?.total).toBe(theirs.points)
    expect(store.saves[first.code]).toMatchObject({ state: 'saved', version: 2 })
  })

  it('does not let a signed or foreign sheet be edited', async () => {
    mocks.byId.mockResolvedValue(view({ inspection: { id: 7, status: 'signed', version: 3 } }))
    const store = await loaded()
    expect(store.editable).toBe(false)
    store.pickTier(first.code, top.id)
    expect(store.drafts.size).toBe(0)
    mocks.byId.mockResolvedValue(view({ myRole: 'secretary' }))
    await store.load(7)
    expect(store.editable).toBe(false)
  })

  it('does not call a criterion saved when it changed while the save was on its way', async () => {
    const store = await loaded()
    let release: (v: unknown) => void = () => {}
    mocks.saveMany.mockImplementationOnce(
      (input: { entries: Entry[] }) =>
        new Promise((resolve) => {
          release = () => resolve(input.entries.map((e) => ({ criterionCode: e.criterionCode, version: e.expectedVersion + 1 })))
        }),
    )
    store.pickTier(first.code, top.id)
    await vi.advanceTimersByTimeAsync(BATCH_WINDOW_MS)
    expect(store.saves[first.code]?.state).toBe('saving')
    store.pickTier(first.code, lowest.id)
    release(undefined)
    await vi.runAllTimersAsync()
    expect(store.saves[first.code]).toMatchObject({ state: 'invalid', version: 1 })
    store.setFinding(first.code, '改善中')
    await vi.runAllTimersAsync()
    expect(lastSent(first.code)).toMatchObject({ tierId: lowest.id, expectedVersion: 1 })
    expect(store.saves[first.code]).toMatchObject({ state: 'saved', version: 2 })
  })

  it('shows a failed save with its message and retries on request', async () => {
    const store = await loaded()
    const locked = new Error('locked') as Error & { data: unknown }
    locked.name = 'TRPCClientError'
    locked.data = { code: 'PRECONDITION_FAILED', errorCode: 'SHEET_LOCKED' }
    mocks.saveMany.mockRejectedValueOnce(locked)
    store.pickTier(first.code, top.id)
    await vi.runAllTimersAsync()
    expect(store.saves[first.code]).toMatchObject({ state: 'error', error: 'errors.codes.SHEET_LOCKED' })
    store.retry(first.code)
    await vi.runAllTimersAsync()
    expect(store.saves[first.code]?.state).toBe('saved')
  })
})
