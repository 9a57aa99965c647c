import { ref, type Ref } from 'vue'
import type { AppError } from '../../api/errors'
import { useDescribeError } from '../../composables/use-describe-error'

/** Element ids the entry form moves focus to. */
export interface EntryFocusIds {
  /** The first field of row `i` (focused when a row is added or must be fixed). */
  first: (i: number) => string
  /** The "add a row" button (focused when a row is removed). */
  add: string
}

/** What `submit` needs from a panel: its checks, its precondition and its server call. */
export interface EntrySubmit<R> {
  /** A message when row `i` lacks a required field, else null. */
  check: (row: R, i: number) => string | null
  /** The row whose figures the domain refuses, else null. */
  invalidRow?: () => number | null
  /** Why saving is impossible now: a message to show, '' to stop silently, null to go on. */
  blocked?: () => string | null
  /** Sends the rows; resolves to the success message. */
  send: (rows: readonly R[]) => Promise<string>
  /** Start again from one blank row once saved (default true). */
  resetAfter?: boolean
}

/**
 * The rows of an indicator entry form and its save cycle, shared by the survey, phone and petition
 * panels: add/remove rows (focus follows), per-row required-field messages, focus on the first row
 * to fix, the busy flag, the success message (for a `role="status"` line) and the server's refusal
 * through the app's one error mapping. Never throws.
 * @example const entry = useEntryRows(newPetitionRow, { first: (i) => `petition-received-${i}`, add: 'petition-add' })
 */
export function useEntryRows<R>(
  blank: () => R,
  ids: EntryFocusIds,
  options: { next?: (rows: readonly R[]) => R; describeError?: (e: unknown) => AppError } = {},
) {
  const describeError = options.describeError ?? useDescribeError()
  const rows = ref([blank()]) as Ref<R[]>
  const saving = ref(false)
  const saveError = ref<string | null>(null)
  const saved = ref<string | null>(null)
  const rowErrors = ref<Record<number, string>>({})

  const focus = (id: string) => document.getElementById(id)?.focus()

  /** Adds a row (blank, or what `options.next` makes of the rows so far) and focuses it. */
  function add(): void {
    rows.value.push(options.next ? options.next(rows.value) : blank())
    requestAnimationFrame(() => focus(ids.first(rows.value.length - 1)))
  }

  function remove(i: number): void {
    rows.value.splice(i, 1)
    if (rows.value.length === 0) rows.value.push(blank())
    focus(ids.add)
  }

  /** Checks the rows, then sends them. Resolves to true when the server saved them. */
  async function submit(options: EntrySubmit<R>): Promise<boolean> {
    saved.value = null
    saveError.value = null
    const errors: Record<number, string> = {}
    rows.value.forEach((row, i) => {
      const message = options.check(row, i)
      if (message) errors[i] = message
    })
    rowErrors.value = errors
    const bad = [...Object.keys(errors).map(Number), options.invalidRow?.() ?? null].filter((i): i is number => i !== null)
    if (bad.length > 0) {
      focus(ids.first(Math.min(...bad)))
      return false
    }
    const blocked = options.blocked?.() ?? null
    if (blocked !== null) {
      if (blocked) saveError.value = blocked
      return false
    }
    saving.value = true
    try {
      saved.value = await options.send(rows.value)
      if (options.resetAfter !== false) rows.value = [blank()]
      return true
    } catch (e) {
      saveError.value = describeError(e).message
      return false
    } finally {
      saving.value = false
    }
  }

  return { rows, saving, saveError, saved, rowErrors, add, remove, submit }
}
