import { isErrorCode, isIsoDate, type ErrorCode, type ErrorParams } from '@leap/domain'
import { formatRoc } from '../composables/use-roc-date'
import { errorsEn } from '../i18n/error.messages'

/**
 * Errors as data: the server sends a stable `errorCode` (one of @leap/domain's ERROR_CODES) with
 * its `params`, and field errors with their rule (`code`, `params`). This file is the one place
 * that turns them into words, through the i18n messages `errors.codes.<ErrorCode>`,
 * `errors.illegal.<reason>` and `errors.field.<rule>` (zh-TW and English). The server's own text is
 * English for its logs and is never shown.
 */

/** A failure as the UI shows it: one message, plus messages per field (keyed by dotted path). */
export interface AppError {
  /** tRPC code (`NOT_FOUND`, `CONFLICT`…), `NETWORK`, or `UNKNOWN`. */
  code: string
  /** The refusal's stable code, when the server sent one. */
  errorCode: ErrorCode | null
  /** What the refusal says beside its code (limits, the current row on VERSION_CONFLICT…). */
  params: ErrorParams
  message: string
  /** Field path joined with '.', e.g. `password` or `scores.0.finding` → message. */
  fieldErrors: Record<string, string>
  /** The server's own (English) text, for the record; never shown. */
  serverMessage: string | null
  /** Whatever the server put beside the error. */
  data: Record<string, unknown> | null
}

/** Translator as vue-i18n's `t` provides it. */
export type Translate = (key: string, named?: Record<string, unknown>) => string

export interface DescribeOptions {
  /**
   * Message keys that replace the default in this context, by error code or tRPC code (e.g.
   * `{ SIGN_IN_FAILED: 'auth.signIn.invalid' }`); the error code is looked up first.
   */
  byCode?: Partial<Record<string, string>>
  /** Whether a message key exists (vue-i18n's `te`): lets a refusal's `reason` pick its own wording. */
  has?: (key: string) => boolean
}

/** One field a refusal names, as the server sends it. */
interface WireFieldError {
  path: string[]
  code?: string
  params?: ErrorParams
}

interface TrpcLikeError {
  message: string
  data?: {
    code?: string
    httpStatus?: number
    errorCode?: string | null
    params?: ErrorParams | null
    fieldErrors?: WireFieldError[] | null
    [key: string]: unknown
  } | null
}

const knownCodes = new Set([
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'TOO_MANY_REQUESTS',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL_SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
])

/** Codes whose generic wording is the tRPC code's (what to do), not a refusal of this request. */
const transportCodes = new Set<ErrorCode>(['INTERNAL_ERROR', 'DATABASE_UNAVAILABLE'])

function isTrpcLike(error: unknown): error is TrpcLikeError {
  // Checked by shape: only api/trpc.ts may import @trpc/client, and the shape is the contract.
  return error instanceof Error && error.name === 'TRPCClientError'
}

/** One param as people read it: an ISO date as a ROC date in the UI language (114年3月5日, ROC 114/03/05), anything else as is. */
function shown(value: unknown): unknown {
  return isIsoDate(value) ? formatRoc(value) : value
}

/** Params as vue-i18n named values: dates as ROC dates, lists joined, objects (a current row) left out. */
function named(params: ErrorParams | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(params ?? {})) {
    if (Array.isArray(value)) out[key] = value.map(shown).join('、')
    else if (value === null || typeof value !== 'object') out[key] = shown(value)
  }
  return out
}

/**
 * The words for one refusal code and its params. An ILLEGAL_TRANSITION (or other refusal) whose
 * params name a `reason` with its own message (`errors.illegal.<reason>`) uses it. Never throws.
 */
export function wordError(errorCode: ErrorCode, params: ErrorParams, t: Translate, has?: (key: string) => boolean): string {
  const reason = typeof params.reason === 'string' ? `errors.illegal.${params.reason}` : null
  if (reason && has?.(reason)) return t(reason, named(params))
  return t(`errors.codes.${errorCode}`, named(params))
}

/**
 * The words for one field's rule: an error code (`DATE_BEFORE`…), or a zod issue code with its
 * limits (`too_small` with `minimum`…), worded by the admin, never the server's text.
 */
