/**
 * Every way a domain rule can refuse. Closed list: the server maps each code to an HTTP/tRPC
 * status in one place, and the admin words each one in its i18n files (zh-TW and English).
 */
export const DOMAIN_ERROR_CODES = [
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
  /** Phone test: the component scores do not add up to the total (params: `sum`, `total`). */
  'PARTS_DO_NOT_ADD_UP',
  /** Petition: a date precedes the date it follows from (params: `field`, `after`). */
  'DATE_BEFORE',
] as const

/** A domain refusal's code (see {@link DOMAIN_ERROR_CODES}). */
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number]

/**
 * Refusals the server makes itself (access, records, versions, limits, transport). Owners of a
 * server module add their code here, once, and word it in the admin's i18n files.
 */
export const SERVER_ERROR_CODES = [
  /** Not signed in, or the session ended. */
  'SIGN_IN_REQUIRED',
  /** Wrong username or password (deliberately the same for both). */
  'SIGN_IN_FAILED',
  /** Too many failed sign-ins (params: `seconds` to wait). */
  'SIGN_IN_THROTTLED',
  /** The current password given to a change was wrong. */
  'PASSWORD_WRONG',
  /** The new password equals the current one. */
  'PASSWORD_UNCHANGED',
  /** An agency viewer tried to change data. */
  'VIEWER_READ_ONLY',
  /** Agency staff (admin or viewer) only. */
  'AGENCY_ONLY',
  /** Agency administrators only. */
  'ADMIN_ONLY',
  /** The caller's role may not do this here (params: `action` may name what). */
  'NOT_ALLOWED',
  /** The record does not exist or is outside the caller's scope (same answer on purpose). */
  'NOT_FOUND',
  /** The row changed since it was read (params: `current`, the row as it is now; `what`). */
  'VERSION_CONFLICT',
  /** An imported row was exported before its last change (params: `row`, `id`, `currentVersion`). */
  'STALE_ROW',
  /** An imported or referenced row is not one the caller may change (params: `row`, `id`). */
  'UNKNOWN_ROW',
  /** A unique value already exists (params: `field`). */
  'DUPLICATE',
  /** Input failed its schema: see `fieldErrors` (path + rule) beside it. */
  'INVALID_INPUT',
  /** A correction names no field to change (params: `fields`, the ones it may change). */
  'NOTHING_TO_CHANGE',
  /** Text the database would refuse or alter (params: `path`). */
  'TEXT_NOT_STORABLE',
  /** A branch user needs a branch (params: `field`). */
  'BRANCH_REQUIRED',
  /** No such branch, or not one the caller may use (params: `code` or `branchId`). */
  'UNKNOWN_BRANCH',
  /** The branch has no such unit (params: `item`, `unit`). */
  'UNKNOWN_UNIT',
  /** An administrator may not remove their own admin role. */
  'SELF_DEMOTION',
  /** An administrator may not deactivate their own account. */
  'SELF_DEACTIVATION',
  /** The change would leave no active agency administrator (params: `field`). */
  'LAST_ADMIN',
  /** The one-time password was right: the user must choose a new password to sign in. */
  'PASSWORD_CHANGE_REQUIRED',
  /** The round is closed. */
  'ROUND_CLOSED',
  /** A date outside the round's half-year (params: `start`, `end`). */
  'DATE_OUTSIDE_ROUND',
  /** The next round must exist first (params: `rocYear`, `half`). */
  'NEXT_ROUND_MISSING',
  /**
   * A committee roster breaks a rule (params: `rule` — `oneConvener` with `count`, `memberRequired`,
   * `oneSecretary`, `oneSeatPerPerson`, `inactiveUser`, `branchAccount`).
   */
  'ROSTER_INVALID',
  /** A round cannot close while inspections are not signed (params: `branches`, their names). */
  'ROUND_UNFINISHED',
  /** Scoring has started: the inspection can no longer be moved or cancelled. */
  'INSPECTION_STARTED',
  /** A criterion that lost no points on this sheet (nothing to remediate or plan). */
  'NOT_A_DEDUCTION',
  /** The inspection is not signed yet. */
  'INSPECTION_NOT_SIGNED',
  /** An item is not tracked in this round (params: `itemId`). */
  'ITEM_NOT_IN_ROUND',
  /** Evidence files not uploaded for this item, or already attached (params: `ids`). */
  'EVIDENCE_NOT_ATTACHABLE',
  /** Sections a report does not have (params: `sections`). */
  'UNKNOWN_SECTIONS',
  /** An uploaded file is empty. */
  'FILE_EMPTY',
  /** An uploaded file or request is over the limit (params: `maxMb`). */
  'FILE_TOO_LARGE',
  /** An uploaded file is not of an accepted type (params: `ext`, `detected`). */
  'FILE_TYPE_NOT_ALLOWED',
  /** The extension does not match the content (params: `ext`, `detected`). */
  'FILE_TYPE_MISMATCH',
  /** The CSRF token is missing or wrong: reload the page. */
  'CSRF_FAILED',
  /** The stored data cannot fill the document. */
  'DOCUMENT_DATA_INCOMPLETE',
  /** The server has no Kai font for the printed documents (params: `path`): the operator installs one. */
  'DOCUMENT_FONT_MISSING',
  /** The database cannot be reached for the moment: retry. */
  'DATABASE_UNAVAILABLE',
  /** Anything else: a fault of the server. */
  'INTERNAL_ERROR',
] as const

/** A server refusal's code (see {@link SERVER_ERROR_CODES}). */
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number]

/** The one list of refusal codes: the domain's and the server's. The admin words each one. */
export const ERROR_CODES = [...DOMAIN_ERROR_CODES, ...SERVER_ERROR_CODES] as const

/** Any refusal's code. */
export type ErrorCode = (typeof ERROR_CODES)[number]

/** What a refusal says beside its code, for the wording (limits, the field, the current row…). */
export type ErrorParams = Record<string, unknown>

const errorCodeSet: ReadonlySet<string> = new Set(ERROR_CODES)

/** Whether `value` is one of {@link ERROR_CODES} (e.g. a code read off the wire). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && errorCodeSet.has(value)
}

/**
 * One problem, with the path of the field it concerns (e.g. `['dimensions', 0, 'criteria', 2, 'maxPoints']`).
 * `message` is English for logs; `code` and `params`, when given, say which rule for the wording
 * (otherwise the error's own code applies).
 */
export interface DomainIssue {
  path: (string | number)[]
  message: string
  code?: ErrorCode
  params?: ErrorParams
}

/**
 * The only error the domain throws on purpose. `issues` names each offending field; `params`
 * carries what the wording needs (limits, values). `message` is for logs, not for people.
 */
export class DomainError extends Error {
  readonly code: DomainErrorCode
  readonly issues: DomainIssue[]
  readonly params: ErrorParams

  constructor(code: DomainErrorCode, message: string, issues: DomainIssue[] = [], params: ErrorParams = {}) {
    super(message)
    this.name = 'DomainError'
    this.code = code
    this.issues = issues
    this.params = params
  }
}

/** Type guard that also works across package copies (checks the shape, not the prototype). */
export function isDomainError(error: unknown): error is DomainError {
  return (
    error instanceof DomainError ||
    (error instanceof Error && error.name === 'DomainError' && typeof (error as { code?: unknown }).code === 'string')
  )
}
