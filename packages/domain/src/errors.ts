/**
 * Every way a domain rule can refuse. Closed union: the server maps each code to an HTTP/tRPC
 * status in one place, and the admin turns each into a message in one place.
 */
export type DomainErrorCode =
  | 'INVALID_CATALOGUE'
  | 'UNKNOWN_CRITERION'
  | 'INVALID_SCORE'
  | 'FINDING_REQUIRED'
  | 'MEMBER_RECUSED'
  | 'SHEET_INCOMPLETE'
  | 'SHEET_LOCKED'
  | 'IMPROVEMENT_PLAN_REQUIRED'
  | 'ILLEGAL_TRANSITION'
  | 'ROLE_NOT_ALLOWED'
  | 'REASON_REQUIRED'
  | 'EVIDENCE_REQUIRED'
  | 'INVALID_INDICATOR'
  | 'INVALID_DATE'

/** One problem, with the path of the field it concerns (e.g. `['dimensions', 0, 'criteria', 2, 'maxPoints']`). */
export interface DomainIssue {
  path: (string | number)[]
  message: string
}

/** The only error the domain throws on purpose. `issues` names each offending field. */
export class DomainError extends Error {
  readonly code: DomainErrorCode
  readonly issues: DomainIssue[]

  constructor(code: DomainErrorCode, message: string, issues: DomainIssue[] = []) {
    super(message)
    this.name = 'DomainError'
    this.code = code
    this.issues = issues
  }
}

/** Type guard that also works across package copies (checks the shape, not the prototype). */
export function isDomainError(error: unknown): error is DomainError {
  return (
    error instanceof DomainError ||
    (error instanceof Error && error.name === 'DomainError' && typeof (error as { code?: unknown }).code === 'string')
  )
}
