import type { ErrorCode, ErrorParams } from '@leap/domain'
import type { TRPCError } from '@trpc/server'
import { refuse } from '../trpc/refusal.js'

/**
 * A refusal that names the one input field it concerns: `errorCode` and `params` (with `field`
 * added) for the wording, and the same in `fieldErrors` under `field`, so the admin shows it
 * beside that field. `message` is English, for the log.
 * @example throw fieldRefusal('CONFLICT', 'DUPLICATE', 'username', 'username taken')
 */
export function fieldRefusal(status: TRPCError['code'], errorCode: ErrorCode, field: string, message: string, params: ErrorParams = {}): TRPCError {
  return refuse(status, errorCode, { field, ...params }, message, [{ path: [field] }])
}

/** True for PostgreSQL's unique violation (23505), optionally of one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown }
  if (e.code !== '23505') return false
  return constraint === undefined || e.constraint === constraint || (typeof e.message === 'string' && e.message.includes(constraint))
}
