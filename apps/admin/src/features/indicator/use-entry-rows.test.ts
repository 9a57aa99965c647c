import { afterEach, describe, expect, it, vi } from 'vitest'
import { describeError } from '../../api/errors'
import { useEntryRows } from './use-entry-rows'

interface Row {
  name: string
}
const ids = { first: (i: number) => `row-${i}`, add: 'row-add' }
const make = (next?: (rows: readonly Row[]) => Row) => useEntryRows<Row>(() => ({ name: '' }), ids, { describeError: (e) => describeError(e, (k) => k), ...(next ? { next } : {}) })

function inputs(n: number): void {
  document.body.innerHTML = Array.from({ length: n }, (_, i) => `<input id="row-${i}">`).join('') + '<button id="row-add"></button>'
}
afterEach(() => {
  document.body.innerHTML = ''
})

describe('useEntryRows', () => {
  it('names the rows to fix and focuses the first, without sending', async () => {
    const entry = make()
    entry.rows.value = [{ name: 'a' }, { name: '' }, { name: 'c' }]
    inputs(3)
    const send = vi.fn(async () => 'saved')
    expect(await entry.submit({ check: (r, i) => (r.name ? null : `row ${i + 1}`), invalidRow: () => 2, send })).toBe(false)
    expect(entry.rowErrors.value).toEqual({ 1: 'row 2' })
    expect(document.activeElement?.id).toBe('row-1')
    expect(send).not.toHaveBeenCalled()
  })

  it('shows why saving is impossible, or stops silently on an empty reason', async () => {
    const entry = make()
    entry.rows.value = [{ name: 'a' }]
    const send = vi.fn(async () => 'saved')
    await entry.submit({ check: () => null, blocked: () => 'no period', send })
    expect(entry.saveError.value).toBe('no period')
    await entry.submit({ check: () => null, blocked: () => '', send })
    expect(entry.saveError.value).toBeNull()
    expect(send).not.toHaveBeenCalled()
  })

  it('sends, says so and starts again from a blank row; a refusal keeps the rows and shows the message', async () => {
    const entry = make()
    entry.rows.value = [{ name: 'a' }, { name: 'b' }]
    const send = vi.fn(async (rows: readonly Row[]) => `saved ${rows.length}`)
    expect(await entry.submit({ check: () => null, send })).toBe(true)
    expect(send).toHaveBeenCalledWith([{ name: 'a' }, { name: 'b' }])
    expect(entry.saved.value).toBe('saved 2')
    expect(entry.rows.value).toEqual([{ name: '' }])

    entry.rows.value = [{ name: 'x' }]
    const refusal = Object.assign(new Error('agency admin or the branch’s own staff only'), { name: 'TRPCClientError', data: { code: 'FORBIDDEN', errorCode: 'NOT_ALLOWED', params: {} } })
    expect(await entry.submit({ check: () => null, send: async () => Promise.reject(refusal), resetAfter: true })).toBe(false)
    expect(entry.saveError.value).toBe('errors.codes.NOT_ALLOWED')
    expect(entry.rows.value).toEqual([{ name: 'x' }])
    expect(entry.saving.value).toBe(false)
  })

  it('adds the row `next` makes, and removing the last row leaves a blank one with focus on add', () => {
    const entry = make((rows) => ({ name: `copy of ${rows.at(-1)?.name}` }))
    entry.rows.value = [{ name: 'a' }]
    entry.add()
    expect(entry.rows.value).toEqual([{ name: 'a' }, { name: 'copy of a' }])
    inputs(1)
    entry.remove(1)
    entry.remove(0)
    expect(entry.rows.value).toEqual([{ name: '' }])
    expect(document.activeElement?.id).toBe('row-add')
  })
})
