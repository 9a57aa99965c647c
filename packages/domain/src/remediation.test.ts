import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DomainError, type DomainErrorCode } from './errors.js'
import {
  ACTOR_ROLES,
  REMEDIATION_ACTIONS,
  REMEDIATION_STATUSES,
  REMEDIATION_TRANSITIONS,
  allowedActions,
  applyRemediationAction,
  carryOver,
  isOverdue,
  transitionFor,
  type ActorRole,
  type RemediationAction,
  type RemediationCommand,
  type RemediationState,
  type RemediationStatus,
} from './remediation.js'
import { addCalendarDays } from './roc-calendar.js'

interface Item extends RemediationState {
  id: number
  title: string
}

const AT = '2025-03-05T02:00:00.000Z'

function item(status: RemediationStatus = 'open', extra: Partial<Item> = {}): Item {
  return { id: 1, title: '服務台未置放書表範例', status, dueDate: '2025-04-30', round: { rocYear: 114, half: 1 }, timeline: [], ...extra }
}

function codeOf(fn: () => unknown): DomainErrorCode {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError)
    return (error as DomainError).code
  }
  throw new Error('expected a DomainError')
}

function act(target: Item, action: RemediationAction, actorRole: ActorRole, extra: Partial<RemediationCommand> = {}) {
  return applyRemediationAction(target, { action, actorRole, at: AT, ...extra })
}

describe('lifecycle: the happy path', () => {
  it('open → in_progress → submitted → returned → in_progress → submitted → closed, with a timeline', () => {
    let x = item()
    x = act(x, 'start', 'branchStaff').item
    x = act(x, 'postProgress', 'branchStaff', { note: '已製作書表範例，待印製' }).item
    x = act(x, 'submit', 'branchManager', { evidence: ['file:1'] }).item
    x = act(x, 'return', 'secretary', { note: '照片未顯示置放位置' }).item
    expect(x.status).toBe('returned')
    x = act(x, 'start', 'branchStaff').item
    x = act(x, 'submit', 'branchManager', { evidence: ['file:2'], note: '補附現場照片' }).item
    const { item: closed, event } = act(x, 'verify', 'convener', { note: '第3次會議確認改善完成' })
    expect(closed.status).toBe('closed')
    expect(event).toEqual({ action: 'verify', from: 'submitted', to: 'closed', actorRole: 'convener', at: AT, note: '第3次會議確認改善完成', evidence: [] })
    expect(closed.timeline.map((e) => `${e.action}:${e.from}→${e.to}`)).toEqual([
      'start:open→in_progress',
      'postProgress:in_progress→in_progress',
      'submit:in_progress→submitted',
      'return:submitted→returned',
      'start:returned→in_progress',
      'submit:in_progress→submitted',
      'verify:submitted→closed',
    ])
    expect(closed.id).toBe(1)
    expect(closed.title).toBe('服務台未置放書表範例')
  })

  it('does not modify the input item', () => {
    const before = item()
    const frozen = JSON.stringify(before)
    act(before, 'start', 'branchStaff')
    expect(JSON.stringify(before)).toBe(frozen)
  })

  it('cancel and reopen need the committee and a reason', () => {
    const cancelled = act(item('in_progress'), 'cancel', 'agencyAdmin', { note: '重複列管' }).item
    expect(cancelled.status).toBe('cancelled')
    expect(act(cancelled, 'reopen', 'convener', { note: '確認非重複' }).item.status).toBe('in_progress')
  })
})

