import { DomainError } from '../errors.js'
import { toHundredths } from '../hundredths.js'
import { describeValue, requireRecord } from '../input.js'
import { isIsoDate } from '../roc-calendar.js'
import { invalidIndicator } from './validate.js'

/**
 * The phone-test rule "the parts add up to the total": when a test has component scores, their
 * sum (in hundredths, so 33.3 + 33.3 + 33.4 is exactly 100) must equal its total. A test without
 * components passes. `field` names the field to blame (`total` for a new test or a corrected
 * total, `components` when only the components changed).
 *
 * @throws DomainError `PARTS_DO_NOT_ADD_UP` naming `field`, params `sum` and `total` (points).
 * @example assertPartsAddUp({ a: 40, b: 50 }, 95) // throws: sum 90, total 95
 */
export function assertPartsAddUp(components: Readonly<Record<string, number>>, total: number, field: (string | number)[] = ['total']): void {
  requireRecord(components, 'components', 'INVALID_INDICATOR')
  if (typeof total !== 'number' || !Number.isFinite(total)) throw invalidIndicator('total', `must be a number, got ${describeValue(total)}`)
  Object.entries(components).forEach(([key, p]) => {
    if (typeof p !== 'number' || !Number.isFinite(p)) throw invalidIndicator(['components', key], `must be a number, got ${describeValue(p)}`)
  })
  const parts = Object.values(components)
  if (parts.length === 0) return
  const sum = parts.reduce((acc, p) => acc + toHundredths(p), 0)
  if (sum === toHundredths(total)) return
  throw new DomainError(
    'PARTS_DO_NOT_ADD_UP',
    `components add up to ${sum / 100}, not ${total}`,
    [{ path: field, message: `components add up to ${sum / 100}, not ${total}`, code: 'PARTS_DO_NOT_ADD_UP', params: { sum: sum / 100, total } }],
    { sum: sum / 100, total },
  )
}

/**
 * The petition date rule: a petition is not closed before it was received (ISO dates compare as
 * text). An open petition (`closedOn` null) passes. `field` names the field to blame.
 *
 * @throws DomainError `DATE_BEFORE` naming `field`, params `date` (closedOn) and `after` (receivedOn).
 * @example assertClosedAfterReceived('2025-03-05', '2025-03-04') // throws
 */
export function assertClosedAfterReceived(receivedOn: string, closedOn: string | null, field: (string | number)[] = ['closedOn']): void {
  if (!isIsoDate(receivedOn)) throw invalidIndicator('receivedOn', `must be a YYYY-MM-DD date, got ${describeValue(receivedOn)}`)
  if (closedOn !== null && !isIsoDate(closedOn)) throw invalidIndicator('closedOn', `must be a YYYY-MM-DD date or null, got ${describeValue(closedOn)}`)
  if (closedOn === null || closedOn >= receivedOn) return
  const params = { date: closedOn, after: receivedOn }
  throw new DomainError('DATE_BEFORE', `closed on ${closedOn}, before it was received on ${receivedOn}`, [
    { path: field, message: `closed on ${closedOn}, before it was received on ${receivedOn}`, code: 'DATE_BEFORE', params },
  ], params)
}
