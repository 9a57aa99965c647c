import { ref, shallowRef, type Ref } from 'vue'
import type { AppError } from '../../api/errors'

/** A stored row that can be corrected or deleted: its id and the version it was read at. */
export interface VersionedRow {
  id: number
  version: number
}

/** Which saved rows to list: one branch, a closed period of ISO dates. */
export interface SavedRowsQuery {
  branchId: number
  from: string
  to: string
}

/** The server calls behind a list of saved rows; without `correct` rows can only be deleted. */
export interface SavedRowsTransport<R extends VersionedRow, C> {
  list: (query: SavedRowsQuery) => Promise<R[]>
  correct?: (input: { id: number; expectedVersion: number } & C) => Promise<R>
  remove: (input: { id: number; expectedVersion: number }) => Promise<unknown>
}

/** What the last action came to, for the panel's status line. */
export type SavedRowsOutcome<R> = { kind: 'corrected'; row: R } | { kind: 'deleted'; row: R } | { kind: 'gone' }

/**
 * The current row a CONFLICT carries (`params.current`, see the server's versionConflict), when it is a
 * row with the same id and a numeric version; undefined otherwise. Never throws.
 */
export function currentOf<R extends VersionedRow>(data: Record<string, unknown> | null, id: number): R | undefined {
  const current = data?.current
  if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined
  const row = current as Partial<VersionedRow>
  return row.id === id && typeof row.version === 'number' ? (current as R) : undefined
}

/**
 * Saved rows of one kind (phone tests, petitions, survey tallies) with one row at a time being corrected or
 * deleted. A stale write (CONFLICT) puts the server's current row in the list and in `conflict`,
 * keeps the user's correction, and arms the next save against the current version; a row that is
 * gone (NOT_FOUND) leaves the list. Refusals come through the app's error mapping (`describeError`),
 * with field errors kept by field for the editor. Never throws.
 */
export function useSavedRows<R extends VersionedRow, C>(transport: SavedRowsTransport<R, C>, describeError: (e: unknown) => AppError) {
  const rows = ref([]) as Ref<R[]>
  const status = ref<'idle' | 'loading' | 'error' | 'ready'>('idle')
  const loadError = ref<string | null>(null)
  const editingId = ref<number | null>(null)
  const confirmingId = ref<number | null>(null)
  const busy = ref(false)
  const actionError = ref<string | null>(null)
  const fieldErrors = ref<Record<string, string>>({})
  const conflict = shallowRef<R | null>(null)
  const outcome = shallowRef<SavedRowsOutcome<R> | null>(null)
  let loads = 0
  let lastQuery: SavedRowsQuery | null = null

  /** Lists the rows of `query` (default: the last one asked for); a later load wins. */
  async function load(query: SavedRowsQuery | null = lastQuery): Promise<void> {
    if (!query) return
    const refresh = lastQuery !== null && lastQuery.branchId === query.branchId && lastQuery.from === query.from && lastQuery.to === query.to
    lastQuery = query
    const mine = (loads += 1)
    // A refresh keeps the list on screen (and the buttons focus returns to); another branch or
    // period must not show the old rows meanwhile.
    if (!refresh || status.value !== 'ready') {
      status.value = 'loading'
      cancel()
    }
    loadError.value = null
    try {
      const list = await transport.list(query)
      if (mine !== loads) return
      rows.value = list
      status.value = 'ready'
    } catch (e) {
      if (mine !== loads) return
      loadError.value = describeError(e).message
      status.value = 'error'
    }
  }

  function clearAction(): void {
    actionError.value = null
    fieldErrors.value = {}
    conflict.value = null
  }

  function startEdit(row: R): void {
    if (!transport.correct) return
    clearAction()
    outcome.value = null
    confirmingId.value = null
    editingId.value = row.id
  }

  function askDelete(row: R): void {
    clearAction()
    outcome.value = null
    editingId.value = null
    confirmingId.value = row.id
  }

  function cancel(): void {
    clearAction()
    editingId.value = null
    confirmingId.value = null
  }

  /** Handles a refusal of an action on `row`; true when the row is gone. */
  async function refused(e: unknown, row: R): Promise<boolean> {
    const error = describeError(e)
    if (error.code === 'NOT_FOUND') {
      rows.value = rows.value.filter((r) => r.id !== row.id)
      cancel()
      outcome.value = { kind: 'gone' }
      return true
    }
    actionError.value = error.message
    fieldErrors.value = error.fieldErrors
    if (error.code === 'CONFLICT') {
      const current = currentOf<R>(error.params, row.id)
      if (current) {
        rows.value = rows.value.map((r) => (r.id === row.id ? current : r))
        conflict.value = current
      } else {
        await load()
      }
    }
    return false
  }

  /** Runs `send` for the row `id` names (one action at a time); applies `done` when it succeeds. */
  async function act(id: number | null, send: (row: R) => Promise<void>): Promise<boolean> {
    const row = rows.value.find((r) => r.id === id)
    if (!row || busy.value) return false
    busy.value = true
    clearAction()
    try {
      await send(row)
      return true
    } catch (e) {
      await refused(e, row)
      return false
    } finally {
      busy.value = false
    }
  }

  /** Sends the correction of the row being edited, from the version last seen. True when saved. */
  function saveEdit(change: C): Promise<boolean> {
    const correct = transport.correct
    if (!correct) return Promise.resolve(false)
    return act(editingId.value, async (row) => {
      const after = await correct({ ...change, id: row.id, expectedVersion: row.version })
      rows.value = rows.value.map((r) => (r.id === row.id ? after : r))
      editingId.value = null
      outcome.value = { kind: 'corrected', row: after }
      // The correction may move the row (another date) or out of the period.
      void load()
    })
  }

  /** Deletes the row awaiting confirmation, at the version last seen. True when deleted. */
  function confirmDelete(): Promise<boolean> {
    return act(confirmingId.value, async (row) => {
      await transport.remove({ id: row.id, expectedVersion: row.version })
      rows.value = rows.value.filter((r) => r.id !== row.id)
      confirmingId.value = null
      outcome.value = { kind: 'deleted', row }
    })
  }

  return { rows, status, loadError, editingId, confirmingId, busy, actionError, fieldErrors, conflict, outcome, load, startEdit, askDelete, cancel, saveEdit, confirmDelete }
}
