import { z } from 'zod'
import { DomainError } from './errors.js'
import { describeValue, requireList, requireRecord } from './input.js'
import { compareIsoDates, parseIsoDate, roundLabel, type IsoDate, type Round } from './roc-calendar.js'

/**
 * Who takes an action, as the domain sees it. The server derives it from the session user:
 * agency role (`agencyAdmin`, `viewer`), committee role in the item's round (`convener`, `member`,
 * `secretary`), or branch role in the item's branch (`branchManager`, `branchStaff`). Whether the
 * user belongs to the item's branch or round is the server's check, not this module's.
 */
export type ActorRole = 'agencyAdmin' | 'convener' | 'member' | 'secretary' | 'branchManager' | 'branchStaff' | 'viewer'

/** Every {@link ActorRole}, in display order. */
export const ACTOR_ROLES = ['agencyAdmin', 'convener', 'member', 'secretary', 'branchManager', 'branchStaff', 'viewer'] as const satisfies readonly ActorRole[]

/**
 * Status of a remediation item (應改進事項):
 * - `open` — found and placed under tracking (列管), nobody has started;
 * - `in_progress` — the branch is working on it;
 * - `submitted` — the branch reports it fixed, with evidence or a note, awaiting the committee;
 * - `returned` — the committee did not accept the submission (reason recorded);
 * - `closed` — accepted by the committee, released from tracking (解除列管);
 * - `cancelled` — withdrawn by the committee (reason recorded), e.g. found in error or superseded.
 */
export type RemediationStatus = 'open' | 'in_progress' | 'submitted' | 'returned' | 'closed' | 'cancelled'

/** Every {@link RemediationStatus}, in lifecycle order. */
export const REMEDIATION_STATUSES = ['open', 'in_progress', 'submitted', 'returned', 'closed', 'cancelled'] as const satisfies readonly RemediationStatus[]

/** Statuses that end tracking: never overdue, never carried over. */
export const TERMINAL_STATUSES: readonly RemediationStatus[] = ['closed', 'cancelled']

/** Actions on a remediation item; see {@link REMEDIATION_TRANSITIONS}. */
export type RemediationAction = 'start' | 'postProgress' | 'submit' | 'verify' | 'return' | 'cancel' | 'reopen'

/** Every {@link RemediationAction}, in the order the UI shows buttons. */
export const REMEDIATION_ACTIONS = ['start', 'postProgress', 'submit', 'verify', 'return', 'cancel', 'reopen'] as const satisfies readonly RemediationAction[]

/** What an action demands besides an allowed role: nothing, a reason, or evidence-or-note. */
export type TransitionRequirement = 'none' | 'reason' | 'evidenceOrNote'

/** One row of the lifecycle table. `to: null` means the status does not change (a progress report). */
export interface RemediationTransition {
  action: RemediationAction
  from: readonly RemediationStatus[]
  to: RemediationStatus | null
  roles: readonly ActorRole[]
  requires: TransitionRequirement
  /** Button label for the admin UI. */
  label: string
}

const BRANCH: readonly ActorRole[] = ['branchManager', 'branchStaff']
// The committee's decisions are recorded by its convener or executive secretary (seed 004); members
// discuss but do not record. The agency admin may act for any committee (it "manages everything"),
// but not for a branch: the branch's own submissions must stay its own.
const COMMITTEE: readonly ActorRole[] = ['convener', 'secretary', 'agencyAdmin']

/**
 * The remediation lifecycle as data; the server enforces it through {@link applyRemediationAction}
 * and the UI reads it (through {@link allowedActions}) to show only the buttons a user may press.
 *
 * | action | from | to | roles | requires |
 * |---|---|---|---|---|
 * | start | open, returned | in_progress | branchManager, branchStaff | — |
 * | postProgress | in_progress | (same) | branchManager, branchStaff | evidence or note |
 * | submit | in_progress | submitted | branchManager | evidence or note |
 * | verify | submitted | closed | convener, secretary, agencyAdmin | — |
 * | return | submitted | returned | convener, secretary, agencyAdmin | reason |
 * | cancel | open, in_progress, submitted, returned | cancelled | convener, secretary, agencyAdmin | reason |
 * | reopen | closed, cancelled | in_progress | convener, secretary, agencyAdmin | reason |
 *
 * `member` and `viewer` take no action. Invariant: `closed` is reached only by `verify` from
 * `submitted`, so no item is released from tracking without a submission.
 */
