import type { Catalogue } from '@leap/domain'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AppError } from '../../api/errors'
import { api, type Output } from '../../api/trpc'
import { computeLiveTotals, type DraftScore } from './score-sheet-totals'

export type SheetView = Output<typeof api.inspection.byId.query>
type StoredScore = SheetView['myScores'][number]

/** Where one criterion's autosave stands. `invalid`: a deduction still waiting for its finding. */
export type SaveState = 'idle' | 'invalid' | 'pending' | 'saving' | 'saved' | 'error' | 'conflict'

export interface CriterionSave {
  state: SaveState
  /** Version of the row on the server as last seen (0 = no row yet). */
  version: number
  /** Message of the last failure (state `error`). */
  error: string | null
  /** On CONFLICT: what the server holds now, to keep ours over it or take it. */
  theirs: { draft: DraftScore | null; version: number } | null
  savedAt: Date | null
}

/** Delay after the last keystroke in a finding before it is saved. */
export const FINDING_SAVE_DELAY_MS = 800

/**
 * Changes made within this window of each other go to the server in one `saveMany` call: a fast
 * typist scoring with number keys sends a handful of requests per sheet, not one per criterion.
 */
export const BATCH_WINDOW_MS = 400

/** However fast the changes keep coming, the oldest waits no longer than this before it is sent. */
export const BATCH_MAX_WAIT_MS = 2000

/** A member's 完成評分 mark as the server returns it. */
export type SheetCompletion = Output<typeof api.inspection.completion.list.query>[number]

function draftOf(score: StoredScore | undefined | null): DraftScore | null {
  if (!score) return null
  return { tierId: score.tierId, notApplicable: score.notApplicable, finding: score.finding ?? '' }
}

/**
 * The current row a CONFLICT carries in `params.current` (VERSION_CONFLICT, see the server's refusal.ts), when it is
 * this criterion's score; `undefined` when the error has none usable (then the client re-reads).
 */
export function currentRowOf(data: Record<string, unknown> | null, code: string): StoredScore | undefined {
  const row = data?.current
  if (!row || typeof row !== 'object') return undefined
  const r = row as Partial<StoredScore>
  if (r.criterionCode !== code || typeof r.version !== 'number' || typeof r.notApplicable !== 'boolean') return undefined
  if (r.tierId !== null && typeof r.tierId !== 'string') return undefined
  return row as StoredScore
}

/**
 * The stale rows a batch's CONFLICT carries in `params.current` (an array, see `saveMany`), when every
 * one of them is a usable row; null when the client must re-read instead.
 */
export function currentRowsOf(data: Record<string, unknown> | null): StoredScore[] | null {
  const rows = data?.current
  if (!Array.isArray(rows) || rows.length === 0) return null
  const out: StoredScore[] = []
  for (const row of rows) {
    const code = (row as { criterionCode?: unknown } | null)?.criterionCode
    const usable = typeof code === 'string' ? currentRowOf({ current: row }, code) : undefined
    if (!usable) return null
    out.push(usable)
  }
  return out
}

function isDeduction(catalogue: Catalogue, code: string, draft: DraftScore): boolean {
  if (draft.notApplicable || !draft.tierId) return false
  for (const d of catalogue.dimensions) {
    const c = d.criteria.find((x) => x.code === code)
    if (c) return (c.tiers.find((t) => t.id === draft.tierId)?.points ?? c.maxPoints) < c.maxPoints
  }
  return false
}

/**
 * A committee member's own score sheet: loads it, keeps the picks, recomputes the totals at once
 * (through @leap/domain) and autosaves — changes made within BATCH_WINDOW_MS of each other (a
 * finding after a pause in typing) are sent together in one `inspection.score.saveMany` call, each
 * criterion with the version it was edited from. One batch is in flight at a time; what changes
 * meanwhile waits for the next. A CONFLICT (some row changed elsewhere) is resolved per criterion:
 * the stale ones keep both values until the user chooses, the others are sent again. `flushAll`
 * sends what is pending now and waits (the view calls it before leaving). The member's 完成評分
 * mark is loaded and set here too. `describe` turns failures into messages (the view passes its
 * translator in).
 */
