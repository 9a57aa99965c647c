import type { ErrorCode } from '@leap/domain'

/** A database refusal turned into what the client is told: the status, the field and the rule. */
export interface ConstraintRefusal {
  /** 400 for a value the column cannot take; 409 for a clash with other rows (duplicate, still referenced). */
  status: 400 | 409
  trpcCode: 'BAD_REQUEST' | 'CONFLICT'
  /** The refusal code the admin words (see @leap/domain ERROR_CODES). */
  code: ErrorCode
  /** The input field concerned, camelCase as the client sent it (`branchId`), when the database names it. */
  field: string | null
  /** Which rule: the SQLSTATE's meaning, e.g. `foreign_key`, `unique`, `check:<constraint>`. */
  rule: string
  /** Chinese first, then English, naming the field and the rule. */
  message: string
}

interface PgErrorShape {
  code: string
  message: string
  detail?: string
  column?: string
  constraint?: string
  table?: string
}

/** PostgreSQL (pg) and PGlite errors carry the SQLSTATE in `code` and their severity beside it. */
function asPgError(error: unknown): PgErrorShape | null {
  if (!(error instanceof Error)) return null
  const e = error as Error & Partial<PgErrorShape> & { severity?: unknown }
  return typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && e.severity !== undefined ? (e as PgErrorShape) : null
}

/** The PostgreSQL error behind `error`, following `cause` (a TRPCError wraps what the procedure threw). */
function findPgError(error: unknown): PgErrorShape | null {
  let current: unknown = error
  for (let i = 0; i < 5 && current; i++) {
    const pg = asPgError(current)
    if (pg) return pg
    current = (current as { cause?: unknown }).cause
  }
  return null
}

const camel = (column: string) => column.trim().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/** The columns of a detail like `Key (round_id, branch_id)=(1, 2) already exists.`, camelCased. */
function keyColumns(detail: string | undefined): string | null {
  const match = /^Key \(([^)]*)\)=/.exec(detail ?? '')
  return match ? match[1]!.split(',').map(camel).join(', ') : null
}

/** `app_user_branch_pair_check` on `app_user` → `branchPair`; `round_half_check` → `half`. */
function checkField(constraint: string | undefined, table: string | undefined): string | null {
  if (!constraint) return null
  let name = constraint
  if (table && name.startsWith(`${table}_`)) name = name.slice(table.length + 1)
  name = name.replace(/_(check|key|fkey)$/, '')
  return name ? camel(name) : null
}

const named = (field: string | null, zh: string, en: string) => (field ? `${field}：${zh} (${field}: ${en})` : `${zh} (${en})`)

/**
 * Maps a database constraint violation (anywhere in `error`'s cause chain) to the 4xx that names
 * the field and the rule; null for anything else (a real fault stays a 500). The database is the
 * last guard behind each router's own checks: when one of those is missing, the client still
 * learns which field was wrong instead of a 500 with the database's wording.
 *
 * - 23503 a reference to a row that does not exist → 400 naming the field (a delete of a row still
 *   referenced → 409)
 * - 23505 duplicate → 409 DUPLICATE naming the key's columns
 * - 23502 missing value, 23514 check, 22xxx a value the column cannot hold (out of range, too
 *   long, not a number or a date) → 400
 *
 * @example describeConstraintError(fkError)?.field // 'branchId'
 */
export function describeConstraintError(error: unknown): ConstraintRefusal | null {
  const pg = findPgError(error)
  if (!pg) return null
  const bad = (code: ErrorCode, field: string | null, rule: string, message: string): ConstraintRefusal => ({ status: 400, trpcCode: 'BAD_REQUEST', code, field, rule, message })
  const clash = (code: ErrorCode, field: string | null, rule: string, message: string): ConstraintRefusal => ({ status: 409, trpcCode: 'CONFLICT', code, field, rule, message })
  switch (pg.code) {
    case '23503': {
      const field = keyColumns(pg.detail)
      if (/still referenced/.test(pg.detail ?? '')) {
        return clash('NOT_ALLOWED', field, 'foreign_key', named(null, '仍有其他資料參照此筆，不能刪除', 'the record is still referenced by other records and cannot be removed'))
      }
      const code: ErrorCode = field === 'branchId' ? 'UNKNOWN_BRANCH' : 'INVALID_INPUT'
      return bad(code, field, 'foreign_key', named(field, '所指的資料不存在', 'refers to a record that does not exist'))
    }
    case '23505': {
      const field = keyColumns(pg.detail)
      return clash('DUPLICATE', field, 'unique', named(field, '已有相同的資料', 'a record with this value already exists'))
    }
    case '23502': {
      const field = pg.column ? camel(pg.column) : null
      return bad('INVALID_INPUT', field, 'not_null', named(field, '必須填寫', 'is required'))
    }
    case '23514': {
      const field = checkField(pg.constraint, pg.table)
      return bad('INVALID_INPUT', field, `check:${pg.constraint ?? 'unknown'}`, named(field, '不符合規則', `breaks the rule ${pg.constraint ?? ''}`.trim()))
    }
    case '23P01':
      return clash('INVALID_INPUT', null, 'exclusion', named(null, '與既有資料衝突', 'conflicts with an existing record'))
    case '22003':
      return bad('INVALID_INPUT', null, 'out_of_range', named(null, '數值超出可儲存的範圍', 'a number is out of the range the database can store'))
    case '22001':
      return bad('INVALID_INPUT', null, 'too_long', named(null, '文字過長', 'a text is longer than the database can store'))
    case '22P02':
    case '22007':
    case '22008':
    case '22023':
    case '22004':
    case '2200D':
    case '22021':
    case '22025':
      return bad('INVALID_INPUT', null, 'invalid_value', named(null, '值的格式不正確', `a value has the wrong form (${pg.code})`))
    default:
      return null
  }
}
