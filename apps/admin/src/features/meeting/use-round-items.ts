import { ref, shallowRef } from 'vue'
import type { AppError } from '../../api/errors'
import { api, type Output } from '../../api/trpc'
import type { LoadStatus } from './use-meeting-list'

export type RoundItem = Output<typeof api.remediation.list.query>['items'][number]

/** The server's largest page of remediation.list. */
const PAGE_SIZE = 100
/** A round has 13 branches with a few dozen items at most; stop well beyond that. */
const MAX_PAGES = 20

/**
 * Every tracked item of a round the user may see (all pages of `remediation.list`), for choosing
 * what a meeting reports. A newer `load` wins over an older one.
 */
export function useRoundItems(describe: (error: unknown) => AppError) {
  const status = ref<LoadStatus>('idle')
  const items = shallowRef<RoundItem[]>([])
  const error = ref<AppError | null>(null)
  let latest = 0

  async function load(roundId: number): Promise<void> {
    const ticket = ++latest
    status.value = 'loading'
    error.value = null
    try {
      const all: RoundItem[] = []
      for (let page = 1; page <= MAX_PAGES; page++) {
        const result = await api.remediation.list.query({ roundId, page, pageSize: PAGE_SIZE })
        if (ticket !== latest) return
        all.push(...result.items)
        if (all.length >= result.total || result.items.length === 0) break
      }
      items.value = all
      status.value = 'ready'
    } catch (e) {
      if (ticket !== latest) return
      error.value = describe(e)
      status.value = 'error'
    }
  }

  return { status, items, error, load }
}