export const REMEDIATION_TRANSITIONS: readonly RemediationTransition[] = [
  { action: 'start', from: ['open', 'returned'], to: 'in_progress', roles: BRANCH, requires: 'none', label: '開始辦理' },
  { action: 'postProgress', from: ['in_progress'], to: null, roles: BRANCH, requires: 'evidenceOrNote', label: '回報進度' },
  // Submitting to the committee is an official act of the branch, approved by its manager (陳核).
  { action: 'submit', from: ['in_progress'], to: 'submitted', roles: ['branchManager'], requires: 'evidenceOrNote', label: '提報完成' },
  { action: 'verify', from: ['submitted'], to: 'closed', roles: COMMITTEE, requires: 'none', label: '解除列管' },
  { action: 'return', from: ['submitted'], to: 'returned', roles: COMMITTEE, requires: 'reason', label: '退回' },
  { action: 'cancel', from: ['open', 'in_progress', 'submitted', 'returned'], to: 'cancelled', roles: COMMITTEE, requires: 'reason', label: '撤銷列管' },
  // Reopening goes back to work, not to `open`: the history already shows it was started.
  { action: 'reopen', from: ['closed', 'cancelled'], to: 'in_progress', roles: COMMITTEE, requires: 'reason', label: '重新列管' },
]

/** zod schema accepting exactly the {@link ACTOR_ROLES}, for procedure inputs. */
export const actorRoleSchema = z.enum(ACTOR_ROLES)
/** zod schema accepting exactly the {@link REMEDIATION_ACTIONS}, for procedure inputs. */
export const remediationActionSchema = z.enum(REMEDIATION_ACTIONS)
/** zod schema accepting exactly the {@link REMEDIATION_STATUSES}, for procedure inputs and filters. */
export const remediationStatusSchema = z.enum(REMEDIATION_STATUSES)

/** One timeline entry. `carryOver` entries are written by {@link carryOver} and have `actorRole: null`. */
export interface RemediationEvent {
  action: RemediationAction | 'carryOver'
  from: RemediationStatus
  to: RemediationStatus
  /** `null` only for system entries (carry-over). */
  actorRole: ActorRole | null
  /** When it happened, as given by the caller (an ISO instant or date); the domain never reads a clock. */
  at: string
  /** The reason for return/cancel/reopen, the progress note, or the submission note; `null` if none. */
  note: string | null
  /** Evidence references (file ids, URLs) attached with this event; may be empty. */
  evidence: readonly string[]
}

/**
 * The part of a remediation item the lifecycle needs. Callers' item types extend it; every
 * function here returns the caller's type with only these fields changed.
 */
export interface RemediationState {
  status: RemediationStatus
  /** Completion deadline (完成期限), a calendar day in Asia/Taipei; `null` if none was set. */
  dueDate: IsoDate | null
  /** The round the item is tracked in now. */
  round: Round
  /** The round it was first found in; absent/null means `round`. Set by {@link carryOver}. */
  originRound?: Round | null
  /** History, oldest first; transitions append to it. */
  timeline: readonly RemediationEvent[]
}

/** Input to {@link applyRemediationAction}. */
export interface RemediationCommand {
  action: RemediationAction
  actorRole: ActorRole
  /** ISO instant or date of the action, supplied by the caller. */
  at: string
  /** Required (non-blank) for return, cancel and reopen; for postProgress/submit it may stand in for evidence. */
  note?: string | null
  /** Evidence references attached with this action. */
  evidence?: readonly string[]
}

/** What every transition returns: the new item and the event appended to its timeline. */
export interface RemediationResult<T extends RemediationState> {
  item: T
  event: RemediationEvent
}

/** How each status reads in Chinese and English (the documents' and screens' words). */
export const REMEDIATION_STATUS_LABELS: Readonly<Record<RemediationStatus, { zh: string; en: string }>> = {
  open: { zh: '尚未辦理', en: 'not started' },
  in_progress: { zh: '辦理中', en: 'in progress' },
  submitted: { zh: '待審核', en: 'awaiting review' },
  returned: { zh: '退回補正', en: 'returned' },
  closed: { zh: '解除列管', en: 'closed' },
  cancelled: { zh: '撤銷列管', en: 'withdrawn' },
}

/** How each actor role reads in Chinese and English. */
export const ACTOR_ROLE_LABELS: Readonly<Record<ActorRole, { zh: string; en: string }>> = {
  agencyAdmin: { zh: '署管理者', en: 'agency administrator' },
  convener: { zh: '召集人', en: 'convener' },
  member: { zh: '委員', en: 'committee member' },
  secretary: { zh: '執行秘書', en: 'executive secretary' },
  branchManager: { zh: '分署主管', en: 'branch manager' },
  branchStaff: { zh: '分署承辦人', en: 'branch staff' },
  viewer: { zh: '檢視者', en: 'viewer' },
}

