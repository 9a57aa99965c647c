import { ERROR_CODES } from '@leap/domain'
import { describe, expect, it } from 'vitest'
import { errorsEn, errorsZhTW } from '../i18n/error.messages'
import { describeError, describeHttpFailure, type Translate } from './errors'

/** A translator that echoes keys, so assertions show which message was chosen. */
const t: Translate = (key, named) => (named && Object.keys(named).length > 0 ? `${key} ${JSON.stringify(named)}` : key)

function trpcError(message: string, data: Record<string, unknown> | null): Error {
  const error = new Error(message) as Error & { data: unknown }
  error.name = 'TRPCClientError'
  error.data = data
  return error
}

describe('describeError', () => {
  it('words the refusal code the server sends, with its params, never the server text', () => {
    const e = trpcError('components add up to 90, not 95', {
      code: 'BAD_REQUEST',
      httpStatus: 400,
      errorCode: 'PARTS_DO_NOT_ADD_UP',
      params: { sum: 90, total: 95 },
      fieldErrors: [{ path: ['total'], code: 'PARTS_DO_NOT_ADD_UP', params: { sum: 90, total: 95 }, message: 'components add up to 90, not 95' }],
    })
    const out = describeError(e, t)
    expect(out.message).toBe('errors.codes.PARTS_DO_NOT_ADD_UP {"sum":90,"total":95}')
    expect(out.errorCode).toBe('PARTS_DO_NOT_ADD_UP')
    expect(out.fieldErrors).toEqual({ total: 'errors.codes.PARTS_DO_NOT_ADD_UP {"sum":90,"total":95}' })
  })

  it('shows dates in params as ROC dates and joins lists', () => {
    const e = trpcError('x', { code: 'BAD_REQUEST', errorCode: 'DATE_OUTSIDE_ROUND', params: { start: '2025-01-01', end: '2025-06-30', ids: [1, 2] } })
    expect(describeError(e, t).message).toBe('errors.codes.DATE_OUTSIDE_ROUND {"start":"114年1月1日","end":"114年6月30日","ids":"1、2"}')
  })

  it('uses the words of a refusal’s reason when they exist, else the code’s', () => {
    const e = trpcError('illegal transition: scoringEnded', { code: 'PRECONDITION_FAILED', errorCode: 'ILLEGAL_TRANSITION', params: { reason: 'scoringEnded' } })
    expect(describeError(e, t, { has: (key) => key === 'errors.illegal.scoringEnded' }).message).toBe('errors.illegal.scoringEnded {"reason":"scoringEnded"}')
    expect(describeError(e, t, { has: () => false }).message).toBe('errors.codes.ILLEGAL_TRANSITION {"reason":"scoringEnded"}')
  })

  it('falls back to the tRPC code when the error carries no refusal code', () => {
    expect(describeError(trpcError('找不到資料 (not found)', { code: 'NOT_FOUND', httpStatus: 404 }), t).message).toBe('errors.code.NOT_FOUND')
    expect(describeError(trpcError('boom', { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, errorCode: 'INTERNAL_ERROR' }), t).message).toBe('errors.code.INTERNAL_SERVER_ERROR')
  })

  it('tells people the database is out for the moment (503), in the app’s words, not the server’s', () => {
    const e = trpcError('the database is unavailable', { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, errorCode: 'DATABASE_UNAVAILABLE' })
    expect(describeError(e, t)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: 'errors.code.SERVICE_UNAVAILABLE' })
  })

  it('lets the caller override a code for its context (wrong password on sign-in)', () => {
    const e = trpcError('wrong username or password', { code: 'UNAUTHORIZED', httpStatus: 401, errorCode: 'SIGN_IN_FAILED' })
    expect(describeError(e, t, { byCode: { UNAUTHORIZED: 'auth.signIn.invalid' } }).message).toBe('auth.signIn.invalid')
    expect(describeError(e, t, { byCode: { SIGN_IN_FAILED: 'auth.signIn.failed', UNAUTHORIZED: 'auth.signIn.invalid' } }).message).toBe('auth.signIn.failed')
  })

  it('keeps the wait time the server gives when sign-in is rate limited', () => {
    const e = trpcError('too many failed attempts', { code: 'TOO_MANY_REQUESTS', httpStatus: 429, errorCode: 'SIGN_IN_THROTTLED', params: { seconds: 900 } })
    expect(describeError(e, t).message).toBe('errors.codes.SIGN_IN_THROTTLED {"seconds":900}')
  })

  it('words each zod rule itself, keyed by dotted path, keeping the first per field', () => {
    const e = trpcError('bad', {
      code: 'BAD_REQUEST',
      httpStatus: 400,
      errorCode: 'INVALID_INPUT',
      params: {},
      fieldErrors: [
        { path: ['scores', '0', 'finding'], code: 'too_big', params: { origin: 'string', maximum: 4000 }, message: 'Too big' },
        { path: ['scores', '0', 'finding'], code: 'too_small', params: { origin: 'string', minimum: 1 }, message: 'second' },
        { path: ['reason'], code: 'too_small', params: { origin: 'string', minimum: 1 }, message: 'Too small' },
        { path: ['count'], code: 'too_small', params: { origin: 'number', minimum: 0 }, message: 'Too small' },
        { path: ['when'], code: 'invalid_format', params: { format: 'date' }, message: 'Invalid' },
        { path: ['to'], code: 'DATE_BEFORE', params: { after: '2025-03-05' }, message: 'from must not be after to' },
        { path: ['odd'], code: 'custom', params: {}, message: '' },
        { path: ['toId'], code: 'INVALID_INPUT', params: { rule: 'sameCatalogue' }, message: 'toId: same version' },
        { path: ['body'], code: 'INVALID_INPUT', params: { rule: 'depth' }, message: 'too deep' },
      ],
    })
    const out = describeError(e, t)
    expect(out.fieldErrors).toEqual({
      'scores.0.finding': 'errors.field.tooLong {"origin":"string","maximum":4000}',
      reason: 'errors.field.required',
      count: 'errors.field.tooSmall {"origin":"number","minimum":0}',
      when: 'errors.field.invalidFormat',
      to: 'errors.codes.DATE_BEFORE {"after":"114年3月5日"}',
      odd: 'errors.field.invalid',
      toId: 'errors.field.sameCatalogue {"rule":"sameCatalogue"}',
      body: 'errors.codes.INVALID_INPUT {"rule":"depth"}',
    })
    expect(out.message).toBe('errors.fieldsInvalid')
  })

  it('keeps the current row of a conflict in params so the view can show the other value', () => {
    const e = trpcError('changed since it was read', { code: 'CONFLICT', httpStatus: 409, errorCode: 'VERSION_CONFLICT', params: { current: { points: 40 } } })
    const out = describeError(e, t)
    expect(out.code).toBe('CONFLICT')
    expect(out.params.current).toEqual({ points: 40 })
    expect(out.message).toBe('errors.codes.VERSION_CONFLICT')
  })

  it('treats a failed fetch as a network problem', () => {
    expect(describeError(new TypeError('Failed to fetch'), t).code).toBe('NETWORK')
    expect(describeError(trpcError('Failed to fetch', null), t).message).toBe('errors.network')
  })

  it('never throws on odd values', () => {
    expect(describeError('boom', t).message).toBe('errors.unknown')
    expect(describeError(undefined, t).code).toBe('UNKNOWN')
    expect(describeError(trpcError('x', { code: 'WEIRD', httpStatus: 418 }), t).message).toBe('errors.unknown')
    expect(describeError(trpcError('x', { code: 'NOT_FOUND', errorCode: 'NOT_A_CODE' }), t)).toMatchObject({ errorCode: null, message: 'errors.code.NOT_FOUND' })
  })
})