describe('lifecycle: refusals', () => {
  it.each<[RemediationStatus, RemediationAction, ActorRole, Partial<RemediationCommand>, DomainErrorCode]>([
    ['open', 'submit', 'branchManager', { note: 'x' }, 'ILLEGAL_TRANSITION'],
    ['open', 'verify', 'convener', {}, 'ILLEGAL_TRANSITION'],
    ['in_progress', 'verify', 'convener', {}, 'ILLEGAL_TRANSITION'],
    ['closed', 'start', 'branchStaff', {}, 'ILLEGAL_TRANSITION'],
    ['closed', 'cancel', 'convener', { note: 'x' }, 'ILLEGAL_TRANSITION'],
    ['cancelled', 'verify', 'convener', {}, 'ILLEGAL_TRANSITION'],
    ['open', 'start', 'viewer', {}, 'ROLE_NOT_ALLOWED'],
    ['open', 'start', 'convener', {}, 'ROLE_NOT_ALLOWED'],
    ['in_progress', 'submit', 'branchStaff', { note: 'x' }, 'ROLE_NOT_ALLOWED'],
    ['submitted', 'verify', 'member', {}, 'ROLE_NOT_ALLOWED'],
    ['submitted', 'verify', 'branchManager', {}, 'ROLE_NOT_ALLOWED'],
    ['submitted', 'return', 'viewer', { note: 'x' }, 'ROLE_NOT_ALLOWED'],
    ['submitted', 'return', 'secretary', {}, 'REASON_REQUIRED'],
    ['submitted', 'return', 'secretary', { note: '   ' }, 'REASON_REQUIRED'],
    ['open', 'cancel', 'convener', { note: '' }, 'REASON_REQUIRED'],
    ['closed', 'reopen', 'agencyAdmin', {}, 'REASON_REQUIRED'],
    ['in_progress', 'submit', 'branchManager', {}, 'EVIDENCE_REQUIRED'],
    ['in_progress', 'submit', 'branchManager', { evidence: [' '], note: ' ' }, 'EVIDENCE_REQUIRED'],
    ['in_progress', 'postProgress', 'branchStaff', {}, 'EVIDENCE_REQUIRED'],
    ['open', 'start', 'branchStaff', { at: '2025-02-30' }, 'INVALID_DATE'],
    ['open', 'start', 'branchStaff', { at: 'yesterday' }, 'INVALID_DATE'],
  ])('%s + %s by %s %o → %s', (status, action, role, extra, code) => {
    expect(codeOf(() => act(item(status), action, role, extra))).toBe(code)
  })

  it('a submission with evidence only, or a note only, is accepted', () => {
    expect(act(item('in_progress'), 'submit', 'branchManager', { evidence: ['file:9'] }).item.status).toBe('submitted')
    expect(act(item('in_progress'), 'submit', 'branchManager', { note: '已於4月1日完成' }).item.status).toBe('submitted')
  })
})

describe('allowedActions', () => {
  it.each<[RemediationStatus, ActorRole, RemediationAction[]]>([
    ['open', 'branchStaff', ['start']],
    ['open', 'secretary', ['cancel']],
    ['in_progress', 'branchManager', ['postProgress', 'submit']],
    ['in_progress', 'branchStaff', ['postProgress']],
    ['submitted', 'secretary', ['verify', 'return', 'cancel']],
    ['submitted', 'branchManager', []],
    ['returned', 'branchStaff', ['start']],
    ['closed', 'convener', ['reopen']],
    ['closed', 'branchManager', []],
    ['submitted', 'member', []],
    ['submitted', 'viewer', []],
  ])('%s for %s: %o', (status, role, actions) => {
    expect(allowedActions({ status }, role)).toEqual(actions)
  })

  it('agrees with applyRemediationAction for every status, role and action', () => {
    for (const status of REMEDIATION_STATUSES) {
      for (const role of ACTOR_ROLES) {
        const allowed = allowedActions({ status }, role)
        for (const action of REMEDIATION_ACTIONS) {
          const run = () => act(item(status), action, role, { note: 'reason', evidence: ['file:1'] })
          if (allowed.includes(action)) expect(run).not.toThrow()
          else expect(run).toThrow(DomainError)
        }
      }
    }
  })

  it('the only row into closed is verify from submitted', () => {
    expect(REMEDIATION_TRANSITIONS.filter((t) => t.to === 'closed')).toEqual([expect.objectContaining({ action: 'verify', from: ['submitted'] })])
  })
})

describe('isOverdue', () => {
  it.each<[RemediationStatus, string | null, string, boolean]>([
    ['in_progress', '2025-03-04', '2025-03-05', true],
    ['in_progress', '2025-03-05', '2025-03-05', false],
    ['in_progress', '2025-03-06', '2025-03-05', false],
    ['open', '2024-12-31', '2025-01-01', true],
    ['submitted', '2025-03-04', '2025-03-05', true],
    ['returned', '2025-03-04', '2025-03-05', true],
    ['closed', '2025-03-04', '2025-03-05', false],
    ['cancelled', '2025-03-04', '2025-03-05', false],
    ['open', null, '2025-03-05', false],
  ])('%s due %s on %s → %s', (status, dueDate, today, overdue) => {
    expect(isOverdue({ status, dueDate }, today)).toBe(overdue)
  })

  it('refuses an invalid today', () => {
    expect(codeOf(() => isOverdue({ status: 'open', dueDate: '2025-03-04' }, '2025/03/05'))).toBe('INVALID_DATE')
  })

  it('property: overdue iff dueDate < today and not closed/cancelled', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REMEDIATION_STATUSES),
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: 0, max: 30_000 }),
        (status, delta, base) => {
          const today = addCalendarDays('1990-01-01', base)
          const dueDate = addCalendarDays(today, delta)
          const expected = delta < 0 && status !== 'closed' && status !== 'cancelled'
          expect(isOverdue({ status, dueDate }, today)).toBe(expected)
        },
      ),
    )
  })
})