function statusText(status: unknown): { zh: string; en: string } {
  return REMEDIATION_STATUS_LABELS[status as RemediationStatus] ?? { zh: String(status), en: String(status) }
}

function requireItem(item: unknown): RemediationState {
  const r = requireRecord(item, 'item', 'ILLEGAL_TRANSITION')
  if (!(REMEDIATION_STATUSES as readonly unknown[]).includes(r.status)) {
    throw new DomainError('ILLEGAL_TRANSITION', `未知的列管狀態 (unknown status): ${describeValue(r.status)}`, [{ path: ['item', 'status'], message: `must be one of ${REMEDIATION_STATUSES.join(', ')}` }])
  }
  if (r.dueDate !== null && r.dueDate !== undefined) parseIsoDate(r.dueDate as string)
  return r as unknown as RemediationState
}

function requireRole(role: unknown, path: string[]): ActorRole {
  if (!(ACTOR_ROLES as readonly unknown[]).includes(role)) {
    throw new DomainError('ROLE_NOT_ALLOWED', `未知的角色 (unknown role): ${describeValue(role)}`, [{ path, message: `must be one of ${ACTOR_ROLES.join(', ')}` }])
  }
  return role as ActorRole
}

/** The table row of `action`. Never throws: every action has exactly one row. */
export function transitionFor(action: RemediationAction): RemediationTransition {
  const row = REMEDIATION_TRANSITIONS.find((t) => t.action === action)
  if (!row) throw new DomainError('ILLEGAL_TRANSITION', `未知的動作 (unknown action): ${describeValue(action)}`, [{ path: ['action'], message: 'unknown action' }])
  return row
}

/**
 * The actions `role` may take on `item` now — what the UI shows as buttons. Reflects status and
 * role only; branch/round membership is checked by the server.
 * @throws DomainError `ILLEGAL_TRANSITION` naming `item.status` for an unknown status, `ROLE_NOT_ALLOWED` for an unknown role.
 * @example allowedActions({ status: 'submitted', … }, 'secretary') // ['verify', 'return', 'cancel']
 */
export function allowedActions(item: Pick<RemediationState, 'status'>, role: ActorRole): RemediationAction[] {
  const { status } = requireItem(item)
  requireRole(role, ['role'])
  return REMEDIATION_TRANSITIONS.filter((t) => t.from.includes(status) && t.roles.includes(role)).map((t) => t.action)
}

function blankToNull(note: string | null | undefined): string | null {
  const trimmed = typeof note === 'string' ? note.trim() : ''
  return trimmed === '' ? null : trimmed
}

function checkAt(at: string): void {
  // Accept an ISO date or an ISO instant; only the date part is validated.
  if (typeof at !== 'string' || !/^\d{4}-\d{2}-\d{2}($|T)/.test(at)) {
    throw new DomainError('INVALID_DATE', `無效的時間 (invalid timestamp): ${describeValue(at)}`, [{ path: ['at'], message: 'expected an ISO date or instant' }])
  }
  parseIsoDate(at.slice(0, 10))
}

/**
 * Applies one action to a remediation item and returns the new item with the event appended.
 * Pure: the input item is not modified.
 *
 * Checks, in this order:
 * 1. the action is allowed from the item's status, else `ILLEGAL_TRANSITION`;
 * 2. the role may take it, else `ROLE_NOT_ALLOWED`;
 * 3. return/cancel/reopen carry a non-blank `note` (the reason), else `REASON_REQUIRED`;
 * 4. postProgress/submit carry at least one evidence reference or a non-blank note, else
 *    `EVIDENCE_REQUIRED` — evidence counts only if attached with this very action, because the
 *    committee judges what the submission itself claims;
 * 5. `at` is an ISO date or instant, else `INVALID_DATE`.
 * @throws DomainError as listed above.
 * @example applyRemediationAction(item, { action: 'submit', actorRole: 'branchManager', at: '2025-03-05T02:00:00Z', evidence: ['file:42'] })
 */
