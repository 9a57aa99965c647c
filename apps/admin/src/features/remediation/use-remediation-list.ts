import { computed, ref, shallowRef } from 'vue'
import type { AppError } from '../../api/errors'
import { api, type Output } from '../../api/trpc'
import { filtersToListInput, type RemediationFilters } from './remediation-filters'

export type RemediationListItem = Output<typeof api.remediation.list.query>['items'][number]
export type LoadStatus = 'idle' | 'loading' | 'error' | 'ready'

/** A unit of a branch as the filter offers it. */
export interface UnitOption {
  id: number
  name: string
}

/** Distinct units of `items`, in name order (the server has no unit list; items carry their unit). */
export function unitsOf(items: readonly Pick<RemediationListItem, 'unitId' | 'unitName'>[]): UnitOption[] {
  const byId = new Map<number, string>()
  for (const item of items) byId.set(item.unitId, item.unitName)
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-Hant'))
}

/**
 * One page of remediation items for a set of filters. A newer `load` wins over a slower older
 * one (responses out of order never show stale rows). `describe` turns a failure into the message
 * shown (pass `useDescribeError()`).
 */
export function useRemediationList(describe: (error: unknown) => AppError, pageSize = 20) {
  const status = ref<LoadStatus>('idle')
  const items = shallowRef<RemediationListItem[]>([])
  const total = ref(0)
  const page = ref(1)
  const error = ref<AppError | null>(null)
  let latest = 0

  const pages = computed(() => Math.max(1, Math.ceil(total.value / pageSize)))

  async function load(filters: RemediationFilters): Promise<void> {
    const ticket = ++latest
    status.value = 'loading'
    error.value = null
    try {
      const result = await api.remediation.list.query(filtersToListInput(filters, pageSize))
      if (ticket !== latest) return
      items.value = result.items
      total.value = result.total
      page.value = result.page
      status.value = 'ready'
    } catch (e) {
      if (ticket !== latest) return
      error.value = describe(e)
      status.value = 'error'
    }
  }

  /** Replaces items the server returned after an action (same ids), keeping the page as it is. */
  function replace(updated: readonly Pick<RemediationListItem, 'id'>[]): void {
    const byId = new Map(updated.map((u) => [u.id, u]))
    items.value = items.value.map((i) => ({ ...i, ...(byId.get(i.id) ?? {}) }))
  }

  return { status, items, total, page, pages, pageSize, error, load, replace }
}

/**
 * A branch's units for the unit filter, from the branch's unit list (`unit.list`, retired units
 * included: items keep the unit they had). Never throws: on failure the list is empty and the
 * filter shows no choices.
 */
export async function loadBranchUnits(branchId: number): Promise<UnitOption[]> {
  try {
    const units = await api.unit.list.query({ branchId, includeRetired: true })
    return units.map((u) => ({ id: u.id, name: u.name }))
  } catch {
    return []
  }
}
