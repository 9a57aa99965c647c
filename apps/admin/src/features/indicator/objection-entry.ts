import { DomainError, objectionDeadlines, objectionTimeliness, type ObjectionFinding, type ObjectionTimeliness } from '@leap/domain'

/** One objection (聲明異議) being typed; `finding` '' while the branch has not decided. */
export interface ObjectionRow {
  receivedOn: string | null
  finding: ObjectionFinding | ''
  correctedOn: string | null
  forwardedOn: string | null
  decidedOn: string | null
  subject: string
}

export const newObjectionRow = (): ObjectionRow => ({ receivedOn: null, finding: '', correctedOn: null, forwardedOn: null, decidedOn: null, subject: '' })

/** The record the server and the domain take: steps that do not fit the finding are dropped only if empty. */
export function objectionRecord(r: ObjectionRow) {
  return {
    receivedOn: r.receivedOn!,
    finding: r.finding === '' ? null : r.finding,
    correctedOn: r.correctedOn,
    forwardedOn: r.forwardedOn,
    decidedOn: r.decidedOn,
    subject: r.subject.trim(),
  }
}

/** Which field of a row the domain refuses, and the kind of rule (for the message). */
export interface ObjectionIssue {
  field: 'receivedOn' | 'finding' | 'correctedOn' | 'forwardedOn' | 'decidedOn'
  rule: 'order' | 'notForFinding' | 'needsFinding' | 'needsForward'
}

/**
 * The domain's verdict on one row, as a field and a rule the screen words; null when the row is
 * fine (or has no date received yet — that is the required-field check's job).
 */
export function objectionIssue(r: ObjectionRow): ObjectionIssue | null {
  if (!r.receivedOn) return null
  try {
    objectionDeadlines(objectionRecord(r))
    return null
  } catch (e) {
    if (!(e instanceof DomainError)) throw e
    const path = e.issues?.[0]?.path ?? []
    const field = (path[path.length - 1] ?? 'receivedOn') as ObjectionIssue['field']
    const message = e.issues?.[0]?.message ?? ''
    const rule: ObjectionIssue['rule'] = message.includes(' is before ')
      ? 'order'
      : field === 'finding'
        ? 'needsFinding'
        : field === 'decidedOn'
          ? 'needsForward'
          : 'notForFinding'
    return { field, rule }
  }
}

/** The figures of the rows typed so far (rows without a date received are left out); null while a row is refused. */
export function objectionFigures(rows: readonly ObjectionRow[], asOf: string): ObjectionTimeliness | null {
  const complete = rows.filter((r) => r.receivedOn)
  if (complete.some((r) => objectionIssue(r) !== null)) return null
  return objectionTimeliness(complete.map(objectionRecord), { asOf })
}
