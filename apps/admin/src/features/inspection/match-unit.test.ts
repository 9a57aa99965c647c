import { describe, expect, it } from 'vitest'
import { matchUnit } from './match-unit'

const units = [
  { id: 1, name: '執行一科' },
  { id: 2, name: '執行二科' },
  { id: 3, name: '秘書室' },
]

describe('matchUnit', () => {
  it('prefers the exact name', () => {
    expect(matchUnit('秘書室', units)?.id).toBe(3)
  })

  it('falls back to the first numbered variant of a catalogue unit', () => {
    expect(matchUnit('執行科', units)?.id).toBe(1)
  })

  it('gives null rather than a wrong guess', () => {
    expect(matchUnit('會計室', units)).toBeNull()
    expect(matchUnit('室', units)).toBeNull()
  })
})
