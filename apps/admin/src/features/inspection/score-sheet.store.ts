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

function draftOf(score: StoredScore | undefined | null): DraftScore | null {
  if (!score) return null
  return { tierId: score.tierId, notApplicable: score.notApplicable, finding: score.finding ?? '' }
}

/**
 * The current row a CONFLICT carries in `data.current` (see the server's errorFormatter), when it is
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
 * (through @leap/domain) and autosaves each criterion — a tier or "not applicable" at once, a
 * finding after a pause in typing. Saves of one criterion never overlap; a newer change waits for
 * the one in flight. A CONFLICT (the row changed elsewhere) keeps both values until the user
 * chooses. `describe` turns failures into messages (the view passes its translator in).
 */
export const useScoreSheetStore = defineStore('score-sheet', () => {
  const sheet = ref<SheetView | null>(null)
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle')
  const loadError = ref<unknown>(null)
  const drafts = ref(new Map<string, DraftScore>())
  const saves = ref<Record<string, CriterionSave>>({})
  let describe: (e: unknown) => AppError = (e) => ({ code: 'UNKNOWN', domainCode: null, message: String(e), fieldErrors: {}, serverMessage: null, data: null })
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  const inFlight = new Set<string>()

  const catalogue = computed<Catalogue | null>(() => sheet.value?.catalogue.catalogue ?? null)
  const editable = computed(() => {
    const s = sheet.value
    return !!s && s.inspection.status === 'scoring' && !s.recused && (s.myRole === 'member' || s.myRole === 'convener')
  })
  const live = computed(() => (catalogue.value ? computeLiveTotals(catalogue.value, drafts.value) : null))
  const unsaved = computed(() => Object.values(saves.value).filter((s) => s.state !== 'saved' && s.state !== 'idle').length)
  const busy = computed(() => Object.values(saves.value).some((s) => s.state === 'saving' || s.state === 'pending'))

  function setDescriber(fn: (e: unknown) => AppError): void {
    describe = fn
  }

  async function load(inspectionId: number): Promise<void> {
    status.value = 'loading'
    loadError.value = null
    try {
      const view = await api.inspection.byId.query({ id: inspectionId })
      sheet.value = view
      const map = new Map<string, DraftScore>()
      const states: Record<string, CriterionSave> = {}
      for (const score of view.myScores) {
        map.set(score.criterionCode, draftOf(score)!)
        states[score.criterionCode] = { state: 'saved', version: score.version, error: null, theirs: null, savedAt: null }
      }
      drafts.value = map
      saves.value = states
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

  /** Picks a rubric tier (and clears "not applicable"); saved at once. */
  function pickTier(code: string, tierId: string): void {
    update(code, { tierId, notApplicable: false }, 0)
  }

  /** Marks or unmarks the criterion not applicable; saved at once. */
  function setNotApplicable(code: string, notApplicable: boolean): void {
    update(code, notApplicable ? { notApplicable: true, tierId: null } : { notApplicable: false }, 0)
  }

  /** Edits the finding; saved after a pause in typing (or at once with `flush`). */
  function setFinding(code: string, finding: string): void {
    update(code, { finding }, FINDING_SAVE_DELAY_MS)
  }

  /** Saves a criterion's pending change now (e.g. when its finding loses focus). */
  function flush(code: string): void {
    if (timers.has(code)) schedule(code, 0)
  }

  function schedule(code: string, delay: number): void {
    const save = saveOf(code)
    if (save.state === 'conflict') return
    const draft = drafts.value.get(code)
    if (!draft || (!draft.tierId && !draft.notApplicable)) return
    clearTimeout(timers.get(code))
    if (catalogue.value && isDeduction(catalogue.value, code, draft) && !draft.finding.trim()) {
      // The server refuses a deduction without a finding: wait for it rather than send a sure failure.
      timers.delete(code)
      save.state = 'invalid'
      return
    }
    save.state = 'pending'
    timers.set(
      code,
      setTimeout(() => {
        timers.delete(code)
        void send(code)
      }, delay),
    )
  }

  async function send(code: string): Promise<void> {
    const s = sheet.value
    const draft = drafts.value.get(code)
    if (!s || !draft) return
    // One save per criterion at a time: the one in flight re-sends the newer draft when it returns.
    if (inFlight.has(code)) return
    const save = saveOf(code)
    inFlight.add(code)
    save.state = 'saving'
    save.error = null
    let changedMeanwhile = false
    try {
      const row = await api.inspection.score.save.mutate({
        inspectionId: s.inspection.id,
        criterionCode: code,
        ...(draft.notApplicable ? { notApplicable: true } : { tierId: draft.tierId ?? undefined }),
        finding: draft.finding,
        expectedVersion: save.version,
      })
      save.version = row.version
      save.savedAt = new Date()
      // The user may have changed the criterion while this save was on its way.
      changedMeanwhile = drafts.value.get(code) !== draft
      save.state = changedMeanwhile ? 'pending' : 'saved'
    } catch (e) {
      const error = describe(e)
      if (error.code === 'CONFLICT') {
        // The server sends the row it holds now beside the CONFLICT; re-read only if it did not.
        let current: StoredScore | null | undefined = currentRowOf(error.data, code)
        if (current === undefined) {
          const mine = await api.inspection.score.mine.query({ inspectionId: s.inspection.id }).catch(() => null)
          current = mine?.find((r) => r.criterionCode === code) ?? null
        }
        save.theirs = { draft: draftOf(current), version: current?.version ?? 0 }
        save.state = 'conflict'
      } else {
        save.state = 'error'
        save.error = error.message
      }
    } finally {
      inFlight.delete(code)
    }
    // A newer change: its own timer sends it, or (none pending) it is re-checked and sent now.
    if (changedMeanwhile && !timers.has(code)) schedule(code, 0)
  }

  /** Conflict: save our value over the server's (now knowingly, against its current version). */
  async function keepMine(code: string): Promise<void> {
    const save = saveOf(code)
    if (!save.theirs) return
    save.version = save.theirs.version
    save.theirs = null
    save.state = 'pending'
    await send(code)
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
    setDescriber,
    load,
    pickTier,
    setNotApplicable,
    setFinding,
    flush,
    keepMine,
    takeTheirs,
    retry,
  }
})