describe('carryOver', () => {
  it('carries unclosed items into the next round with their history and the first round', () => {
    const started = act(item('open', { id: 1 }), 'start', 'branchStaff').item
    const items = [started, item('closed', { id: 2 }), item('cancelled', { id: 3 }), item('submitted', { id: 4 })]
    const carried = carryOver(items, { rocYear: 114, half: 2 }, '2025-07-01')
    expect(carried.map((i) => i.id)).toEqual([1, 4])
    const first = carried[0]!
    expect(first.round).toEqual({ rocYear: 114, half: 2 })
    expect(first.originRound).toEqual({ rocYear: 114, half: 1 })
    expect(first.status).toBe('in_progress')
    expect(first.dueDate).toBe('2025-04-30')
    expect(first.timeline.map((e) => e.action)).toEqual(['start', 'carryOver'])
    expect(first.timeline[1]).toMatchObject({ from: 'in_progress', to: 'in_progress', actorRole: null, note: '114年上半年 → 114年下半年' })

    const twice = carryOver(carried, { rocYear: 115, half: 1 }, '2026-01-02')
    expect(twice[0]!.originRound).toEqual({ rocYear: 114, half: 1 })
    expect(twice[0]!.timeline).toHaveLength(3)
    expect(items[0]!.round).toEqual({ rocYear: 114, half: 1 })
  })
})

describe('property: random action sequences', () => {
  // Biased towards roles and inputs the table accepts, so sequences get far enough to close items;
  // wrong roles, blank notes and missing evidence still appear.
  const command = fc.constantFrom(...REMEDIATION_ACTIONS).chain((action) =>
    fc.record({
      action: fc.constant(action),
      actorRole: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...transitionFor(action).roles) }, { weight: 1, arbitrary: fc.constantFrom(...ACTOR_ROLES) }),
      note: fc.oneof({ weight: 4, arbitrary: fc.constant('理由') }, { weight: 1, arbitrary: fc.constantFrom('', '  ', undefined) }),
      evidence: fc.constantFrom(undefined, [], ['file:1']),
    }),
  )

  it('no item reaches closed without having been submitted, and refused actions change nothing', () => {
    let closedRuns = 0
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        let x = item()
        for (const c of commands) {
          const before = x
          try {
            const result = applyRemediationAction(x, { ...c, at: AT })
            x = result.item
            expect(x.timeline.at(-1)).toBe(result.event)
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError)
            expect(x).toBe(before)
            continue
          }
          if (x.status === 'closed') {
            closedRuns += 1
            const last = x.timeline.at(-1)!
            expect(last).toMatchObject({ action: 'verify', from: 'submitted' })
            // The submission that led here is in the history after the last (re)opening.
            const since = x.timeline.slice(0, -1)
            const lastReopen = since.map((e) => e.action).lastIndexOf('reopen')
            expect(since.slice(lastReopen + 1).some((e) => e.action === 'submit')).toBe(true)
          }
        }
        // Each event chains from the previous one's target.
        x.timeline.forEach((e, i) => {
          expect(e.from).toBe(i === 0 ? 'open' : x.timeline[i - 1]!.to)
        })
      }),
      { numRuns: 500 },
    )
    // The generator must actually reach `closed`, or the property says nothing.
    expect(closedRuns).toBeGreaterThan(0)
  })
})

describe('remediation refusals word states and roles in Chinese', () => {
  const closed = { status: 'closed' as const, dueDate: null, round: { rocYear: 114, half: 1 as const }, timeline: [] }
  it('names the state in Chinese in the Chinese half, and in English in the English half', () => {
    try {
      applyRemediationAction(closed, { action: 'submit', actorRole: 'branchManager', at: '2025-03-05' })
      expect.unreachable()
    } catch (error) {
      const message = (error as Error).message
      expect(message).toMatch(/^此項目目前為「解除列管」，不能「提報完成」/)
      expect(message.split('(')[0]).not.toMatch(/[a-z]/i)
      expect(message).toContain('closed')
    }
  })
  it('names the role in Chinese, never its identifier', () => {
    const submitted = { ...closed, status: 'submitted' as const }
    try {
      applyRemediationAction(submitted, { action: 'verify', actorRole: 'branchStaff', at: '2025-03-05' })
      expect.unreachable()
    } catch (error) {
      expect((error as Error).message).toMatch(/^分署承辦人不能「解除列管」/)
      expect((error as Error).message).not.toContain('branchStaff')
    }
  })
})
