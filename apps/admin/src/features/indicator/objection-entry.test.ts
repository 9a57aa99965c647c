import { describe, expect, it } from 'vitest'
import { newObjectionRow, objectionFigures, objectionIssue, objectionRecord } from './objection-entry'

const row = (over: Partial<ReturnType<typeof newObjectionRow>>) => ({ ...newObjectionRow(), ...over })

describe('objection entry rows', () => {
  it('sends an undecided finding as null and a trimmed subject', () => {
    expect(objectionRecord(row({ receivedOn: '2025-03-01', subject: '  扣押 ' }))).toEqual({
      receivedOn: '2025-03-01',
      finding: null,
      correctedOn: null,
      forwardedOn: null,
      decidedOn: null,
      subject: '扣押',
    })
  })

  it('names the field and the rule the domain refuses', () => {
    expect(objectionIssue(row({ receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-02-28' }))).toEqual({ field: 'forwardedOn', rule: 'order' })
    expect(objectionIssue(row({ receivedOn: '2025-03-01', finding: 'unfounded', correctedOn: '2025-03-02' }))).toEqual({ field: 'correctedOn', rule: 'notForFinding' })
    expect(objectionIssue(row({ receivedOn: '2025-03-01', forwardedOn: '2025-03-02' }))).toEqual({ field: 'finding', rule: 'needsFinding' })
    expect(objectionIssue(row({ receivedOn: '2025-03-01', finding: 'unfounded', decidedOn: '2025-03-20' }))).toEqual({ field: 'decidedOn', rule: 'needsForward' })
    expect(objectionIssue(row({ receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-03-11' }))).toBeNull()
    // No date received yet: that is the required-field check's message, not a rule.
    expect(objectionIssue(row({ forwardedOn: '2025-03-11' }))).toBeNull()
  })

  it('counts the typed rows as the domain does (day received = day 0), and gives no figures while a row is refused', () => {
    const rows = [row({ receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-03-11' }), row({ receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-03-12' }), row({})]
    expect(objectionFigures(rows, '2025-04-30')).toMatchObject({ total: 2, forwarded: 2, forwardedOnTime: 1, forwardedOnTimeShare: 50 })
    expect(objectionFigures([row({ receivedOn: '2025-03-01', finding: 'wellFounded', forwardedOn: '2025-03-02' })], '2025-04-30')).toBeNull()
  })
})
