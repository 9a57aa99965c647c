import type { RemediationAction } from '@leap/domain'
import { computed, ref, shallowRef } from 'vue'
import type { AppError } from '../../api/errors'
import { api, type Output } from '../../api/trpc'
import type { LoadStatus } from './use-remediation-list'

export type RemediationDetail = Output<typeof api.remediation.byId.query>

/** What an action sends besides the item and its version. */
export interface ActionPayload {
  note?: string
  evidenceIds?: number[]
}

/** Sends one lifecycle action to its procedure (each is its own mutation on the server). */
function send(action: RemediationAction, input: { id: number; expectedVersion: number; note?: string; evidenceIds?: number[] }) {
  const { id, expectedVersion } = input
  const note = input.note?.trim() ? { note: input.note.trim() } : {}
  const evidence = input.evidenceIds?.length ? { evidenceIds: input.evidenceIds } : {}
  switch (action) {
    case 'start':
      return api.remediation.start.mutate({ id, expectedVersion })
    case 'postProgress':
      return api.remediation.postProgress.mutate({ id, expectedVersion, ...note, ...evidence })
    case 'submit':
      return api.remediation.submit.mutate({ id, expectedVersion, ...note, ...evidence })
    case 'verify':
      return api.remediation.verify.mutate({ id, expectedVersion, ...note })
    case 'return':
      return api.remediation.return.mutate({ id, expectedVersion, note: input.note ?? '' })
    case 'cancel':
      return api.remediation.cancel.mutate({ id, expectedVersion, note: input.note ?? '' })
    case 'reopen':
      return api.remediation.reopen.mutate({ id, expectedVersion, note: input.note ?? '' })
  }
}

/**
 * One remediation item with its timeline and evidence, and the actions on it. `act` carries the
 * version the user saw; when someone else changed the item meanwhile (CONFLICT) the item is
 * reloaded, `conflict` is set and the error is rethrown for the form to show.
 */
export function useRemediationItem(describe: (error: unknown) => AppError) {
  const status = ref<LoadStatus>('idle')
  const item = shallowRef<RemediationDetail | null>(null)
  const error = ref<AppError | null>(null)
  const conflict = ref(false)
  /** True when the item does not exist or is outside the user's scope (the server does not say which). */
  const notFound = computed(() => error.value?.code === 'NOT_FOUND')
  let currentId = 0

  async function load(id: number): Promise<void> {
    currentId = id
    status.value = 'loading'
    error.value = null
    try {
      const loaded = await api.remediation.byId.query({ id })
      if (id !== currentId) return
      item.value = loaded
      status.value = 'ready'
    } catch (e) {
      if (id !== currentId) return
      item.value = null
      error.value = describe(e)
      status.value = 'error'
    }
  }

  /** Runs `action`, then reloads the item (timeline and allowed actions change). Rethrows the described error. */
  async function act(action: RemediationAction, payload: ActionPayload = {}): Promise<void> {
    const current = item.value
    if (!current) return
    conflict.value = false
    try {
      await send(action, { id: current.id, expectedVersion: current.version, ...payload })
    } catch (e) {
      const described = describe(e)
      if (described.code === 'CONFLICT') {
        conflict.value = true
        await load(current.id)
      }
      throw described
    }
    await load(current.id)
  }

  return { status, item, error, notFound, conflict, load, act }
}
