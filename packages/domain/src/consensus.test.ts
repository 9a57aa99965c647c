import { describe, expect, it } from 'vitest'
import { SERVICE_LEAP_V2 } from './catalogues/service-leap-v2.js'
import { proposeConsensus, type MemberSheet } from './consensus.js'
import { DomainError } from './errors.js'
import type { ScoreEntry } from './score-entry.js'

const CRITERIA = SERVICE_LEAP_V2.dimensions.flatMap((d) => d.criteria)

/** A member sheet with full marks except the given entries (code → fields). */
function member(memberId: string, overrides: Record<string, Partial<ScoreEntry>> = {}): MemberSheet {
  return { memberId, entries: CRITERIA.map((c) => ({ criterionCode: c.code, ...(overrides[c.code] ?? { tierId: 'A' }) })) }
}

/** Members who give `sop-and-forms` (max 50; tiers 50/40/25/10/0) the given points. */
function onSop(...points: number[]): MemberSheet[] {
  return points.map((p, i) => member(`m${i + 1}`, { 'sop-and-forms': p === 50 ? { points: p } : { points: p, finding: `委員${i + 1}：流程圖缺漏` } }))
}

function domainError(fn: () => unknown): DomainError {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
  throw new Error('expected a DomainError')
}

describe('proposeConsensus', () => {
  const cases: [string, number[], number | undefined, { points: number; spread: number; flagged: boolean }][] = [
    ['7 members: the median', [50, 50, 40, 40, 40, 25, 10], undefined, { points: 40, spread: 40, flagged: true }],
    ['one outlier cannot move the proposal', [50, 50, 50, 50, 50, 50, 0], undefined, { points: 50, spread: 50, flagged: true }],
    ['an even split keeps the deduction (lower median)', [50, 50, 40, 40], undefined, { points: 40, spread: 10, flagged: false }],
    ['spread exactly 20 % of the maximum is not flagged', [50, 40, 40], undefined, { points: 40, spread: 10, flagged: false }],
    ['spread above 20 % is flagged', [50, 40, 25], undefined, { points: 40, spread: 25, flagged: true }],
    ['a looser spread share does not flag it', [50, 40, 25], 0.5, { points: 40, spread: 25, flagged: false }],
    ['a single member', [25], undefined, { points: 25, spread: 0, flagged: false }],
  ]

  it.each(cases)('%s', (_name, points, spreadShare, expected) => {
    const proposal = proposeConsensus(SERVICE_LEAP_V2, { sheets: onSop(...points), spreadShare })
    expect(proposal.criteria[0]).toMatchObject({ criterionCode: 'sop-and-forms', scoredBy: points.length, ...expected })
    expect(proposal.flaggedCriteria).toEqual(expected.flagged ? ['sop-and-forms'] : [])
    expect(proposal.result.total).toBe(1000 - (50 - expected.points))
  })

  it('drafts a valid consensus sheet whose deductions carry the members\' findings as remediation candidates', () => {
    const proposal = proposeConsensus(SERVICE_LEAP_V2, { sheets: onSop(50, 40, 40, 25, 50, 40, 10) })
    expect(proposal.sheet[0]).toEqual({
      criterionCode: 'sop-and-forms',
      tierId: 'B',
      points: 40,
      finding: '委員2：流程圖缺漏；委員3：流程圖缺漏；委員4：流程圖缺漏；委員6：流程圖缺漏；委員7：流程圖缺漏',
    })
    expect(proposal.criteria[0]?.findings.map((f) => f.memberId)).toEqual(['m2', 'm3', 'm4', 'm6', 'm7'])
    expect(proposal.result.remediationCandidates).toEqual([
      expect.objectContaining({ criterionCode: 'sop-and-forms', unit: '秘書室', points: 40, deduction: 10 }),
    ])
    expect(proposal.result.complete).toBe(true)
  })

  it('merges identical findings once', () => {
    const sheets = ['a', 'b', 'c'].map((id) => member(id, { website: { tierId: 'B', finding: '無障礙標章過期' } }))
    expect(proposeConsensus(SERVICE_LEAP_V2, { sheets }).sheet[4]).toMatchObject({ criterionCode: 'website', finding: '無障礙標章過期' })
  })

  it('proposes not applicable only on a strict majority, and flags a split', () => {
    const na = { notApplicable: true }
    const four = [na, na, na, na, { tierId: 'A' }, { tierId: 'A' }, { tierId: 'A' }]
    const three = [na, na, na, { tierId: 'A' }, { tierId: 'A' }, { tierId: 'A' }, { tierId: 'A' }]
    const sheetsOf = (choices: Partial<ScoreEntry>[]) => choices.map((c, i) => member(`m${i}`, { 'petitions-within-6-days': c }))

    const majority = proposeConsensus(SERVICE_LEAP_V2, { sheets: sheetsOf(four) })
    expect(majority.criteria[1]).toMatchObject({ notApplicable: true, notApplicableBy: 4, scoredBy: 3, tierId: null, flagged: true })
    expect(majority.result.notApplicableCriteria).toEqual(['petitions-within-6-days'])
    expect(majority.result.applicableMaxPoints).toBe(950)

    const minority = proposeConsensus(SERVICE_LEAP_V2, { sheets: sheetsOf(three) })
    expect(minority.criteria[1]).toMatchObject({ notApplicable: false, tierId: 'A', points: 50, flagged: true })
  })

  it('leaves a criterion nobody scored out of the draft, so the result is incomplete', () => {
    const partial: MemberSheet = { memberId: 'm1', entries: member('m1').entries.filter((e) => e.criterionCode !== 'website') }
    const proposal = proposeConsensus(SERVICE_LEAP_V2, { sheets: [partial] })
    expect(proposal.criteria[4]).toMatchObject({ criterionCode: 'website', scoredBy: 0, tierId: null, points: null, spread: null })
    expect(proposal.result.complete).toBe(false)
    expect(proposal.result.missingCriteria).toEqual(['website'])
  })

  it('refuses the sheet of a recused member', () => {
    const error = domainError(() =>
      proposeConsensus(SERVICE_LEAP_V2, { sheets: [member('m1'), member('m2'), member('m3')], recusedMemberIds: ['m2'] }),
    )
    expect(error.code).toBe('MEMBER_RECUSED')
    expect(error.issues.map((i) => i.path)).toEqual([['sheets', 1, 'memberId']])
  })

  it('is unaffected by recusals of members who sent no sheet', () => {
    const proposal = proposeConsensus(SERVICE_LEAP_V2, { sheets: onSop(50, 10), recusedMemberIds: ['m9'] })
    expect(proposal.criteria[0]).toMatchObject({ scoredBy: 2, points: 10 })
  })

  const refusals: [string, () => unknown, string, (string | number)[]][] = [
    ['a member deduction without a finding', () => proposeConsensus(SERVICE_LEAP_V2, { sheets: [member('m1'), member('m2', { website: { tierId: 'C' } })] }), 'FINDING_REQUIRED', ['sheets', 1, 'entries', 4, 'finding']],
    ['two sheets from one member', () => proposeConsensus(SERVICE_LEAP_V2, { sheets: [member('m1'), member('m1')] }), 'INVALID_SCORE', ['sheets', 1, 'memberId']],
    ['a spread share above 1', () => proposeConsensus(SERVICE_LEAP_V2, { sheets: [member('m1')], spreadShare: 1.5 }), 'INVALID_SCORE', ['spreadShare']],
    ['an unknown criterion', () => proposeConsensus(SERVICE_LEAP_V2, { sheets: [{ memberId: 'm1', entries: [{ criterionCode: 'x', tierId: 'A' }] }] }), 'UNKNOWN_CRITERION', ['sheets', 0, 'entries', 0, 'criterionCode']],
  ]

  it.each(refusals)('refuses %s', (_name, run, code, path) => {
    const error = domainError(run)
    expect(error.code).toBe(code)
    expect(error.issues.map((i) => i.path)).toEqual([path])
  })
})
