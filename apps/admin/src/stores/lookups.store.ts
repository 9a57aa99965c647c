import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api, type Output } from '../api/trpc'

export type BranchOption = Output<typeof api.branch.list.query>[number]
export type RoundOption = Output<typeof api.round.list.query>[number]

/**
 * Branches and rounds for filters and labels, loaded once per session and shared by the board,
 * the branch portal, the dashboard and the indicator page. Errors propagate to the caller.
 */
export const useLookupsStore = defineStore('lookups', () => {
  const branches = ref<BranchOption[]>([])
  const rounds = ref<RoundOption[]>([])
  let pending: Promise<void> | null = null
  const loaded = ref(false)

  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= Promise.all([api.branch.list.query(), api.round.list.query()])
      .then(([b, r]) => {
        branches.value = b
        rounds.value = r
        loaded.value = true
      })
      .finally(() => {
        pending = null
      })
    return pending
  }

  /** Forgets what was loaded (after sign-out, or to see a round created meanwhile). */
  function reset(): void {
    branches.value = []
    rounds.value = []
    loaded.value = false
  }

  return { branches, rounds, loaded, ensureLoaded, reset }
})
