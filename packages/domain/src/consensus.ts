import type { Catalogue } from './catalogue.js'
import { compile, type CompiledCatalogue } from './compiled-catalogue.js'
import { isBlank, IssueCollector, MISSING, NOT_APPLICABLE, resolveEntries, tierOf, type ScoreEntry } from './score-entry.js'
import { summarise, type SheetResult } from './score-sheet.js'
import { DomainError } from './errors.js'
import { describeValue, requireList, requireRecord } from './input.js'

/** One committee member's score sheet. */
export interface MemberSheet {
  memberId: string
  entries: readonly ScoreEntry[]
}

/** Input of {@link proposeConsensus}. */
export interface ConsensusInput {
  sheets: readonly MemberSheet[]
  /** Members who recused themselves (迴避) for this inspection; their sheets are refused. */
  recusedMemberIds?: readonly string[]
  /**
   * A criterion is flagged for discussion when the spread of members' points (max − min) exceeds
   * this share of its maximum. Between 0 and 1; default {@link DEFAULT_SPREAD_SHARE}.
   */
  spreadShare?: number
}

/** Default share of a criterion's maximum above which members' spread is flagged: 0.2 (20 %). */
export const DEFAULT_SPREAD_SHARE = 0.2

/** A member's finding, kept with who wrote it. */
export interface MemberFinding {
  memberId: string
  text: string
}

/** The proposal for one criterion. */
export interface CriterionConsensus {
  criterionCode: string
  /** Members who gave points. */
  scoredBy: number
  /** Members who marked the criterion not applicable. */
  notApplicableBy: number
  /** Proposed not applicable: a strict majority of the members who scored the criterion said so. */
  notApplicable: boolean
  /** Proposed tier (null when not applicable or nobody scored it). */
  tierId: string | null
  points: number | null
  /** max − min of the members' points; null when fewer than one member gave points. */
  spread: number | null
  /** Spread above `spreadShare × maxPoints`, or members split between scoring and not applicable. */
  flagged: boolean
  /** Findings of members who deducted, as written, in sheet order (a shared frozen empty array when none). */
  findings: readonly MemberFinding[]
}

/** What {@link proposeConsensus} returns: per criterion, the draft sheet, and the draft's result. */
export interface ConsensusProposal {
  criteria: CriterionConsensus[]
  /** Codes of flagged criteria, in catalogue order. */
  flaggedCriteria: string[]
  /**
   * Draft consensus sheet for the convener: one entry per proposed criterion. A proposed deduction
   * carries the distinct findings of the deducting members joined by '；'; a full-marks proposal
   * carries none (members' remarks stay in `criteria[i].findings`).
   */
  sheet: ScoreEntry[]
  /** The draft sheet scored with {@link scoreSheet}; incomplete when some criterion had no scores. */
  result: SheetResult
}

/**
 * Proposes the consensus sheet from the members' sheets; the convener always decides.
 *
 * Consensus rule: per criterion, the *lower median* of the points of the members who scored it.
 * With an odd count that is the middle value; with an even count the lower of the two middle values.
 * It is always one member's points, hence already a tier (no snapping needed, no between-tier
 * averages), one outlier cannot move it, and when the committee is split evenly the deduction
 * stands (the finding behind it goes to discussion rather than disappearing).
 * Not applicable is proposed only when a strict majority of the members who scored the criterion
 * said so: excluding a criterion changes everyone's denominator, so it needs a majority.
 * A criterion is flagged when `max − min > spreadShare × maxPoints` or when members split between
 * scoring it and marking it not applicable.
 *
 * Members' sheets may be partial; a criterion no member scored is left out of the draft (the
 * result is then incomplete).
 *
 * @throws DomainError `MEMBER_RECUSED` (a recused member's sheet, path `['sheets', i, 'memberId']`),
 *   `INVALID_SCORE` (two sheets from one member, `spreadShare` outside 0–1, or any entry problem),
 *   `UNKNOWN_CRITERION`, `FINDING_REQUIRED` (paths `['sheets', i, 'entries', j, …]`), `INVALID_CATALOGUE`;
 *   `INVALID_SCORE` also when the members marked every criterion not applicable.
 */
