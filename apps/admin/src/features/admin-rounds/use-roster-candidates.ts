import { ref } from 'vue'
import { api } from '../../api/trpc'

/** A user who may take a committee seat: active and not a branch account. */
export interface RosterCandidate {
  id: number
  displayName: string
  username: string
}

/** The accounts offered for committee seats (the server refuses the others, naming the seat). */
export function useRosterCandidates() {
  const candidates = ref<RosterCandidate[]>([])
  async function loadCandidates(): Promise<void> {
    const users = await api.user.list.query({ active: true })
    candidates.value = users.filter((u) => u.branchRole === null).map((u) => ({ id: u.id, displayName: u.displayName, username: u.username }))
  }
  return { candidates, loadCandidates }
}