describe('describeHttpFailure', () => {
  it('words the refusal code of a plain route’s JSON body, else the status', () => {
    expect(describeHttpFailure(413, { error: 'too large', errorCode: 'FILE_TOO_LARGE', params: { maxMb: 10 } }, t)).toBe('errors.codes.FILE_TOO_LARGE {"maxMb":10}')
    expect(describeHttpFailure(404, { error: '找不到資料 (not found)' }, t)).toBe('errors.code.NOT_FOUND')
    expect(describeHttpFailure(503, { errorCode: 'DATABASE_UNAVAILABLE' }, t)).toBe('errors.code.SERVICE_UNAVAILABLE')
    expect(describeHttpFailure(0, null, t)).toBe('errors.network')
    expect(describeHttpFailure(418, 'teapot', t)).toBe('errors.unknown')
  })
})

describe('error wording', () => {
  it('has words for every refusal code in both languages, none empty', () => {
    for (const code of ERROR_CODES) {
      expect(errorsZhTW.codes[code].trim(), code).not.toBe('')
      expect(errorsEn.codes[code].trim(), code).not.toBe('')
    }
    expect(Object.keys(errorsZhTW.codes).sort()).toEqual([...ERROR_CODES].sort())
    expect(Object.keys(errorsEn.illegal).sort()).toEqual(Object.keys(errorsZhTW.illegal).sort())
  })
})
