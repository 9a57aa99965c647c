import type { Catalogue } from '@leap/domain'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AppError } from '../../api/errors'
import { api, type Output } from '../../api/trpc'
import { computeLiveTotals, type DraftScore } from './score-sheet-totals'
import type { SheetView } from './score-sheet.store'

export type ConsensusView = Output<typeof api.inspection.consensus.view.query>
export type ConsensusCriterion = ConsensusView['criteria'][number]

/** The convener's decision on one criterion, and what it is based on. */
export interface ConsensusDraft extends DraftScore {
  /** Version of the saved consensus row this draft was edited from (0 = none saved). */
  baseVersion: number
  /** Differs from the saved row (or nothing saved yet). */
  dirty: boolean
  /** After a CONFLICT: the row saved meanwhile, until the convener keeps theirs or takes it. */
  theirs: { draft: DraftScore; version: number } | null
}

function same(a: DraftScore, b: DraftScore): boolean {
  return a.tierId === b.tierId && a.notApplicable === b.notApplicable && a.finding.trim() === b.finding.trim()
}

function savedDraft(c: ConsensusCriterion): DraftScore | null {
  if (!c.saved) return null
  return { tierId: c.saved.tierId, notApplicable: c.saved.notApplicable, finding: c.saved.finding ?? '' }
}

/** Starting point of a criterion: the saved consensus, else the domain's proposal with the members' findings. */
function initialDraft(c: ConsensusCriterion): ConsensusDraft {
  const saved = savedDraft(c)
  if (saved) return { ...saved, baseVersion: c.saved!.version, dirty: false, theirs: null }
  const p = c.proposal
  // Members' findings only stand behind a deduction; a full-marks proposal starts without one.
  const deducted = !p?.notApplicable && p?.points !== null && p?.points !== undefined && p.points < c.maxPoints
  return {
    tierId: p?.notApplicable ? null : (p?.tierId ?? null),
    notApplicable: p?.notApplicable ?? false,
    finding: deducted ? membersFindings(c) : '',
    baseVersion: 0,
    dirty: true,
    theirs: null,
  }
}

function membersFindings(c: ConsensusCriterion): string {
  return (c.proposal?.findings ?? []).map((f) => f.text).join('\n')
}

/**
 * The convener's consensus: every member's scores and the domain's proposal per criterion, the
 * convener's decisions (starting from the proposal) with totals recomputed live, saving them in
 * one transaction, signing (which locks the sheet) and closing.
 */