export function proposeConsensus(catalogue: Catalogue, input: ConsensusInput): ConsensusProposal {
  const compiled = compile(catalogue)
  requireRecord(input, 'input', 'INVALID_SCORE')
  const spreadShare = input.spreadShare ?? DEFAULT_SPREAD_SHARE
  const sheets = requireList(input.sheets, ['sheets'], 'INVALID_SCORE') as readonly MemberSheet[]
  const n = compiled.criteria.length
  const m = sheets.length
  const issues = new IssueCollector()
  if (typeof spreadShare !== 'number' || !(spreadShare >= 0 && spreadShare <= 1)) issues.add('INVALID_SCORE', ['spreadShare'], `spreadShare must lie between 0 and 1, got ${describeValue(spreadShare)}`)
  const recused = requireList(input.recusedMemberIds ?? [], ['recusedMemberIds'], 'INVALID_SCORE')
  for (let s = 0; s < m; s++) {
    requireRecord(sheets[s], ['sheets', s], 'INVALID_SCORE')
    const sheet = sheets[s] as MemberSheet
    if (typeof sheet.memberId !== 'string') throw new DomainError('INVALID_SCORE', `sheets.${s}.memberId: must be text`, [{ path: ['sheets', s, 'memberId'], message: 'must be text' }])
    requireList(sheet.entries, ['sheets', s, 'entries'], 'INVALID_SCORE')
    if (recused.length > 0 && recused.includes(sheet.memberId)) {
      issues.add('MEMBER_RECUSED', ['sheets', s, 'memberId'], `member "${sheet.memberId}" is recused and may not score this inspection`)
    }
    for (let p = 0; p < s; p++) {
      if ((sheets[p] as MemberSheet).memberId === sheet.memberId) issues.add('INVALID_SCORE', ['sheets', s, 'memberId'], `member "${sheet.memberId}" submitted two sheets`)
    }
  }
  // Fast path: every sheet lists every criterion in catalogue order (what the admin sends), so each
  // entry is found by position and checked once, in the consensus pass itself. Any problem there
  // (including an entry out of order) falls through to the general path, which resolves entries by
  // code and reports every problem with its path.
  if (issues.found.length === 0 && aligned(compiled, sheets)) {
    const proposal = consensusPass(compiled, sheets, spreadShare, null)
    if (proposal !== null) return proposal
  }
  const resolved = scratchResolved(n * m)
  for (let s = 0; s < m; s++) {
    resolveEntries(compiled, (sheets[s] as MemberSheet).entries, resolved, s * n, issues, ['sheets', s, 'entries'])
  }
  issues.throwIfAny()
  return consensusPass(compiled, sheets, spreadShare, resolved) as ConsensusProposal
}

function aligned(compiled: CompiledCatalogue, sheets: readonly MemberSheet[]): boolean {
  // Lengths only: the codes are compared by position inside the consensus pass, in the same touch.
  for (const sheet of sheets) if (sheet.entries.length !== compiled.criteria.length) return false
  return true
}

/**
 * Builds the proposal. With `resolved` (the general path) tiers come from the resolution buffer;
 * without it (sheets of the right length) each entry is checked here — position, tier, finding —
 * and null is returned on the first problem.
 */
