import { describe, expect, it } from 'vitest'
import { newPetitionRow, newSurveyRow, petitionFigures, phoneFigures, surveyFigures, withScale, type PhoneRow } from './indicator-entry'

describe('survey figures as the user types', () => {
  it('reproduces the seeds: 5 levels with invalid forms, 4 levels', () => {
    expect(surveyFigures({ ...newSurveyRow('five'), counts: [112, 50, 3, 0, 0], invalid: 1 })).toMatchObject({ kind: 'satisfaction', valid: 165, rate: 98.18 })
    expect(surveyFigures({ ...newSurveyRow('four'), counts: [80, 23, 1, 2], invalid: 0 })).toMatchObject({ rate: 97.17 })
  })

  it('counts 滿意以上 alone on the three-bucket scale (seed 000)', () => {
    expect(surveyFigures({ ...newSurveyRow('three'), counts: [70, 4, 1], invalid: 0 })).toMatchObject({ rate: 93.33, neutralShare: 5.33 })
  })

  it('shows waiting time in the published and the corrected mode', () => {
    const figures = surveyFigures({ ...newSurveyRow('waitingTime'), counts: [69, 52, 13, 2, 0], invalid: 30 })
    expect(figures).toMatchObject({ kind: 'waitingTime', within15Share: 88.97, averagePublished: 7.9 })
  })

  it('treats an empty field as 0 and names a fractional count instead of throwing', () => {
    expect(surveyFigures({ ...newSurveyRow('five'), counts: ['', 1, 0, 0, 0], invalid: '' })).toMatchObject({ rate: 100 })
    expect(surveyFigures({ ...newSurveyRow('five'), counts: [1, 2.5, 0, 0, 0], invalid: 0 })).toEqual({ kind: 'invalid', issue: { field: 'counts.1', kind: 'count' } })
  })

  it('has no rate without a valid answer', () => {
    expect(surveyFigures(newSurveyRow('four'))).toMatchObject({ valid: 0, rate: null })
  })

  it('keeps the counts that still fit when the scale changes', () => {
    const row = withScale({ ...newSurveyRow('five'), counts: [5, 4, 3, 2, 1] }, 'three')
    expect(row.counts).toEqual([5, 4, 3])
    expect(withScale(row, 'waitingTime')).toMatchObject({ counts: [5, 4, 3, 0, 0], indicator: 'within15MinutesShare' })
  })
})

describe('phone tests', () => {
  const row = (total: number | ''): PhoneRow => ({ testedOn: '2025-03-05', person: 'A', total })

  it('averages half up and bands the result (seed 002: 18 persons → 92.17 優)', () => {
    expect(phoneFigures([...Array(15).fill(row(92)), row(93), row(93), row(93)])).toEqual({ count: 18, average: 92.17, band: '優' })
  })

  it('skips empty rows and names the row of an impossible score', () => {
    expect(phoneFigures([row(''), row(80)])).toMatchObject({ count: 1, band: '甲' })
    expect(phoneFigures([row(''), row(90), row(120)])).toMatchObject({ row: 2, issue: { kind: 'score' } })
  })
})

describe('petitions', () => {
  it('counts day 6 as on time and leaves open petitions out of the share', () => {
    const rows = [
      { ...newPetitionRow(), receivedOn: '2025-03-01', closedOn: '2025-03-07' },
      { ...newPetitionRow(), receivedOn: '2025-03-01', closedOn: '2025-03-08' },
      { ...newPetitionRow(), receivedOn: '2025-03-02', closedOn: null },
      newPetitionRow(),
    ]
    expect(petitionFigures(rows)).toMatchObject({ total: 3, closed: 2, onTime: 1, late: 1, onTimeShare: 50, open: 1 })
  })

  it('names the row closed before it was received', () => {
    const rows = [newPetitionRow(), { ...newPetitionRow(), receivedOn: '2025-03-05', closedOn: '2025-03-01' }]
    expect(petitionFigures(rows)).toEqual({ row: 1, issue: { field: '0.closedOn', kind: 'order' } })
  })
})
