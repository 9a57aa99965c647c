import { describe, expect, it } from 'vitest'
import type { DomainError } from '../errors.js'
import { DEFAULT_ATTITUDE_CONFIG, attitudeAssessment, type AttitudeAssessmentConfig } from './attitude-assessment.js'

describe('attitudeAssessment', () => {
  it('starts from 75 and adds the four components', () => {
    expect(attitudeAssessment({})).toMatchObject({ raw: 75, score: 75, clamped: false })
    const r = attitudeAssessment({ survey: 5, phone: 2.5, complaints: -3, supervisor: 0.5 })
    expect(r.score).toBe(80)
    expect(r.adjustments).toEqual({ survey: 5, phone: 2.5, complaints: -3, supervisor: 0.5 })
  })

  it('adds decimals exactly: 75 + 0.1 + 0.2 = 75.3', () => {
    expect(attitudeAssessment({ survey: 0.1, phone: 0.2 }).score).toBe(75.3)
  })

  it('clamps to 0–100 with a configuration that allows large adjustments', () => {
    const wide: AttitudeAssessmentConfig = {
      base: 75,
      components: {
        survey: { label: '問卷訪查', min: -50, max: 50 },
        phone: { label: '電話禮貌', min: -50, max: 50 },
        complaints: { label: '民眾抱怨', min: -50, max: 0 },
        supervisor: { label: '主管考評', min: -50, max: 50 },
      },
    }
    expect(attitudeAssessment({ survey: 20, phone: 10 }, wide)).toMatchObject({ raw: 105, score: 100, clamped: true })
    expect(attitudeAssessment({ complaints: -50, supervisor: -40 }, wide)).toMatchObject({ raw: -15, score: 0, clamped: true })
  })

  it.each([
    [{ complaints: 1 }, ['adjustments', 'complaints']],
    [{ survey: 10.5 }, ['adjustments', 'survey']],
    [{ phone: Number.NaN }, ['adjustments', 'phone']],
    [{ punctuality: 1 } as never, ['adjustments', 'punctuality']],
  ])('refuses %o outside the configured range', (adjustments, path) => {
    try {
      attitudeAssessment(adjustments)
      expect.unreachable()
    } catch (error) {
      expect((error as DomainError).code).toBe('INVALID_INDICATOR')
      expect((error as DomainError).issues[0]!.path).toEqual(path)
    }
  })

  it('refuses a configuration whose min exceeds its max', () => {
    const bad = { ...DEFAULT_ATTITUDE_CONFIG, components: { ...DEFAULT_ATTITUDE_CONFIG.components, phone: { label: '電話禮貌', min: 5, max: -5 } } }
    expect(() => attitudeAssessment({}, bad)).toThrow(/config\.components\.phone/)
  })
})
