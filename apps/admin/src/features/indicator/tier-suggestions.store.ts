import { roundRange, type Round, type TierSuggestion } from '@leap/domain'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { api } from '../../api/trpc'

/**
 * Tier suggestions from measured indicators, for the score sheet (FOR THE SCORING VIEW — shell
 * helper: call `load(branchId, round)` when the sheet opens, then read `forCriterion(code)` next to
 * each criterion — or simply render `<IndicatorTierHint :criterion-code="code" />` from this folder;
 * a suggestion is only a hint, the committee decides).
 *
 * The figures come from the server's `indicator.summary` for the branch over the round's half year
 * (domain `roundRange`) — the same domain functions the indicator entry page shows as you type.
 * Errors never block scoring: `error` holds the message and there are simply no suggestions.
 */
export const useTierSuggestionsStore = defineStore('tier-suggestions', () => {
  const suggestions = shallowRef<TierSuggestion[]>([])
  const indicators = shallowRef<Record<string, number>>({})
  const status = ref<'idle' | 'loading' | 'error' | 'ready'>('idle')
  const error = ref<unknown>(null)
  const key = ref<string | null>(null)
  let latest = 0

  const byCriterion = computed(() => new Map(suggestions.value.map((s) => [s.criterionCode, s])))

  /** Loads suggestions for a branch in a round (ignored if already loaded for the same pair). */
  async function load(branchId: number, round: Round & { id: number }): Promise<void> {
    const wanted = `${branchId}:${round.id}`
    if (key.value === wanted && status.value === 'ready') return
    const ticket = ++latest
    key.value = wanted
    status.value = 'loading'
    error.value = null
    try {
      const { start, end } = roundRange(round)
      const summary = await api.indicator.summary.query({ branchId, roundId: round.id, from: start, to: end })
      if (ticket !== latest) return
      suggestions.value = summary.tierSuggestions ?? []
      indicators.value = summary.indicators as Record<string, number>
      status.value = 'ready'
    } catch (e) {
      if (ticket !== latest) return
      suggestions.value = []
      indicators.value = {}
      error.value = e
      status.value = 'error'
    }
  }

  /** The suggestion for one criterion, only when a tier was actually suggested. */
  function forCriterion(criterionCode: string): TierSuggestion | null {
    const s = byCriterion.value.get(criterionCode)
    return s && s.status === 'suggested' ? s : null
  }

  /** Forces the next `load` to ask the server again (after new indicator data was saved). */
  function invalidate(): void {
    key.value = null
  }

  return { suggestions, indicators, status, error, byCriterion, load, forCriterion, invalidate }
})