export const useScoreSheetStore = defineStore('score-sheet', () => {
  const sheet = ref<SheetView | null>(null)
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle')
  const loadError = ref<unknown>(null)
  const drafts = ref(new Map<string, DraftScore>())
  const saves = ref<Record<string, CriterionSave>>({})
  const completion = ref<SheetCompletion | null>(null)
  const completionBusy = ref(false)
  const completionError = ref<string | null>(null)
  let describe: (e: unknown) => AppError = (e) => ({ code: 'UNKNOWN', errorCode: null, params: {}, message: String(e), fieldErrors: {}, serverMessage: null, data: null })
  /** Criteria changed since their last save, waiting for the batch timer. */
  const dirty = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | null = null
  let firstDirtyAt: number | null = null
  let inFlight: Promise<void> | null = null
  /** Number of batches sent since load (the e2e suite and the store test read it). */
  const batchesSent = ref(0)

  const catalogue = computed<Catalogue | null>(() => sheet.value?.catalogue.catalogue ?? null)
  const editable = computed(() => {
    const s = sheet.value
    return !!s && s.inspection.status === 'scoring' && !s.recused && (s.myRole === 'member' || s.myRole === 'convener')
  })
  const live = computed(() => (catalogue.value ? computeLiveTotals(catalogue.value, drafts.value) : null))
  const unsaved = computed(() => Object.values(saves.value).filter((s) => s.state !== 'saved' && s.state !== 'idle').length)
  const busy = computed(() => Object.values(saves.value).some((s) => s.state === 'saving' || s.state === 'pending'))
  /** Criterion codes in sheet order. */
  const order = computed(() => catalogue.value?.dimensions.flatMap((d) => d.criteria.map((c) => c.code)) ?? [])
  const scoredCount = computed(() => order.value.filter((code) => isScored(drafts.value.get(code))).length)
  const complete = computed(() => order.value.length > 0 && scoredCount.value === order.value.length)

  function setDescriber(fn: (e: unknown) => AppError): void {
    describe = fn
  }

  async function load(inspectionId: number, memberId?: number): Promise<void> {
    status.value = 'loading'
    loadError.value = null
    dirty.clear()
    if (timer) clearTimeout(timer)
    timer = null
    firstDirtyAt = null
    try {
      const [view, marks] = await Promise.all([
        api.inspection.byId.query({ id: inspectionId }),
        // The 完成評分 mark is a convenience: failing to read it never keeps the sheet from opening.
        (async () => api.inspection.completion.list.query({ inspectionId }))().catch(() => [] as SheetCompletion[]),
      ])
      sheet.value = view
      const map = new Map<string, DraftScore>()
      const states: Record<string, CriterionSave> = {}
      for (const score of view.myScores) {
        map.set(score.criterionCode, draftOf(score)!)
        states[score.criterionCode] = { state: 'saved', version: score.version, error: null, theirs: null, savedAt: null }
      }
      drafts.value = map
      saves.value = states
      completion.value = marks.find((m) => memberId === undefined || m.memberId === memberId) ?? null
      completionError.value = null
      status.value = 'ready'
    } catch (e) {
      loadError.value = e
      status.value = 'error'
    }
  }

  function saveOf(code: string): CriterionSave {
    saves.value[code] ??= { state: 'idle', version: 0, error: null, theirs: null, savedAt: null }
    return saves.value[code]
  }

  function update(code: string, change: Partial<DraftScore>, delay: number): void {
    if (!editable.value) return
    const before = drafts.value.get(code) ?? { tierId: null, notApplicable: false, finding: '' }
    const next = { ...before, ...change }
    // A new Map so the live totals (a computed on `drafts`) recompute at once.
    drafts.value = new Map(drafts.value).set(code, next)
    schedule(code, delay)
  }

  /** Picks a rubric tier (and clears "not applicable"); saved with the next batch. */
  function pickTier(code: string, tierId: string): void {
    update(code, { tierId, notApplicable: false }, BATCH_WINDOW_MS)
  }

  /** Marks or unmarks the criterion not applicable; saved with the next batch. */
  function setNotApplicable(code: string, notApplicable: boolean): void {
    update(code, notApplicable ? { notApplicable: true, tierId: null } : { notApplicable: false }, BATCH_WINDOW_MS)
  }

  /** Edits the finding; saved after a pause in typing (or at once with `flush`). */
  function setFinding(code: string, finding: string): void {
    update(code, { finding }, FINDING_SAVE_DELAY_MS)
  }

  /** Sends the pending batch now if `code` is in it (e.g. when its finding loses focus). */
  function flush(code: string): void {
    if (dirty.has(code)) arm(0)
  }

  function schedule(code: string, delay: number): void {
    const save = saveOf(code)
    if (save.state === 'conflict') return
    const draft = drafts.value.get(code)
    if (!draft || (!draft.tierId && !draft.notApplicable)) return
    if (catalogue.value && isDeduction(catalogue.value, code, draft) && !draft.finding.trim()) {
      // The server refuses a deduction without a finding: wait for it rather than send a sure failure.
      dirty.delete(code)
      save.state = 'invalid'
      return
    }
    save.state = 'pending'
    dirty.add(code)
    arm(delay)
  }

  /** Puts a criterion back for the next batch, checked again like a fresh change. */
  function requeue(code: string): void {
    const save = saveOf(code)
    if (save.state === 'saving') save.state = 'pending'
    schedule(code, BATCH_WINDOW_MS)
  }

  /** (Re)starts the batch timer: `delay` after the latest change, but never past the max wait. */
  function arm(delay: number): void {
    const now = Date.now()
    firstDirtyAt ??= now
    const wait = Math.max(0, Math.min(delay, firstDirtyAt + BATCH_MAX_WAIT_MS - now))
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void sendBatch()
    }, wait)
  }

  async function sendBatch(): Promise<void> {
    // One batch at a time: the one in flight arms the next when it returns.
    if (inFlight) return
    const s = sheet.value
    if (!s || dirty.size === 0) return
    const codes = [...dirty].filter((code) => saveOf(code).state !== 'conflict')
    dirty.clear()
    firstDirtyAt = null
    if (codes.length === 0) return
    const sent = new Map(codes.map((code) => [code, drafts.value.get(code)!]))
    for (const code of codes) {
      const save = saveOf(code)
      save.state = 'saving'
      save.error = null
    }
    batchesSent.value++
    inFlight = (async () => {
      try {
        const rows = await api.inspection.score.saveMany.mutate({
          inspectionId: s.inspection.id,
          entries: codes.map((code) => {
            const draft = sent.get(code)!
            return {
              criterionCode: code,
              ...(draft.notApplicable ? { notApplicable: true } : { tierId: draft.tierId ?? undefined }),
              finding: draft.finding,
              expectedVersion: saveOf(code).version,
            }
          }),
        })
        const savedAt = new Date()
        for (const row of rows) {
          const save = saveOf(row.criterionCode)
          save.version = row.version
          save.savedAt = savedAt
          save.state = 'saved'
          // Changed while its save was on its way: checked and sent again.
          if (drafts.value.get(row.criterionCode) !== sent.get(row.criterionCode)) requeue(row.criterionCode)
        }
      } catch (e) {
        await settleFailure(s.inspection.id, codes, describe(e))
      }
    })()
    try {
      await inFlight
    } finally {
      inFlight = null
    }
    if (dirty.size > 0 && !timer) arm(0)
  }

  /**
   * A refused batch: on CONFLICT the server's rows are read once and compared with the versions we
   * sent — a changed row becomes that criterion's conflict, the others go back into the next
   * batch. A refusal naming entries (`entries.3.finding`) fails those criteria only. Anything else
   * fails the whole batch, each criterion offering a retry.
   */
  async function settleFailure(inspectionId: number, codes: string[], error: AppError): Promise<void> {
    if (error.code === 'CONFLICT') {
      // The server sends the stale rows beside the CONFLICT; re-read only when it could not name
      // them all (a row missing on the server comes back as null, without its criterion).
      const sentRows = currentRowsOf(error.params)
      const mine = sentRows ?? (await api.inspection.score.mine.query({ inspectionId }).catch(() => null))
      const current = new Map((mine ?? []).map((r) => [r.criterionCode, r]))
      for (const code of codes) {
        const save = saveOf(code)
        const row = current.get(code) ?? null
        if (sentRows && !row) {
          // Not among the stale rows: it was refused only with the others; send it again.
          requeue(code)
        } else if (mine === null) {
          save.state = 'error'
          save.error = error.message
        } else if ((row?.version ?? 0) !== save.version) {
          save.theirs = { draft: draftOf(row), version: row?.version ?? 0 }
          save.state = 'conflict'
        } else {
          requeue(code)
        }
      }
      return
    }
    const named = new Map<string, string>()
    for (const [path, message] of Object.entries(error.fieldErrors)) {
      const m = /^entries\.(\d+)(?:\.|$)/.exec(path)
      const code = m ? codes[Number(m[1])] : undefined
      if (code && !named.has(code)) named.set(code, message)
    }
    for (const code of codes) {
      const save = saveOf(code)
      if (named.size > 0 && !named.has(code)) {
        requeue(code)
      } else {
        save.state = 'error'
        save.error = named.get(code) ?? error.message
      }
    }
  }

  /**
   * Sends everything pending now and waits for it (before leaving the page). Resolves true when
   * nothing is left unsaved (conflicts, refusals and deductions without a finding count as unsaved).
   */
  async function flushAll(): Promise<boolean> {
    for (let round = 0; round < 5; round++) {
      if (timer) {
        clearTimeout(timer)
        timer = null
      }
      if (inFlight) await inFlight
      if (dirty.size === 0) break
      await sendBatch()
    }
    return unsaved.value === 0
  }

  /** Conflict: save our value over the server's (now knowingly, against its current version). */
  async function keepMine(code: string): Promise<void> {
    const save = saveOf(code)
    if (!save.theirs) return
    save.version = save.theirs.version
    save.theirs = null
    save.state = 'pending'
    dirty.add(code)
    arm(0)
  }

  /** Conflict: take the server's value and drop ours. */
  function takeTheirs(code: string): void {
    const save = saveOf(code)
    if (!save.theirs) return
    const next = new Map(drafts.value)
    if (save.theirs.draft) next.set(code, save.theirs.draft)
    else next.delete(code)
    drafts.value = next
    save.version = save.theirs.version
    save.theirs = null
    save.state = save.version > 0 ? 'saved' : 'idle'
  }

  /** Retries a failed save. */
  function retry(code: string): void {
    schedule(code, 0)
  }

  /**
   * Marks the sheet 完成評分 (or takes the mark back): everything pending is saved first; the
   * server refuses an incomplete sheet. Resolves true on success; the failure is in `completionError`.
   */
  async function setCompleted(done: boolean): Promise<boolean> {
    const s = sheet.value
    if (!s) return false
    completionBusy.value = true
    completionError.value = null
    try {
      if (!(await flushAll())) throw new Error('unsaved')
      completion.value = await api.inspection.completion.set.mutate({ inspectionId: s.inspection.id, done })
      return true
    } catch (e) {
      completionError.value = e instanceof Error && e.message === 'unsaved' ? 'unsaved' : describe(e).message
      return false
    } finally {
      completionBusy.value = false
    }
  }

  return {
    sheet,
    status,
    loadError,
    drafts,
    saves,
    catalogue,
    editable,
    live,
    unsaved,
    busy,
    order,
    scoredCount,
    complete,
    completion,
    completionBusy,
    completionError,
    batchesSent,
    setDescriber,
    load,
    pickTier,
    setNotApplicable,
    setFinding,
    flush,
    flushAll,
    keepMine,
    takeTheirs,
    retry,
    setCompleted,
  }
})

/** Whether a draft counts as scored (a tier, or not applicable). */
export function isScored(draft: DraftScore | null | undefined): boolean {
  return !!draft && (!!draft.tierId || draft.notApplicable)
}
