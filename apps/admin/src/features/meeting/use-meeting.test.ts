import { beforeEach, describe, expect, it, vi } from 'vitest'

const mocks = vi.hoisted(() => ({ byId: vi.fn(), updateMinutes: vi.fn(), list: vi.fn(), create: vi.fn() }))
vi.mock('../../api/trpc', () => ({
  api: {
    meeting: {
      byId: { query: mocks.byId },
      updateMinutes: { mutate: mocks.updateMinutes },
      list: { query: mocks.list },
      create: { mutate: mocks.create },
    },
  },
}))

const { useMeeting } = await import('./use-meeting')
const { useMeetingList } = await import('./use-meeting-list')

const describeError = (e: unknown) => ({
  code: (e as { code?: string }).code ?? 'UNKNOWN',
  errorCode: null, params: {},
  message: (e as { message?: string }).message ?? 'msg',
  fieldErrors: {},
  serverMessage: null,
  data: null,
})

const stored = { id: 7, roundId: 1, rocYear: 114, half: 1, heldOn: '2025-03-05', title: '第1次會議', minutes: '舊紀錄', version: 3, items: [], mayRecord: true }

beforeEach(() => {
  for (const m of Object.values(mocks)) m.mockReset()
})

describe('useMeeting', () => {
  it('starts the draft from the stored minutes and knows when it changed', async () => {
    mocks.byId.mockResolvedValue(stored)
    const m = useMeeting(describeError)
    await m.load(7)
    expect(mocks.byId).toHaveBeenCalledWith({ id: 7 })
    expect(m.draft.value).toBe('舊紀錄')
    expect(m.dirty.value).toBe(false)
    m.draft.value = '決議：持續列管。'
    expect(m.dirty.value).toBe(true)
  })

  it('saves the draft as the minutes and is no longer dirty', async () => {
    mocks.byId.mockResolvedValue(stored)
    mocks.updateMinutes.mockImplementation(async (input: { id: number; minutes: string }) => ({ ...stored, minutes: input.minutes, version: 4 }))
    const m = useMeeting(describeError)
    await m.load(7)
    m.draft.value = '決議：持續列管。'
    await m.saveMinutes()
    expect(mocks.updateMinutes).toHaveBeenCalledWith({ id: 7, minutes: '決議：持續列管。', expectedVersion: 3 })
    expect(m.meeting.value?.minutes).toBe('決議：持續列管。')
    expect(m.dirty.value).toBe(false)
    expect(m.saving.value).toBe(false)
  })

  it('saves the start time and place with the minutes only when they changed, blank clearing them', async () => {
    mocks.byId.mockResolvedValue({ ...stored, startTime: null, place: null })
    mocks.updateMinutes.mockImplementation(async (input: { startTime?: string | null; place?: string | null }) => ({ ...stored, startTime: input.startTime ?? null, place: input.place ?? null, version: 4 }))
    const m = useMeeting(describeError)
    await m.load(7)
    expect([m.startTime.value, m.place.value, m.dirty.value]).toEqual(['', '', false])
    m.startTime.value = '14:30'
    m.place.value = ' 第一會議室 '
    expect(m.dirty.value).toBe(true)
    await m.saveMinutes()
    expect(mocks.updateMinutes).toHaveBeenCalledWith({ id: 7, minutes: '舊紀錄', startTime: '14:30', place: '第一會議室', expectedVersion: 3 })
    expect(m.meeting.value).toMatchObject({ startTime: '14:30', place: '第一會議室', version: 4 })
    expect(m.dirty.value).toBe(false)
    m.place.value = ''
    await m.saveMinutes()
    expect(mocks.updateMinutes).toHaveBeenLastCalledWith({ id: 7, minutes: '舊紀錄', place: null, expectedVersion: 4 })
  })

  it('rethrows a refusal described and keeps what was typed', async () => {
    mocks.byId.mockResolvedValue({ ...stored, mayRecord: false })
    mocks.updateMinutes.mockRejectedValue({ code: 'FORBIDDEN', message: '此操作限本輪任務編組之召集人、執行秘書' })
    const m = useMeeting(describeError)
    await m.load(7)
    m.draft.value = '我的紀錄'
    await expect(m.saveMinutes()).rejects.toMatchObject({ code: 'FORBIDDEN', message: '此操作限本輪任務編組之召集人、執行秘書' })
    expect(m.draft.value).toBe('我的紀錄')
    expect(m.meeting.value?.minutes).toBe('舊紀錄')
    expect(m.dirty.value).toBe(true)
  })

  it('says not found when the server hides the meeting', async () => {
    mocks.byId.mockRejectedValue({ code: 'NOT_FOUND' })
    const m = useMeeting(describeError)
    await m.load(99)
    expect(m.status.value).toBe('error')
    expect(m.notFound.value).toBe(true)
  })
})

describe('useMeetingList', () => {
  it('keeps the newer load when an older one answers late', async () => {
    let answerFirst: (v: unknown) => void = () => {}
    mocks.list.mockImplementationOnce(() => new Promise((r) => (answerFirst = r))).mockResolvedValueOnce([{ ...stored, id: 2 }])
    const list = useMeetingList(describeError)
    const first = list.load()
    await list.load()
    answerFirst([{ ...stored, id: 1 }])
    await first
    expect(list.meetings.value.map((m) => m.id)).toEqual([2])
    expect(list.status.value).toBe('ready')
  })

  it('creates with a trimmed title and returns the new id; a refusal comes back described', async () => {
    mocks.create.mockResolvedValueOnce({ ...stored, id: 12 })
    const list = useMeetingList(describeError)
    expect(await list.create({ roundId: 1, heldOn: '2025-03-05', title: '  第2次會議 ' })).toBe(12)
    expect(mocks.create).toHaveBeenCalledWith({ roundId: 1, heldOn: '2025-03-05', title: '第2次會議', startTime: null, place: null })
    mocks.create.mockResolvedValueOnce({ ...stored, id: 13 })
    expect(await list.create({ roundId: 1, heldOn: '2025-03-05', title: '第3次會議', startTime: '09:30', place: ' 第一會議室 ' })).toBe(13)
    expect(mocks.create).toHaveBeenLastCalledWith({ roundId: 1, heldOn: '2025-03-05', title: '第3次會議', startTime: '09:30', place: '第一會議室' })
    mocks.create.mockRejectedValueOnce({ code: 'FORBIDDEN' })
    await expect(list.create({ roundId: 1, heldOn: '2025-03-05', title: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