export const useConsensusStore = defineStore('consensus', () => {
  const view = ref<ConsensusView | null>(null)
  const sheet = ref<SheetView | null>(null)
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle')
  const loadError = ref<unknown>(null)
  const drafts = ref<Record<string, ConsensusDraft>>({})
  const saving = ref(false)
  const signing = ref(false)
  const closing = ref(false)
  const actionError = ref<string | null>(null)
  const notice = ref<string | null>(null)
  const fieldErrors = ref<Record<string, string>>({})
  let describe: (e: unknown) => AppError = (e) => ({ code: 'UNKNOWN', errorCode: null, params: {}, message: String(e), fieldErrors: {}, serverMessage: null, data: null })

  const catalogue = computed<Catalogue | null>(() => sheet.value?.catalogue.catalogue ?? null)
  const inspection = computed(() => sheet.value?.inspection ?? null)
  const isConvener = computed(() => sheet.value?.myRole === 'convener')
  const locked = computed(() => inspection.value?.status === 'signed' || inspection.value?.status === 'closed')
  const editable = computed(() => isConvener.value && !sheet.value?.recused && !locked.value && inspection.value?.status !== 'draft')
  const draftMap = computed(() => new Map(Object.entries(drafts.value).map(([code, d]) => [code, { tierId: d.tierId, notApplicable: d.notApplicable, finding: d.finding }])))
  const live = computed(() => (catalogue.value ? computeLiveTotals(catalogue.value, draftMap.value) : null))
  const dirtyCount = computed(() => Object.values(drafts.value).filter((d) => d.dirty && (d.tierId || d.notApplicable)).length)
  const conflictCount = computed(() => Object.values(drafts.value).filter((d) => d.theirs).length)
  const savedComplete = computed(() => view.value?.savedResult?.complete ?? false)
  const missingSaved = computed(() => (view.value?.criteria.length ?? 0) - (view.value?.criteria.filter((c) => c.saved).length ?? 0))
  const canSign = computed(() => isConvener.value && !locked.value && savedComplete.value && dirtyCount.value === 0 && conflictCount.value === 0)

  function setDescriber(fn: (e: unknown) => AppError): void {
    describe = fn
  }

  async function load(inspectionId: number): Promise<void> {
    status.value = 'loading'
    loadError.value = null
    try {
      const [s, v] = await Promise.all([api.inspection.byId.query({ id: inspectionId }), api.inspection.consensus.view.query({ inspectionId })])
      sheet.value = s
      view.value = v
      drafts.value = Object.fromEntries(v.criteria.map((c) => [c.criterionCode, initialDraft(c)]))
      fieldErrors.value = {}
      status.value = 'ready'
    } catch (e) {
      loadError.value = e
      status.value = 'error'
    }
  }

  function edit(code: string, change: Partial<DraftScore>): void {
    const d = drafts.value[code]
    const c = view.value?.criteria.find((x) => x.criterionCode === code)
    if (!d || !c || !editable.value) return
    Object.assign(d, change)
    const saved = savedDraft(c)
    d.dirty = !saved || !same(d, saved)
    delete fieldErrors.value[code]
  }

  /** Sets the decision: a tier id, or `na` for not applicable. */
  function decide(code: string, choice: string): void {
    edit(code, choice === 'na' ? { notApplicable: true, tierId: null } : { notApplicable: false, tierId: choice || null })
    // Deducting with an empty finding: start from what the members wrote.
    const d = drafts.value[code]
    const c = view.value?.criteria.find((x) => x.criterionCode === code)
    const tier = catalogue.value?.dimensions.flatMap((x) => x.criteria).find((x) => x.code === code)?.tiers.find((x) => x.id === d?.tierId)
    if (d && c && tier && tier.points < c.maxPoints && !d.finding.trim()) d.finding = membersFindings(c)
  }

  function setFinding(code: string, finding: string): void {
    edit(code, { finding })
  }

  /** Saves every changed decision in one transaction; refuses locally a deduction without a finding. */
  async function saveAll(): Promise<boolean> {
    const s = sheet.value
    if (!s || !editable.value) return false
    actionError.value = null
    notice.value = null
    const missing = live.value?.findingMissing ?? new Set<string>()
    const changed = Object.entries(drafts.value).filter(([, d]) => d.dirty && (d.tierId || d.notApplicable))
    const errors: Record<string, string> = {}
    for (const [code] of changed) if (missing.has(code)) errors[code] = 'inspection.sheet.findingRequired'
    fieldErrors.value = errors
    if (Object.keys(errors).length > 0 || changed.length === 0) return false
    saving.value = true
    try {
      await api.inspection.consensus.save.mutate({
        inspectionId: s.inspection.id,
        entries: changed.map(([code, d]) => ({
          criterionCode: code,
          ...(d.notApplicable ? { notApplicable: true } : { tierId: d.tierId ?? undefined }),
          finding: d.finding,
          expectedVersion: d.baseVersion,
        })),
      })
      await refresh()
      notice.value = 'inspection.consensus.saved'
      return true
    } catch (e) {
      const error = describe(e)
      if (error.code === 'CONFLICT') await markConflicts()
      actionError.value = error.message
      return false
    } finally {
      saving.value = false
    }
  }

  /** Reloads after a save, keeping unsaved decisions of other criteria. */
  async function refresh(): Promise<void> {
    const s = sheet.value
    if (!s) return
    const [fresh, v] = await Promise.all([api.inspection.byId.query({ id: s.inspection.id }), api.inspection.consensus.view.query({ inspectionId: s.inspection.id })])
    const next: Record<string, ConsensusDraft> = {}
    for (const c of v.criteria) {
      const mine = drafts.value[c.criterionCode]
      const saved = savedDraft(c)
      next[c.criterionCode] = mine && mine.dirty && !(saved && same(mine, saved)) && (c.saved?.version ?? 0) === mine.baseVersion ? mine : initialDraft(c)
    }
    sheet.value = fresh
    view.value = v
    drafts.value = next
  }

  /** After CONFLICT: rows saved meanwhile become choices next to the convener's own. */
  async function markConflicts(): Promise<void> {
    const s = sheet.value
    if (!s) return
    const v = await api.inspection.consensus.view.query({ inspectionId: s.inspection.id })
    for (const c of v.criteria) {
      const d = drafts.value[c.criterionCode]
      const saved = savedDraft(c)
      if (!d || !saved || c.saved!.version === d.baseVersion) continue
      if (same(d, saved)) Object.assign(d, { baseVersion: c.saved!.version, dirty: false })
      else d.theirs = { draft: saved, version: c.saved!.version }
    }
    view.value = v
  }

  function keepMine(code: string): void {
    const d = drafts.value[code]
    if (!d?.theirs) return
    d.baseVersion = d.theirs.version
    d.theirs = null
    d.dirty = true
  }

  function takeTheirs(code: string): void {
    const d = drafts.value[code]
    if (!d?.theirs) return
    Object.assign(d, d.theirs.draft, { baseVersion: d.theirs.version, dirty: false, theirs: null })
  }

  /** Signs the saved consensus: the sheet locks. */
  async function sign(): Promise<boolean> {
    const s = sheet.value
    if (!s || !canSign.value) return false
    signing.value = true
    actionError.value = null
    try {
      await api.inspection.sign.mutate({ id: s.inspection.id, expectedVersion: s.inspection.version })
      await refresh()
      notice.value = 'inspection.consensus.signDone'
      return true
    } catch (e) {
      actionError.value = describe(e).message
      return false
    } finally {
      signing.value = false
    }
  }

  /** Closes a signed inspection (the server insists on the improvement plan below the threshold). */
  async function close(): Promise<boolean> {
    const s = sheet.value
    if (!s) return false
    closing.value = true
    actionError.value = null
    try {
      await api.inspection.close.mutate({ id: s.inspection.id, expectedVersion: s.inspection.version })
      await refresh()
      notice.value = 'inspection.consensus.closeDone'
      return true
    } catch (e) {
      actionError.value = describe(e).message
      return false
    } finally {
      closing.value = false
    }
  }

  return {
    view,
    sheet,
    status,
    loadError,
    drafts,
    saving,
    signing,
    closing,
    actionError,
    notice,
    fieldErrors,
    catalogue,
    inspection,
    isConvener,
    locked,
    editable,
    live,
    dirtyCount,
    conflictCount,
    missingSaved,
    canSign,
    setDescriber,
    load,
    refresh,
    decide,
    setFinding,
    saveAll,
    keepMine,
    takeTheirs,
    sign,
    close,
  }
})
