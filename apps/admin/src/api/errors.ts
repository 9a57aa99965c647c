import type { DomainErrorCode } from '@leap/domain'

/** A failure as the UI shows it: one message, plus messages per field (keyed by dotted path). */
export interface AppError {
  /** tRPC code (`NOT_FOUND`, `CONFLICT`…), `NETWORK`, or `UNKNOWN`. */
  code: string
  domainCode: DomainErrorCode | null
  message: string
  /** Field path joined with '.', e.g. `password` or `scores.0.finding` → message. */
  fieldErrors: Record<string, string>
  /** The server's own message, for the record (it is bilingual and not localised). */
  serverMessage: string | null
  /** Whatever the server put beside the error (e.g. the current row on CONFLICT). */
  data: Record<string, unknown> | null
}

/** Translator as vue-i18n's `t` provides it. */
export type Translate = (key: string, named?: Record<string, unknown>) => string

export interface DescribeOptions {
  /** Message keys that replace the default for a tRPC code in this context (e.g. UNAUTHORIZED on sign-in). */
  byCode?: Partial<Record<string, string>>
  /** UI locale: picks the Chinese or the English half of the server's bilingual messages. */
  locale?: string
}

interface TrpcLikeError {
  message: string
  data?: {
    code?: string
    httpStatus?: number
    domainCode?: string | null
    fieldErrors?: { path: string[]; message: string }[] | null
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

const domainCodes = new Set<string>([
  'INVALID_CATALOGUE',
  'UNKNOWN_CRITERION',
  'INVALID_SCORE',
  'FINDING_REQUIRED',
  'MEMBER_RECUSED',
  'SHEET_INCOMPLETE',
  'SHEET_LOCKED',
  'IMPROVEMENT_PLAN_REQUIRED',
  'ILLEGAL_TRANSITION',
  'ROLE_NOT_ALLOWED',
  'REASON_REQUIRED',
  'EVIDENCE_REQUIRED',
  'INVALID_INDICATOR',
  'INVALID_DATE',
] satisfies DomainErrorCode[])

function isTrpcLike(error: unknown): error is TrpcLikeError {
  // Checked by shape: only api/trpc.ts may import @trpc/client, and the shape is the contract.
  return error instanceof Error && error.name === 'TRPCClientError'
}

/**
 * Turns anything thrown by a server call into what the UI shows. The one place where tRPC codes,
 * `data.domainCode` and `data.fieldErrors` become messages. Never throws.
 *
 * Precedence: a context override for the code → the domain code's message → the tRPC code's
 * message → "unknown". A failed fetch (no response) is `NETWORK`.
 */
export function describeError(error: unknown, t: Translate, options: DescribeOptions = {}): AppError {
  if (!isTrpcLike(error)) {
    const isNetwork = error instanceof TypeError || (error instanceof Error && /fetch|network/i.test(error.message))
    return {
      code: isNetwork ? 'NETWORK' : 'UNKNOWN',
      domainCode: null,
      message: t(isNetwork ? 'errors.network' : 'errors.unknown'),
      fieldErrors: {},
      serverMessage: error instanceof Error ? error.message : null,
      data: null,
    }
  }
  const data = error.data ?? null
  if (!data || !data.code) {
    // A TRPCClientError without data means the request never produced a tRPC response.
    return { code: 'NETWORK', domainCode: null, message: t('errors.network'), fieldErrors: {}, serverMessage: error.message, data: null }
  }
  const code = data.code
  const domainCode = data.domainCode && domainCodes.has(data.domainCode) ? (data.domainCode as DomainErrorCode) : null
  const override = options.byCode?.[code]
  const human = humanPart(error.message, options.locale)
  let message: string
  if (override) message = t(override)
  else if (domainCode) message = t(`errors.domain.${domainCode}`)
  // Resolvers throw precise, human, bilingual messages ("找不到資料 (not found)"): they beat a generic one.
  // Outages and server faults get the app's own wording (what to do, and that nothing typed is lost).
  else if (human && code !== 'INTERNAL_SERVER_ERROR' && code !== 'SERVICE_UNAVAILABLE') message = human
  else if (knownCodes.has(code)) message = t(`errors.code.${code}`)
  else message = t('errors.unknown')

  const fieldErrors: Record<string, string> = {}
  for (const issue of data.fieldErrors ?? []) {
    const key = issue.path.join('.')
    // First message per field wins: it is the one the user should fix first.
    if (!(key in fieldErrors)) fieldErrors[key] = humanPart(issue.message, options.locale) ?? (issue.message || t('errors.code.BAD_REQUEST'))
  }
  if (!override && !domainCode && !human && code === 'BAD_REQUEST' && Object.keys(fieldErrors).length > 0) {
    message = t('errors.fieldsInvalid')
  }
  return { code, domainCode, message, fieldErrors, serverMessage: error.message, data }
}

const bilingual = /^(.*[\u3400-\u9fff].*?)\s*\(([^()]*[A-Za-z][^()]*)\)\s*$/s

/**
 * The part of a server message written for people: messages are "中文 (English)", so the UI shows
 * the half in its locale; a Chinese-only message is shown as is; anything else (English
 * library text like zod defaults) gives null. Never throws.
 */
export function humanPart(message: string | null | undefined, locale = 'zh-TW'): string | null {
  if (!message) return null
  const m = bilingual.exec(message.trim())
  if (m) return locale.startsWith('en') ? m[2]!.trim() : m[1]!.trim()
  return /[\u3400-\u9fff]/.test(message) ? message.trim() : null
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
 * network failure; else the server's human message in the UI's language, else the generic message
 * of the status. Never throws.
 */
export function describeHttpFailure(status: number, serverMessage: string | null | undefined, t: Translate, locale: string): string {
  if (status === 0) return t('errors.network')
  const human = humanPart(serverMessage, locale)
  if (human) return human
  const code = httpStatusCodes[status]
  return code ? t(`errors.code.${code}`) : t('errors.unknown')
}
