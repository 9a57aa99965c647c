import { branchName } from '../../composables/branch-name'
import { formatRoc, formatRocDateTime, formatRound } from '../../composables/use-roc-date'

/** A notification as `notification.list` returns it (only what the wording needs). */
export interface NotificationLike {
  kind: string
  params: Record<string, unknown>
}

type Translate = (key: string, values?: Record<string, unknown>) => string

const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '')

/**
 * The sentence of a notification in the UI language: titles, branch names and ROC dates from its
 * params, never its internal kind or ids. Unknown kinds (from a newer server) read as empty.
 */
export function notificationText(n: NotificationLike, t: Translate, locale: string): string {
  const p = n.params
  const date = (key: string) => notificationDate(str(p[key]), locale)
  const branch = branchName(str(p.branchName), locale)
  const round = typeof p.rocYear === 'number' && typeof p.half === 'number' ? formatRound({ rocYear: p.rocYear, half: p.half }, locale) : ''
  switch (n.kind) {
    case 'itemDueSoon':
    case 'itemOverdue':
      return t(`notification.text.${n.kind}`, { title: str(p.itemTitle), unit: str(p.unitName), date: date('dueDate'), days: str(p.days) })
    case 'itemSubmitted':
    case 'itemClosed':
      return t(`notification.text.${n.kind}`, { title: str(p.itemTitle), branch })
    case 'itemReturned':
      return p.note ? t('notification.text.itemReturned', { title: str(p.itemTitle), note: str(p.note) }) : t('notification.text.itemReturnedNoNote', { title: str(p.itemTitle) })
    case 'sheetUnfinished':
      return t('notification.text.sheetUnfinished', { branch, inspectedOn: date('inspectedOn'), consensusOn: date('consensusOn') })
    case 'meetingScheduled':
      return t('notification.text.meetingScheduled', { title: str(p.meetingTitle), date: date('heldOn'), count: str(p.itemCount) })
    case 'inspectionBelowThreshold':
      return t('notification.text.inspectionBelowThreshold', { branch, round, total: str(p.totalPoints), threshold: str(p.passThreshold) })
    default:
      return ''
  }
}

/** When a notification was made, in Taipei time: `115年12月7日 13:43`, or `ROC 115/12/07 13:43` in English. */
export function notificationTime(value: string | Date, locale: string): string {
  return formatRocDateTime(value, locale)
}

/** A calendar day: `115年12月7日`, or `ROC 115/12/07` in English. */
export function notificationDate(iso: string, locale: string): string {
  return formatRoc(iso, 'long', locale)
}
