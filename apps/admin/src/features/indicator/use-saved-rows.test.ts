import { describe, expect, it, vi } from 'vitest'
import { describeError } from '../../api/errors'
import { currentOf, useSavedRows, type SavedRowsTransport } from './use-saved-rows'

interface Row {
  id: number
  version: number
  total: number
}
type Change = { total: number }

/** A TRPCClientError as the client raises it (checked by shape in api/errors.ts). */
function trpcError(code: string, data: Record<string, unknown> = {}, message = '已被更新 (changed)'): Error {
  return Object.assign(new Error(message), { name: 'TRPCClientError', data: { code, ...data } })
}

const query = { branchId: 1, from: '2025-01-01', to: '2025-06-30' }

function setup(rows: Row[]) {
  const stored = rows.map((r) => ({ ...r }))
  const transport = {
    list: vi.fn(async () => stored.map((r) => ({ ...r }))),
    correct: vi.fn(async (input: { id: number; expectedVersion: number } & Change) => ({ id: input.id, version: input.expectedVersion + 1, total: input.total })),
    remove: vi.fn(async () => ({})),
  } satisfies SavedRowsTransport<Row, Change>
  const saved = useSavedRows<Row, Change>(transport, (e) => describeError(e, (key) => key))
  return { saved, transport, stored }
}