export function wordFieldError(rule: string | undefined, params: ErrorParams | undefined, t: Translate): string {
  const p = params ?? {}
  // A server refusal naming a field's rule (INVALID_INPUT with `rule`): the rule's own words when the admin has them.
  if (rule === 'INVALID_INPUT' && typeof p.rule === 'string' && Object.hasOwn(errorsEn.field, p.rule)) return t(`errors.field.${p.rule}`, named(p))
  if (isErrorCode(rule)) return t(`errors.codes.${rule}`, named(p))
  const origin = typeof p.origin === 'string' ? p.origin : ''
  switch (rule) {
    case 'too_small':
      if (origin === 'string' && p.minimum === 1) return t('errors.field.required')
      if (origin === 'string') return t('errors.field.tooShort', named(p))
      if (origin === 'array' || origin === 'set') return t('errors.field.tooFew', named(p))
      return t('errors.field.tooSmall', named(p))
    case 'too_big':
      if (origin === 'string') return t('errors.field.tooLong', named(p))
      if (origin === 'array' || origin === 'set') return t('errors.field.tooMany', named(p))
      return t('errors.field.tooBig', named(p))
    case 'invalid_type':
      return t('errors.field.invalidType')
    case 'invalid_format':
      return t('errors.field.invalidFormat')
    case 'invalid_value':
      return t('errors.field.invalidValue')
    case 'not_multiple_of':
      return t('errors.field.notMultipleOf', named(p))
    case 'unrecognized_keys':
      return t('errors.field.unrecognizedKeys')
    default:
      return t('errors.field.invalid')
  }
}

/**
 * Turns anything thrown by a server call into what the UI shows. The one place where tRPC codes,
 * `data.errorCode`, `data.params` and `data.fieldErrors` become messages. Never throws.
 *
 * Precedence: a context override (by error code, then tRPC code) → an input refusal with field
 * errors ("fix the marked fields") → the refusal code's words → the tRPC code's words →
 * "unknown". A failed fetch (no response) is `NETWORK`.
 */
export function describeError(error: unknown, t: Translate, options: DescribeOptions = {}): AppError {
  if (!isTrpcLike(error)) {
    const isNetwork = error instanceof TypeError || (error instanceof Error && /fetch|network/i.test(error.message))
    return {
      code: isNetwork ? 'NETWORK' : 'UNKNOWN',
      errorCode: null,
      params: {},
      message: t(isNetwork ? 'errors.network' : 'errors.unknown'),
      fieldErrors: {},
      serverMessage: error instanceof Error ? error.message : null,
      data: null,
    }
  }
  const data = error.data ?? null
  if (!data || !data.code) {
    // A TRPCClientError without data means the request never produced a tRPC response.
    return { code: 'NETWORK', errorCode: null, params: {}, message: t('errors.network'), fieldErrors: {}, serverMessage: error.message, data: null }
  }
  const code = data.code
  const errorCode = isErrorCode(data.errorCode) ? data.errorCode : null
  const params: ErrorParams = data.params && typeof data.params === 'object' ? data.params : {}

  const fieldErrors: Record<string, string> = {}
  for (const issue of data.fieldErrors ?? []) {
    const key = issue.path.join('.')
    // First message per field wins: it is the one the user should fix first.
    if (!(key in fieldErrors)) fieldErrors[key] = wordFieldError(issue.code, issue.params, t)
  }

  const override = (errorCode && options.byCode?.[errorCode]) || options.byCode?.[code]
  let message: string
  if (override) message = t(override, named(params))
  else if (errorCode === 'INVALID_INPUT' && Object.keys(fieldErrors).length > 0) message = t('errors.fieldsInvalid')
  else if (errorCode && !transportCodes.has(errorCode)) message = wordError(errorCode, params, t, options.has)
  else if (knownCodes.has(code)) message = t(`errors.code.${code}`)
  else message = t('errors.unknown')
  return { code, errorCode, params, message, fieldErrors, serverMessage: error.message, data }
}

/** True when the error is a version conflict on a versioned row. */
export function isConflict(error: AppError): boolean {
  return error.code === 'CONFLICT'
}

/** tRPC error codes of the HTTP statuses plain routes (downloads, uploads) answer with. */
const httpStatusCodes: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
}

/**
 * The message for a failed plain HTTP request (a download or an upload, not tRPC): status 0 is a
 * network failure; else the refusal code of the JSON body (`{ errorCode, params }`) in words, else
 * the generic message of the status. Never throws.
 */
export function describeHttpFailure(status: number, body: unknown, t: Translate): string {
  if (status === 0) return t('errors.network')
  const refusal = body && typeof body === 'object' ? (body as { errorCode?: unknown; params?: unknown }) : null
  if (refusal && isErrorCode(refusal.errorCode) && !transportCodes.has(refusal.errorCode)) {
    const params = refusal.params && typeof refusal.params === 'object' ? (refusal.params as ErrorParams) : {}
    return wordError(refusal.errorCode, params, t)
  }
  const code = httpStatusCodes[status]
  return code ? t(`errors.code.${code}`) : t('errors.unknown')
}