export function applyRemediationAction<T extends RemediationState>(item: T, command: RemediationCommand): RemediationResult<T> {
  requireItem(item)
  if (!Array.isArray(item.timeline)) throw new DomainError('ILLEGAL_TRANSITION', 'item.timeline: must be a list', [{ path: ['item', 'timeline'], message: 'must be a list' }])
  const cmd = requireRecord(command, 'command', 'ILLEGAL_TRANSITION') as unknown as RemediationCommand
  const row = transitionFor(cmd.action)
  if (!row.from.includes(item.status)) {
    const state = statusText(item.status)
    throw new DomainError('ILLEGAL_TRANSITION', `此項目目前為「${state.zh}」，不能「${row.label}」 (cannot ${row.action} an item that is ${state.en})`, [
      { path: ['action'], message: `not allowed from ${item.status}` },
    ])
  }
  const actorRole = requireRole(cmd.actorRole, ['actorRole'])
  if (!row.roles.includes(actorRole)) {
    const role = ACTOR_ROLE_LABELS[actorRole]
    throw new DomainError('ROLE_NOT_ALLOWED', `${role.zh}不能「${row.label}」 (a ${role.en} may not ${row.action})`, [
      { path: ['actorRole'], message: `allowed: ${row.roles.join(', ')}` },
    ])
  }
  const note = blankToNull(cmd.note)
  if (cmd.evidence !== undefined && !(Array.isArray(cmd.evidence) && cmd.evidence.every((e) => typeof e === 'string'))) {
    throw new DomainError('EVIDENCE_REQUIRED', 'evidence: must be a list of references', [{ path: ['evidence'], message: 'must be a list of strings' }])
  }
  const evidence = (cmd.evidence ?? []).map((e) => e.trim()).filter((e) => e !== '')
  if (row.requires === 'reason' && note === null) {
    throw new DomainError('REASON_REQUIRED', `「${row.label}」須填寫理由 (${row.action} needs a reason)`, [{ path: ['note'], message: 'reason required' }])
  }
  if (row.requires === 'evidenceOrNote' && note === null && evidence.length === 0) {
    throw new DomainError('EVIDENCE_REQUIRED', `「${row.label}」須附佐證資料或說明 (${row.action} needs evidence or a note)`, [
      { path: ['evidence'], message: 'attach evidence or write a note' },
    ])
  }
  checkAt(cmd.at)
  const to = row.to ?? item.status
  const event: RemediationEvent = { action: row.action, from: item.status, to, actorRole, at: cmd.at, note, evidence }
  return { item: { ...item, status: to, timeline: [...item.timeline, event] }, event }
}

/**
 * True when the item is overdue on `today`: it has a due date, `dueDate < today` (an item due
 * today is not overdue), and it is not closed or cancelled. A submitted item awaiting the
 * committee still counts. `today` is the Asia/Taipei calendar date (see `taipeiDate(now)`).
 * @throws DomainError `INVALID_DATE` if `today` or the due date is not a valid ISO date.
 * @example isOverdue({ status: 'in_progress', dueDate: '2025-03-04' }, '2025-03-05') // true
 */
export function isOverdue(item: Pick<RemediationState, 'status' | 'dueDate'>, today: IsoDate): boolean {
  requireItem(item)
  parseIsoDate(today)
  if (item.dueDate === null || TERMINAL_STATUSES.includes(item.status)) return false
  return compareIsoDates(item.dueDate, today) < 0
}

/**
 * Carries the items still tracked (not closed or cancelled) into `nextRound`, keeping their status,
 * due date and whole timeline, remembering the round they were first found in (`originRound`) and
 * appending a `carryOver` event (`actorRole: null`, note `114年上半年 → 114年下半年`). Closed and
 * cancelled items are left behind. Pure: inputs are not modified.
 * @throws DomainError `INVALID_DATE` if `at` is not an ISO date/instant or a round is malformed.
 * @example carryOver(items, { rocYear: 114, half: 2 }, '2025-07-01')
 */
export function carryOver<T extends RemediationState>(items: readonly T[], next: Round, at: string): T[] {
  requireList(items, 'items', 'ILLEGAL_TRANSITION').forEach((item, i) => {
    try {
      requireItem(item)
    } catch (error) {
      const e = error as DomainError
      throw new DomainError(e.code, `items.${i}: ${e.message}`, e.issues.map((issue) => ({ ...issue, path: ['items', i, ...issue.path.slice(1)] })))
    }
    roundLabel((item as T).round)
    if (!Array.isArray((item as T).timeline)) throw new DomainError('ILLEGAL_TRANSITION', `items.${i}.timeline: must be a list`, [{ path: ['items', i, 'timeline'], message: 'must be a list' }])
  })
  checkAt(at)
  const nextLabel = roundLabel(next)
  return items
    .filter((item) => !TERMINAL_STATUSES.includes(item.status))
    .map((item) => {
      const event: RemediationEvent = {
        action: 'carryOver',
        from: item.status,
        to: item.status,
        actorRole: null,
        at,
        note: `${roundLabel(item.round)} → ${nextLabel}`,
        evidence: [],
      }
      return { ...item, round: next, originRound: item.originRound ?? item.round, timeline: [...item.timeline, event] }
    })
}
