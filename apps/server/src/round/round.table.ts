import type { Generated, Insertable, Selectable } from 'kysely'

export type RoundStatus = 'open' | 'closed'
export type CommitteeRoleColumn = 'convener' | 'member' | 'secretary'

/** `round`: one half year of inspections (ROC year + half), scored against one catalogue version. */
export interface RoundTable {
  id: Generated<number>
  rocYear: number
  half: number
  catalogueId: number
  status: Generated<RoundStatus>
  createdAt: Generated<Date>
}

/** `round_member`: the committee roster of a round. */
export interface RoundMemberTable {
  roundId: number
  userId: number
  role: CommitteeRoleColumn
}

/** `conflict_of_interest`: a member declared they must not score one branch in one round. */
export interface ConflictOfInterestTable {
  id: Generated<number>
  roundId: number
  userId: number
  branchId: number
  reason: string
  declaredAt: Generated<Date>
}

export type RoundRow = Selectable<RoundTable>
export type NewRoundRow = Insertable<RoundTable>
export type RoundMemberRow = Selectable<RoundMemberTable>
export type ConflictOfInterestRow = Selectable<ConflictOfInterestTable>
