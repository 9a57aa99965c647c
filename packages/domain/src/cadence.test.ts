import { describe, expect, it } from 'vitest'
import { cadenceGaps } from './cadence.js'

describe('cadenceGaps (seeds 003/004: meetings each half year, phone tests and attitude monthly, surveys quarterly)', () => {
  it('names each missed month as the documents print it, and leaves the month not yet over pending', () => {
    const result = cadenceGaps({ from: '2025-07-01', to: '2025-12-31', asOf: '2025-11-15', phoneTests: ['2025-07-10', '2025-08-01', '2025-11-02'] })
    expect(result.slots.map((s) => `${s.label}:${s.status}`)).toEqual([
      '114年7月:done',
      '114年8月:done',
      '114年9月:missed',
      '114年10月:missed',
      '114年11月:done',
      '114年12月:pending',
    ])
    expect(result.gaps.map((g) => g.message)).toEqual(['114年9月 未辦理電話禮貌測試', '114年10月 未辦理電話禮貌測試'])
  })

  it('counts a survey for every quarter its field period touches, and a meeting for its half year', () => {
    const result = cadenceGaps({
      from: '2025-01-01',
      to: '2025-12-31',
      asOf: '2026-01-05',
      surveys: [{ start: '2025-03-20', end: '2025-04-10' }],
      meetings: ['2025-05-01'],
    })
    expect(result.gaps.map((g) => g.message)).toEqual(['114年第3季 未辦理為民服務意見調查', '114年下半年 未召開服務躍升任務編組會議', '114年第4季 未辦理為民服務意見調查'])
  })

  it('checks only the kinds given, and clips slots to the period', () => {
    const result = cadenceGaps({ from: '2025-02-10', to: '2025-03-05', asOf: '2025-04-01', attitudeAssessments: [] })
    expect(result.slots).toEqual([
      { kind: 'attitudeAssessment', start: '2025-02-10', end: '2025-02-28', label: '114年2月', status: 'missed', message: '114年2月 未辦理執行態度考核' },
      { kind: 'attitudeAssessment', start: '2025-03-01', end: '2025-03-05', label: '114年3月', status: 'missed', message: '114年3月 未辦理執行態度考核' },
    ])
  })

  it('refuses a period that runs backwards or a malformed date, naming the field', () => {
    expect(() => cadenceGaps({ from: '2025-03-01', to: '2025-02-01', asOf: '2025-03-01' })).toThrow(/^to/)
    expect(() => cadenceGaps({ from: '2025-01-01', to: '2025-02-01', asOf: '2025-03-01', phoneTests: ['2025-13-01'] })).toThrow(/phoneTest\.0/)
  })
})
