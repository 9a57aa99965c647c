import { isDomainError, isErrorCode, type DomainErrorCode, type ErrorCode, type ErrorParams } from '@leap/domain'
import { TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import { ZodError, type core } from 'zod'

/**
 * Errors as data. Every refusal reaches the client as a stable `errorCode` (one of @leap/domain's
 * `ERROR_CODES`) with its `params`, and — for input problems — `fieldErrors` naming each field and
 * its rule; the admin words them in its i18n files. The TRPCError's `message` is English, for the
 * server's logs and for operators; no client reads it.
 *
 * ```ts
 * throw refuse('NOT_FOUND', 'NOT_FOUND', {}, `inspection ${id} not found`)
 * throw refuse('CONFLICT', 'VERSION_CONFLICT', { current }, 'phone test changed since it was read')
 * throw refuse('BAD_REQUEST', 'UNKNOWN_UNIT', { item: 2, unit: '執行九科' }, 'no such unit', [{ path: ['items', 1, 'unitId'] }])
 * ```
 */

/** One field a refusal names: its path and the rule it broke (an error code or a zod issue code). */
export interface FieldError {
  path: string[]
  /** An `ErrorCode`, or a zod issue code (`too_small`, `invalid_type`, `invalid_format`, `custom`…). */
  code: string
  /** What the wording needs: limits (`minimum`, `maximum`), `format`, `expected`, `values`… */
  params: ErrorParams
  /** English, for logs. */
  message: string
}

/** What every refusal puts in the tRPC error data (`shape.data`) beside tRPC's own fields. */
export interface RefusalData {
  errorCode: ErrorCode
  params: ErrorParams
  fieldErrors?: FieldError[]
}

/** The cause of a TRPCError made by {@link refuse}: the code and params travel with it (`cause.code`, `cause.params`). */
export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams,
    message: string,
    readonly fields: { path: (string | number)[]; code?: ErrorCode; params?: ErrorParams }[] = [],
  ) {
    super(message)
    this.name = 'Refusal'
  }
}

/**
 * A TRPCError of tRPC status `status` carrying `errorCode` and `params` to the client. `message`
 * is the English text the server logs (defaults to the code). `fields` names the offending input
 * fields; each takes the refusal's code and params unless it gives its own.
 */
export function refuse(
  status: TRPCError['code'],
  errorCode: ErrorCode,
  params: ErrorParams = {},
  message: string = errorCode,
  fields: { path: (string | number)[]; code?: ErrorCode; params?: ErrorParams }[] = [],
): TRPCError {
  return new TRPCError({ code: status, message, cause: new Refusal(errorCode, params, message, fields) })
}

/**
 * The one NOT_FOUND for "missing" and "not yours": a branch user must not learn whether another
 * branch's record exists, so the answer never says which.
 */
export function notFound(): TRPCError {
  return refuse('NOT_FOUND', 'NOT_FOUND', {}, 'not found')
}

/**
 * The one CONFLICT of a stale versioned write: `current` is the row (or rows) as they are now, or
 * null when the row is gone, so the client can show what changed. `what` names the record for
 * the log (`phone_test 12`).
 */
export function versionConflict(what: string, current: unknown): TRPCError {
  return refuse('CONFLICT', 'VERSION_CONFLICT', { current }, `${what} changed since it was read: review the current value and save again`)
}

/** How each domain refusal reaches the client: the one place a DomainError gets its HTTP status. */
export const DOMAIN_STATUS: Record<DomainErrorCode, TRPCError['code']> = {
  INVALID_CATALOGUE: 'BAD_REQUEST',
  UNKNOWN_CRITERION: 'BAD_REQUEST',
  INVALID_SCORE: 'BAD_REQUEST',
  FINDING_REQUIRED: 'BAD_REQUEST',
  MEMBER_RECUSED: 'FORBIDDEN',
  SHEET_INCOMPLETE: 'PRECONDITION_FAILED',
  SHEET_LOCKED: 'PRECONDITION_FAILED',
  IMPROVEMENT_PLAN_REQUIRED: 'PRECONDITION_FAILED',
  ILLEGAL_TRANSITION: 'PRECONDITION_FAILED',
  ROLE_NOT_ALLOWED: 'FORBIDDEN',
  REASON_REQUIRED: 'BAD_REQUEST',
  EVIDENCE_REQUIRED: 'BAD_REQUEST',
  INVALID_INDICATOR: 'BAD_REQUEST',
  INVALID_DATE: 'BAD_REQUEST',
  PARTS_DO_NOT_ADD_UP: 'BAD_REQUEST',
  DATE_BEFORE: 'BAD_REQUEST',
}

