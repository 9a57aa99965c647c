import { describe, expect, it } from 'vitest'
import { rosterForm, rosterProblems, rosterSeats } from './admin-rounds-roster'

describe('roster form', () => {
  it('round-trips the server roster and sends the convener first and the secretary last', () => {
    const seats = [
      { userId: 3, role: 'member' as const },
      { userId: 9, role: 'secretary' as const },
      { userId: 1, role: 'convener' as const },
      { userId: 4, role: 'member' as const },
    ]
    expect(rosterSeats(rosterForm(seats))).toEqual([
      { userId: 1, role: 'convener' },
      { userId: 3, role: 'member' },
      { userId: 4, role: 'member' },
      { userId: 9, role: 'secretary' },
    ])
  })

  it('names what is missing or doubled before sending', () => {
    expect(rosterProblems({ convenerId: '', memberIds: [], secretaryId: '' })).toEqual({
      convener: 'adminRounds.roster.convenerRequired',
      members: 'adminRounds.roster.memberRequired',
    })
    expect(rosterProblems({ convenerId: 1, memberIds: [1, 2], secretaryId: '' })).toEqual({ convener: 'adminRounds.roster.sameAsConvener' })
    expect(rosterProblems({ convenerId: 1, memberIds: [2], secretaryId: 2 })).toEqual({ secretary: 'adminRounds.roster.rules.oneSeatPerPerson', members: 'adminRounds.roster.memberRequired' })
    expect(rosterProblems({ convenerId: 1, memberIds: [2], secretaryId: 3 })).toEqual({})
  })
})
