import { z } from 'zod'

/** The largest value a PostgreSQL `integer` column holds (2³¹ − 1). */
export const MAX_INT4 = 2_147_483_647

/**
 * A row id or a version as the columns store them (`integer`): a whole number from 1 to 2³¹ − 1.
 * Every id and `expectedVersion` a client sends goes through this one schema, so a value past the
 * column's range is a 400 naming the field, never the database's "out of range" as a 500; an id in
 * range that matches no row is the usual NOT_FOUND.
 */
export const rowId = z.number().int().min(1).max(MAX_INT4)

/** The same range for ids that arrive as text (URL path and query parameters, multipart fields). */
export const rowIdFromText = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'must be a whole number from 1 to 2147483647')
  .transform(Number)
  .pipe(rowId)