function consensusPass(compiled: CompiledCatalogue, sheets: readonly MemberSheet[], spreadShare: number, resolved: Int16Array | null): ConsensusProposal | null {
  const n = compiled.criteria.length
  const m = sheets.length
  const criteria: CriterionConsensus[] = new Array(n)
  const flaggedCriteria: string[] = []
  const draft: ScoreEntry[] = []
  const draftOf: (ScoreEntry | undefined)[] = new Array(n)
  const draftResolved = scratchDraft(n)
  for (const c of compiled.criteria) {
    const tierCount = c.tierH.length
    const counts = scratchCounts(tierCount)
    let scored = 0
    let notApplicableBy = 0
    // Tiers are listed from the highest points down: the lowest index scored is the maximum.
    let highestTier = tierCount
    let lowestTier = -1
    let collected: MemberFinding[] | null = null
    for (let s = 0; s < m; s++) {
      const sheet = sheets[s] as MemberSheet
      let tier: number
      let entry: ScoreEntry | undefined
      if (resolved === null) {
        entry = sheet.entries[c.index] as ScoreEntry
        if (entry === null || typeof entry !== 'object' || entry.criterionCode !== c.code) return null
        if (entry.notApplicable === true) {
          if (!c.notApplicableAllowed || entry.tierId !== undefined || entry.points !== undefined) return null
          tier = NOT_APPLICABLE
        } else {
          tier = tierOf(c, entry)
          if (tier < 0) return null
        }
      } else {
        tier = resolved[s * n + c.index] as number
      }
      if (tier < 0) {
        if (tier === NOT_APPLICABLE) notApplicableBy++
        continue
      }
      // Counting per tier instead of sorting: a median over ≤ 6 tiers needs no sort.
      counts[tier] = (counts[tier] as number) + 1
      scored++
      if (tier < highestTier) highestTier = tier
      if (tier > lowestTier) lowestTier = tier
      const h = c.tierH[tier] as number
      if (h < c.maxH) {
        // General path: resolution guaranteed the entry exists with a non-blank finding.
        entry ??= sheet.entries.find((e) => e.criterionCode === c.code) as ScoreEntry
        const text = entry.finding
        if (resolved === null && isBlank(text)) return null
        const finding: MemberFinding = { memberId: sheet.memberId, text: text as string }
        if (collected === null) collected = [finding]
        else collected.push(finding)
      }
    }
    const findings = collected ?? NO_FINDINGS
    const notApplicable = notApplicableBy * 2 > scored + notApplicableBy
    const spreadH = scored > 0 ? (c.tierH[highestTier] as number) - (c.tierH[lowestTier] as number) : -1
    const flagged = (scored > 0 && spreadH - spreadShare * c.maxH > 1e-9) || (notApplicableBy > 0 && scored > 0)
    let tierId: string | null = null
    let pointsH = -1
    let entry: ScoreEntry | undefined
    if (notApplicable) {
      draftResolved[c.index] = NOT_APPLICABLE
      entry = { criterionCode: c.code, notApplicable: true }
    } else if (scored > 0) {
      // Lower median: the ((scored − 1) >> 1)-th smallest score, counting up from the lowest tier.
      const position = (scored - 1) >> 1
      let tier = lowestTier
      for (let below = counts[tier] as number; below <= position; below += counts[tier] as number) tier--
      pointsH = c.tierH[tier] as number
      tierId = c.tierIds[tier] as string
      draftResolved[c.index] = tier
      // One literal per shape: adding `finding` afterwards would change the object's hidden class.
      entry =
        pointsH < c.maxH && findings.length > 0
          ? { criterionCode: c.code, tierId, points: pointsH / 100, finding: mergeFindings(findings) }
          : { criterionCode: c.code, tierId, points: pointsH / 100 }
    } else {
      draftResolved[c.index] = MISSING
    }
    if (entry !== undefined) {
      draft.push(entry)
      draftOf[c.index] = entry
    }
    if (flagged) flaggedCriteria.push(c.code)
    criteria[c.index] = {
      criterionCode: c.code,
      scoredBy: scored,
      notApplicableBy,
      notApplicable,
      tierId,
      points: pointsH < 0 ? null : pointsH / 100,
      spread: spreadH < 0 ? null : spreadH / 100,
      flagged,
      findings,
    }
  }
  return { criteria, flaggedCriteria, sheet: draft, result: summarise(compiled, draftResolved, draftOf) }
}

// Shared, frozen: criteria without deductions carry no findings and need no array of their own.
const NO_FINDINGS: MemberFinding[] = Object.freeze([]) as unknown as MemberFinding[]

// Scratch buffers reused across calls (single-threaded, never re-entered): no per-call allocation.
let resolvedBuffer = new Int16Array(256)
let countsBuffer = new Int32Array(16)

function scratchResolved(size: number): Int16Array {
  if (resolvedBuffer.length < size) resolvedBuffer = new Int16Array(size)
  return resolvedBuffer
}

let draftBuffer = new Int16Array(64)

function scratchDraft(size: number): Int16Array {
  if (draftBuffer.length < size) draftBuffer = new Int16Array(size)
  return draftBuffer
}

/** Per-tier counters, zeroed. */
function scratchCounts(size: number): Int32Array {
  if (countsBuffer.length < size) countsBuffer = new Int32Array(size)
  countsBuffer.fill(0, 0, size)
  return countsBuffer
}

function mergeFindings(findings: readonly MemberFinding[]): string {
  let merged = (findings[0] as MemberFinding).text
  outer: for (let i = 1; i < findings.length; i++) {
    const text = (findings[i] as MemberFinding).text
    for (let j = 0; j < i; j++) if ((findings[j] as MemberFinding).text === text) continue outer
    merged += '；' + text
  }
  return merged
}