describe('useSavedRows', () => {
  it('corrects the row being edited from the version it was read at', async () => {
    const { saved, transport } = setup([{ id: 1, version: 1, total: 29 }])
    await saved.load(query)
    expect(transport.list).toHaveBeenCalledWith(query)
    saved.startEdit(saved.rows.value[0]!)
    expect(await saved.saveEdit({ total: 92 })).toBe(true)
    expect(transport.correct).toHaveBeenCalledWith({ id: 1, expectedVersion: 1, total: 92 })
    expect(saved.editingId.value).toBeNull()
    expect(saved.outcome.value).toEqual({ kind: 'corrected', row: { id: 1, version: 2, total: 92 } })
  })

  it('on CONFLICT shows the current row, keeps editing and saves next against the current version', async () => {
    const { saved, transport } = setup([{ id: 1, version: 1, total: 29 }])
    await saved.load(query)
    saved.startEdit(saved.rows.value[0]!)
    transport.correct.mockRejectedValueOnce(trpcError('CONFLICT', { errorCode: 'VERSION_CONFLICT', params: { current: { id: 1, version: 3, total: 85 } } }))
    expect(await saved.saveEdit({ total: 92 })).toBe(false)
    expect(saved.conflict.value).toEqual({ id: 1, version: 3, total: 85 })
    expect(saved.rows.value).toEqual([{ id: 1, version: 3, total: 85 }])
    expect(saved.editingId.value).toBe(1)
    expect(saved.actionError.value).toBe('errors.codes.VERSION_CONFLICT')
    await saved.saveEdit({ total: 92 })
    expect(transport.correct).toHaveBeenLastCalledWith({ id: 1, expectedVersion: 3, total: 92 })
    expect(saved.conflict.value).toBeNull()
  })

  it('re-reads the list on a CONFLICT without a usable current row', async () => {
    const { saved, transport, stored } = setup([{ id: 1, version: 1, total: 29 }])
    await saved.load(query)
    stored[0] = { id: 1, version: 2, total: 50 }
    saved.askDelete(saved.rows.value[0]!)
    transport.remove.mockRejectedValueOnce(trpcError('CONFLICT', { errorCode: 'VERSION_CONFLICT', params: { current: [{ id: 1 }] } }))
    expect(await saved.confirmDelete()).toBe(false)
    expect(transport.list).toHaveBeenCalledTimes(2)
    expect(saved.rows.value).toEqual([{ id: 1, version: 2, total: 50 }])
    expect(saved.confirmingId.value).toBe(1)
  })

  it('keeps field errors for the editor, and drops a row the server no longer has', async () => {
    const { saved, transport } = setup([{ id: 1, version: 1, total: 29 }, { id: 2, version: 1, total: 70 }])
    await saved.load(query)
    saved.startEdit(saved.rows.value[0]!)
    transport.correct.mockRejectedValueOnce(trpcError('BAD_REQUEST', { errorCode: 'PARTS_DO_NOT_ADD_UP', params: { sum: 90, total: 95 }, fieldErrors: [{ path: ['total'], code: 'PARTS_DO_NOT_ADD_UP', params: { sum: 90, total: 95 } }] }, 'do not add up'))
    await saved.saveEdit({ total: 95 })
    expect(saved.fieldErrors.value).toEqual({ total: 'errors.codes.PARTS_DO_NOT_ADD_UP' })
    expect(saved.editingId.value).toBe(1)

    saved.askDelete(saved.rows.value[1]!)
    transport.remove.mockRejectedValueOnce(trpcError('NOT_FOUND', {}, '找不到資料 (not found)'))
    await saved.confirmDelete()
    expect(saved.rows.value.map((r) => r.id)).toEqual([1])
    expect(saved.outcome.value).toEqual({ kind: 'gone' })
    expect(saved.confirmingId.value).toBeNull()
  })

  it('deletes only after confirmation, at the version last seen', async () => {
    const { saved, transport } = setup([{ id: 4, version: 2, total: 88 }])
    await saved.load(query)
    expect(await saved.confirmDelete()).toBe(false)
    expect(transport.remove).not.toHaveBeenCalled()
    saved.askDelete(saved.rows.value[0]!)
    expect(await saved.confirmDelete()).toBe(true)
    expect(transport.remove).toHaveBeenCalledWith({ id: 4, expectedVersion: 2 })
    expect(saved.rows.value).toEqual([])
    expect(saved.outcome.value).toMatchObject({ kind: 'deleted', row: { id: 4 } })
  })

  it('shows another period as loading (not the old rows) and closes the editor; a refresh keeps the list', async () => {
    const { saved, transport } = setup([{ id: 1, version: 1, total: 29 }])
    await saved.load(query)
    saved.startEdit(saved.rows.value[0]!)
    const refresh = saved.load()
    expect(saved.status.value).toBe('ready')
    await refresh
    expect(saved.editingId.value).toBe(1)
    const other = saved.load({ ...query, from: '2025-07-01', to: '2025-12-31' })
    expect(saved.status.value).toBe('loading')
    expect(saved.editingId.value).toBeNull()
    await other
    expect(transport.list).toHaveBeenLastCalledWith({ branchId: 1, from: '2025-07-01', to: '2025-12-31' })
  })

  it('without a correct call (survey tallies) never opens an editor, and still deletes', async () => {
    const transport: SavedRowsTransport<Row, never> = { list: vi.fn(async () => [{ id: 1, version: 1, total: 29 }]), remove: vi.fn(async () => ({})) }
    const saved = useSavedRows<Row, never>(transport, (e) => describeError(e, (key) => key))
    await saved.load(query)
    saved.startEdit(saved.rows.value[0]!)
    expect(saved.editingId.value).toBeNull()
    expect(await saved.saveEdit(undefined as never)).toBe(false)
    saved.askDelete(saved.rows.value[0]!)
    expect(await saved.confirmDelete()).toBe(true)
    expect(transport.remove).toHaveBeenCalledWith({ id: 1, expectedVersion: 1 })
  })

  it('accepts as current only a row with the same id and a numeric version', () => {
    expect(currentOf({ current: { id: 1, version: 2 } }, 1)).toEqual({ id: 1, version: 2 })
    expect(currentOf({ current: { id: 2, version: 2 } }, 1)).toBeUndefined()
    expect(currentOf({ current: { id: 1, version: '2' } }, 1)).toBeUndefined()
    expect(currentOf(null, 1)).toBeUndefined()
  })
})
