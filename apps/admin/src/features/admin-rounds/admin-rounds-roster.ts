/** The roster as the form edits it: one convener, members, an optional secretary. */
export interface RosterForm {
  convenerId: number | ''
  memberIds: number[]
  secretaryId: number | ''
}

export type RosterSeat = { userId: number; role: 'convener' | 'member' | 'secretary' }

/** The form as the server's roster (convener first, then members, then the secretary). */
export function rosterSeats(form: RosterForm): RosterSeat[] {
  const seats: RosterSeat[] = []
  if (form.convenerId !== '') seats.push({ userId: form.convenerId, role: 'convener' })
  for (const id of form.memberIds) seats.push({ userId: id, role: 'member' })
  if (form.secretaryId !== '') seats.push({ userId: form.secretaryId, role: 'secretary' })
  return seats
}

/** A roster from the server as the form. */
export function rosterForm(roster: readonly RosterSeat[]): RosterForm {
  return {
    convenerId: roster.find((s) => s.role === 'convener')?.userId ?? '',
    memberIds: roster.filter((s) => s.role === 'member').map((s) => s.userId),
    secretaryId: roster.find((s) => s.role === 'secretary')?.userId ?? '',
  }
}

/**
 * What the form lacks before it is sent, as message keys by field (`convener`, `members`): the
 * server checks the same rules and names the field too.
 */
export function rosterProblems(form: RosterForm): Partial<Record<'convener' | 'members' | 'secretary', string>> {
  const problems: Partial<Record<'convener' | 'members' | 'secretary', string>> = {}
  if (form.convenerId === '') problems.convener = 'adminRounds.roster.convenerRequired'
  const members = form.memberIds.filter((id) => id !== form.convenerId && id !== form.secretaryId)
  if (members.length === 0) problems.members = 'adminRounds.roster.memberRequired'
  if (form.convenerId !== '' && (form.memberIds.includes(form.convenerId) || form.secretaryId === form.convenerId)) problems.convener = 'adminRounds.roster.sameAsConvener'
  if (form.secretaryId !== '' && form.memberIds.includes(form.secretaryId)) problems.secretary = 'adminRounds.roster.rules.oneSeatPerPerson'
  return problems
}
