import { describe, expect, it } from 'vitest'
import { describeError, type Translate } from './errors'

/** A translator that echoes keys, so assertions show which message was chosen. */
const t: Translate = (key, named) => (named ? `${key} ${JSON.stringify(named)}` : key)

function trpcError(message: string, data: Record<string, unknown> | null): Error {
  const error = new Error(message) as Error & { data: unknown }
  error.name = 'TRPCClientError'
  error.data = data
  return error
}

describe('describeError', () => {
  it('uses the domain code when the server sends one', () => {
    const e = trpcError('扣分須填寫紀錄事項', { code: 'BAD_REQUEST', httpStatus: 400, domainCode: 'FINDING_REQUIRED', fieldErrors: [{ path: ['finding'], message: '扣分須填寫紀錄事項 (finding required)' }] })
    const out = describeError(e, t)
    expect(out.message).toBe('errors.domain.FINDING_REQUIRED')
    expect(out.domainCode).toBe('FINDING_REQUIRED')
    expect(out.fieldErrors).toEqual({ finding: '扣分須填寫紀錄事項' })
  })

  it("shows the half of the server's bilingual message that matches the locale", () => {
    const e = trpcError('找不到資料 (not found)', { code: 'NOT_FOUND', httpStatus: 404 })
    expect(describeError(e, t).message).toBe('找不到資料')
    expect(describeError(e, t, { locale: 'en' }).message).toBe('not found')
  })

  it('falls back to the tRPC code when the server message is not written for people', () => {
    expect(describeError(trpcError('NOT_FOUND', { code: 'NOT_FOUND', httpStatus: 404 }), t).message).toBe('errors.code.NOT_FOUND')
    expect(describeError(trpcError('資料庫錯誤', { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 }), t).message).toBe('errors.code.INTERNAL_SERVER_ERROR')
  })

  it('tells people the database is out for the moment (503), in the app’s words, not the server’s', () => {
    const e = trpcError('資料庫暫時無法連線，請稍後再試 (the database is unavailable for the moment: retry shortly)', { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 })
    expect(describeError(e, t)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: 'errors.code.SERVICE_UNAVAILABLE' })
  })

  it('lets the caller override a code for its context (wrong password on sign-in)', () => {
    const e = trpcError('帳號或密碼錯誤', { code: 'UNAUTHORIZED', httpStatus: 401 })
    expect(describeError(e, t, { byCode: { UNAUTHORIZED: 'auth.signIn.invalid' } }).message).toBe('auth.signIn.invalid')
  })

  it('keeps the wait time the server gives when sign-in is rate limited', () => {
    const e = trpcError('登入失敗次數過多，請於 900 秒後再試 (too many failed attempts; retry after 900 seconds)', { code: 'TOO_MANY_REQUESTS', httpStatus: 429 })
    expect(describeError(e, t).message).toBe('登入失敗次數過多，請於 900 秒後再試')
    expect(describeError(trpcError('rate limited', { code: 'TOO_MANY_REQUESTS', httpStatus: 429 }), t).message).toBe('errors.code.TOO_MANY_REQUESTS')
  })

  it('keys field errors by dotted path, keeping the first message per field', () => {
    const e = trpcError('bad', {
      code: 'BAD_REQUEST',
      httpStatus: 400,
      fieldErrors: [
        { path: ['scores', '0', 'finding'], message: 'first' },
        { path: ['scores', '0', 'finding'], message: 'second' },
        { path: ['dueDate'], message: '' },
      ],
    })
    const out = describeError(e, t)
    expect(out.fieldErrors).toEqual({ 'scores.0.finding': 'first', dueDate: 'errors.code.BAD_REQUEST' })
    expect(describeError(trpcError('bad', { code: 'BAD_REQUEST', fieldErrors: [{ path: ['unitId'], message: '不是受考核分署的單位 (not a unit of the inspected branch)' }] }), t, { locale: 'en' }).fieldErrors).toEqual({
      unitId: 'not a unit of the inspected branch',
    })
    expect(out.message).toBe('errors.fieldsInvalid')
  })

  it('keeps the server data of a conflict so the view can show the other value', () => {
    const e = trpcError('已被修改', { code: 'CONFLICT', httpStatus: 409, current: { points: 40 } })
    const out = describeError(e, t)
    expect(out.code).toBe('CONFLICT')
    expect(out.data?.current).toEqual({ points: 40 })
  })

  it('treats a failed fetch as a network problem', () => {
    expect(describeError(new TypeError('Failed to fetch'), t).code).toBe('NETWORK')
    expect(describeError(trpcError('Failed to fetch', null), t).message).toBe('errors.network')
  })

  it('never throws on odd values', () => {
    expect(describeError('boom', t).message).toBe('errors.unknown')
    expect(describeError(undefined, t).code).toBe('UNKNOWN')
    expect(describeError(trpcError('x', { code: 'WEIRD', httpStatus: 418 }), t).message).toBe('errors.unknown')
  })
})
