import { beforeEach, describe, expect, it, vi } from 'vitest'
import { emptyFilters } from './remediation-filters'

const list = vi.fn()
const unitList = vi.fn()
vi.mock('../../api/trpc', () => ({
  api: { remediation: { list: { query: (input: unknown) => list(input) } }, unit: { list: { query: (input: unknown) => unitList(input) } } },
}))

const { loadBranchUnits, unitsOf, useRemediationList } = await import('./use-remediation-list')

const describe_ = (e: unknown) => ({ code: 'X', errorCode: null, params: {}, message: String(e), fieldErrors: {}, serverMessage: null, data: null })
const row = (id: number, unitId = 1, unitName = '秘書室') => ({ id, unitId, unitName }) as never

beforeEach(() => {
  list.mockClear()
})

describe('useRemediationList', () => {
  it('loads a page with the filters as list input and counts pages', async () => {
    list.mockResolvedValue({ items: [row(1), row(2)], total: 45, page: 2, pageSize: 20 })
    const board = useRemediationList(describe_, 20)
    await board.load({ ...emptyFilters, branchId: 1, overdue: true, page: 2 })
    expect(list).toHaveBeenCalledWith({ branchId: 1, status: ['open', 'in_progress', 'submitted', 'returned'], overdue: true, page: 2, pageSize: 20 })
    expect(board.status.value).toBe('ready')
    expect(board.items.value.map((i) => i.id)).toEqual([1, 2])
    expect(board.pages.value).toBe(3)
  })

  it('keeps the newest answer when an older request comes back last', async () => {
    let releaseSlow: (v: unknown) => void = () => {}
    list.mockImplementationOnce(() => new Promise((r) => (releaseSlow = r)))
    list.mockResolvedValueOnce({ items: [row(9)], total: 1, page: 1, pageSize: 20 })
    const board = useRemediationList(describe_)
    const slow = board.load(emptyFilters)
    await board.load({ ...emptyFilters, overdue: true })
    releaseSlow({ items: [row(1)], total: 1, page: 1, pageSize: 20 })
    await slow
    expect(board.items.value.map((i) => i.id)).toEqual([9])
  })

  it('shows the described error and stays usable for a retry', async () => {
    list.mockRejectedValueOnce(new Error('boom'))
    const board = useRemediationList(describe_)
    await board.load(emptyFilters)
    expect(board.status.value).toBe('error')
    expect(board.error.value?.message).toContain('boom')
    list.mockResolvedValueOnce({ items: [], total: 0, page: 1, pageSize: 20 })
    await board.load(emptyFilters)
    expect(board.status.value).toBe('ready')
    expect(board.error.value).toBeNull()
  })

  it('replaces updated rows in place after an action', async () => {
    list.mockResolvedValue({ items: [{ id: 1, status: 'submitted' }, { id: 2, status: 'submitted' }], total: 2, page: 1, pageSize: 20 })
    const board = useRemediationList(describe_)
    await board.load(emptyFilters)
    board.replace([{ id: 2, status: 'closed' } as never])
    expect(board.items.value.map((i) => i.status)).toEqual(['submitted', 'closed'])
  })
})

describe('units for the filter', () => {
  it('lists each unit once, in name order', () => {
    expect(unitsOf([row(1, 2, '秘書室'), row(2, 1, '人事室'), row(3, 2, '秘書室')])).toEqual([
      { id: 1, name: '人事室' },
      { id: 2, name: '秘書室' },
    ])
  })

  it('offers the branch’s units from unit.list, retired ones included (items keep them)', async () => {
    unitList.mockResolvedValue([{ id: 4, branchId: 3, name: '執行一科', retiredAt: null, itemCount: 2 }, { id: 9, branchId: 3, name: '舊科', retiredAt: '2026-01-01T00:00:00Z', itemCount: 1 }])
    expect(await loadBranchUnits(3)).toEqual([
      { id: 4, name: '執行一科' },
      { id: 9, name: '舊科' },
    ])
    expect(unitList.mock.calls.at(-1)?.[0]).toEqual({ branchId: 3, includeRetired: true })
  })

  it('gives no choices rather than failing when the server is unreachable', async () => {
    unitList.mockImplementation(async () => {
      throw new TypeError('fetch failed')
    })
    expect(await loadBranchUnits(3)).toEqual([])
  })
})
