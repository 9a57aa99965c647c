import { beforeEach, describe, expect, it, vi } from 'vitest'

const calls: { proc: string; input: unknown }[] = []
const byId = vi.fn()
let failNext: unknown = null
const mutation = (proc: string) => ({
  mutate: async (input: unknown) => {
    calls.push({ proc, input })
    if (failNext) {
      const e = failNext
      failNext = null
      throw e
    }
    return {}
  },
})
vi.mock('../../api/trpc', () => ({
  api: {
    remediation: {
      byId: { query: (input: unknown) => byId(input) },
      ...Object.fromEntries(['start', 'postProgress', 'submit', 'verify', 'return', 'cancel', 'reopen'].map((p) => [p, mutation(p)])),
    },
  },
}))

const { useRemediationItem } = await import('./use-remediation-item')

const describeError = (e: unknown) => ({
  code: (e as { code?: string }).code ?? 'UNKNOWN',
  errorCode: null, params: {},
  message: 'msg',
  fieldErrors: {},
  serverMessage: null,
  data: null,
})

beforeEach(() => {
  calls.length = 0
  byId.mockClear()
  failNext = null
})

describe('useRemediationItem', () => {
  it('says not found when the server hides the item (another branch or missing)', async () => {
    byId.mockImplementation(async () => {
      throw { code: 'NOT_FOUND' }
    })
    const detail = useRemediationItem(describeError)
    await detail.load(99)
    expect(detail.status.value).toBe('error')
    expect(detail.notFound.value).toBe(true)
  })

  it('sends the version the user saw with the note and evidence, then reloads', async () => {
    byId.mockResolvedValueOnce({ id: 5, version: 3 }).mockResolvedValueOnce({ id: 5, version: 4 })
    const detail = useRemediationItem(describeError)
    await detail.load(5)
    await detail.act('submit', { note: '  已完成  ', evidenceIds: [11, 12] })
    expect(calls).toEqual([{ proc: 'submit', input: { id: 5, expectedVersion: 3, note: '已完成', evidenceIds: [11, 12] } }])
    expect(detail.item.value?.version).toBe(4)
  })

  it('sends no empty note or evidence list for a plain start', async () => {
    byId.mockResolvedValue({ id: 5, version: 1 })
    const detail = useRemediationItem(describeError)
    await detail.load(5)
    await detail.act('start', { note: ' ', evidenceIds: [] })
    expect(calls[0]).toEqual({ proc: 'start', input: { id: 5, expectedVersion: 1 } })
  })

  it('reloads and flags a conflict when someone else changed the item', async () => {
    byId.mockResolvedValueOnce({ id: 5, version: 3 }).mockResolvedValueOnce({ id: 5, version: 6, status: 'closed' })
    const detail = useRemediationItem(describeError)
    await detail.load(5)
    failNext = { code: 'CONFLICT' }
    await expect(detail.act('verify')).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(detail.conflict.value).toBe(true)
    expect(detail.item.value?.version).toBe(6)
  })

  it('keeps the item as it was after a refusal other than a conflict', async () => {
    byId.mockResolvedValue({ id: 5, version: 3 })
    const detail = useRemediationItem(describeError)
    await detail.load(5)
    failNext = { code: 'BAD_REQUEST' }
    await expect(detail.act('return', { note: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect(byId).toHaveBeenCalledTimes(1)
    expect(detail.conflict.value).toBe(false)
  })
})