/** The code of a TRPCError that carries none of its own (thrown by tRPC itself or a library). */
const BY_STATUS: Partial<Record<TRPCError['code'], ErrorCode>> = {
  UNAUTHORIZED: 'SIGN_IN_REQUIRED',
  NOT_FOUND: 'NOT_FOUND',
  BAD_REQUEST: 'INVALID_INPUT',
  PARSE_ERROR: 'INVALID_INPUT',
  PAYLOAD_TOO_LARGE: 'FILE_TOO_LARGE',
  SERVICE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  CONFLICT: 'VERSION_CONFLICT',
  FORBIDDEN: 'NOT_ALLOWED',
  TOO_MANY_REQUESTS: 'SIGN_IN_THROTTLED',
}

/** The wording parameters of one zod issue: its limits, format, expected type or values. */
function zodParams(issue: core.$ZodIssue): ErrorParams {
  const { code: _code, path: _path, message: _message, input: _input, ...rest } = issue as core.$ZodIssue & { input?: unknown; params?: ErrorParams }
  const { params, ...limits } = rest as Record<string, unknown> & { params?: ErrorParams }
  const out: ErrorParams = {}
  for (const [key, value] of Object.entries(limits)) {
    // bigint limits (never used here) and nested issues (unions) do not travel.
    if (typeof value === 'bigint' || key === 'errors' || key === 'issues') continue
    out[key] = value
  }
  return { ...out, ...(params ?? {}) }
}

/**
 * A zod issue as a field error. A refinement names its own rule with `params: { code: 'DATE_BEFORE', … }`
 * (an ErrorCode); otherwise the zod issue code is the rule.
 */
function zodFieldError(issue: core.$ZodIssue): FieldError {
  const params = zodParams(issue)
  const own = isErrorCode(params.code) ? params.code : null
  const { code: _own, ...rest } = params
  return { path: issue.path.map(String), code: own ?? issue.code, params: own ? rest : params, message: issue.message }
}

/**
 * The data every error carries for the client (see {@link RefusalData}): from a {@link Refusal},
 * a DomainError, a zod error, or — for errors that carry no code — from the tRPC status.
 * Never throws.
 */
export function refusalData(error: TRPCError): RefusalData {
  const cause = error.cause
  if (cause instanceof Refusal) {
    const fieldErrors = cause.fields.map((f) => ({ path: f.path.map(String), code: f.code ?? cause.code, params: f.params ?? cause.params, message: cause.message }))
    return { errorCode: cause.code, params: cause.params, ...(fieldErrors.length > 0 ? { fieldErrors } : {}) }
  }
  if (isDomainError(cause)) {
    const fieldErrors = cause.issues.map((i) => ({ path: i.path.map(String), code: i.code ?? cause.code, params: i.params ?? cause.params ?? {}, message: i.message }))
    return { errorCode: cause.code, params: cause.params ?? {}, fieldErrors }
  }
  if (cause instanceof ZodError) {
    return { errorCode: 'INVALID_INPUT', params: {}, fieldErrors: cause.issues.map(zodFieldError) }
  }
  if (error.code === 'BAD_REQUEST' || error.code === 'PARSE_ERROR') return { errorCode: 'INVALID_INPUT', params: {} }
  return { errorCode: BY_STATUS[error.code] ?? 'INTERNAL_ERROR', params: {} }
}

/**
 * The JSON body of a refusal on a plain HTTP route (downloads, uploads): the same code and params
 * as a tRPC refusal, and the English text for the record.
 */
export function refusalBody(errorCode: ErrorCode, params: ErrorParams = {}, message: string = errorCode): RefusalBody {
  return { error: message, errorCode, params }
}

/** The JSON body of a plain HTTP route's refusal (see {@link refusalBody}). */
export interface RefusalBody {
  /** English, for the record; no client shows it. */
  error: string
  errorCode: ErrorCode
  params: ErrorParams
}

/**
 * A refusal thrown by a shared helper (`notFound()`, `refuse(…)`, an access check) inside a plain
 * HTTP route, as that route's status and body: the same code and params a tRPC call would carry.
 * Null for a server fault (5xx), which the route rethrows.
 */
export function httpRefusal(error: TRPCError): { status: number; body: RefusalBody } | null {
  const status = getHTTPStatusCodeFromError(error)
  if (status >= 500) return null
  const data = refusalData(error)
  return { status, body: refusalBody(data.errorCode, data.params, error.message) }
}
