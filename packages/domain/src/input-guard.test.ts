import { describe, expect, it } from 'vitest'
import * as domain from './index.js'

/**
 * Every exported function, called from plain JavaScript with bad input, refuses with a DomainError
 * naming the field — never a raw TypeError/RangeError. The generator starts from one valid call per
 * function and replaces each value in its arguments (at every depth) with hostile values of every
 * JSON and JavaScript type, and also drops arguments (a missing options object included).
 */

const v2 = domain.SERVICE_LEAP_V2
const v1 = domain.QUALITY_V1
const firstCode = v2.dimensions[0]!.criteria[0]!.code
const firstTier = v2.dimensions[0]!.criteria[0]!.tiers[0]!
const round = { rocYear: 114, half: 1 }
const item = { status: 'open', dueDate: '2025-06-30', round, timeline: [] }
const fullEntries = v2.dimensions.flatMap((d) => d.criteria.map((c) => ({ criterionCode: c.code, tierId: c.tiers[0]!.id })))

/** One valid call per exported function. Adding an export without an example fails the test below. */
const examples: Record<string, unknown[]> = {
  matchBranchUnit: ['執行科', [{ name: '執行一科' }]],
  diffCatalogues: [v1, v2],
  validateMapping: [domain.QUALITY_V1_TO_SERVICE_LEAP_V2, v1, v2],
  carryScores: [domain.QUALITY_V1_TO_SERVICE_LEAP_V2, v1, v2, {}],
  validateCatalogue: [v2],
  catalogueShapeIssues: [v2],
  parseCatalogue: [v2],
  proposeConsensus: [v2, { sheets: [{ memberId: 'a', entries: fullEntries }], recusedMemberIds: [], spreadShare: 0.2 }],
  isDomainError: [new Error('x')],
  transitionFor: ['start'],
  allowedActions: [item, 'branchManager'],
  applyRemediationAction: [item, { action: 'start', actorRole: 'branchManager', at: '2025-03-05T01:00:00Z', note: 'n', evidence: [] }],
  isOverdue: [item, '2025-07-01'],
  carryOver: [[item], { rocYear: 114, half: 2 }, '2025-07-01T00:00:00Z'],
  parseIsoDate: ['2025-03-05'],
  isIsoDate: ['2025-03-05'],
  isoToRoc: ['2025-03-05'],
  rocToIso: [{ rocYear: 114, month: 3, day: 5 }],
  formatRocDate: ['2025-03-05', 'long'],
  parseRocDate: ['114年3月5日'],
  addCalendarDays: ['2025-03-05', 10],
  daysBetween: ['2025-03-01', '2025-03-07'],
  compareIsoDates: ['2025-03-01', '2025-03-07'],
  taipeiDate: [new Date('2025-03-04T16:00:00Z')],
  roundLabel: [round],
  parseRound: ['114年上半年'],
  roundKey: [round],
  roundOf: ['2025-07-01'],
  roundRange: [round],
  nextRound: [round],
  compareRounds: [round, { rocYear: 114, half: 2 }],
  reportPeriodRange: [{ rocYear: 114, report: 1 }],
  reportPeriodLabel: [{ rocYear: 114, report: 2 }],
  roundHalfUp: [1.005, 2],
  roundRatio: [1, 3, 2],
  ratioPercent: [121, 136, 2],
  meanHalfUp: [[1, 2, 4], 2],
  formatPercent: [96.3, { decimals: 2 }],
  scoreSheet: [v2, [{ criterionCode: firstCode, tierId: firstTier.id, finding: 'x', unit: '秘書室' }]],
  assertSheetComplete: [domain.scoreSheet(v2, fullEntries)],
  suggestTiers: [v2, { environmentSatisfaction: 85 }],
  attitudeAssessment: [{ survey: 2, phone: -1 }, domain.DEFAULT_ATTITUDE_CONFIG],
  disclosureRatio: [{ applicable: [1, 2, 3], published: [1, 2] }],
  petitionTimeliness: [[{ category: '其他', channel: '口頭', receivedOn: '2025-03-01', closedOn: '2025-03-07' }], { deadlineDays: 6 }],
  objectionTimeliness: [
    [{ receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-03-10', decidedOn: '2025-03-30' }],
    { asOf: '2025-04-30' },
  ],
  objectionDeadlines: [{ receivedOn: '2025-03-01', finding: 'unfounded', forwardedOn: '2025-03-10' }],
  cadenceGaps: [
    {
      from: '2025-01-01',
      to: '2025-06-30',
      asOf: '2025-07-01',
      meetings: ['2025-03-01'],
      phoneTests: ['2025-01-05'],
      attitudeAssessments: ['2025-01-06'],
      surveys: ['2025-02-01'],
    },
  ],
  phoneCourtesyBand: [85, domain.DEFAULT_PHONE_COURTESY_BANDS],
  assertPartsAddUp: [{ a: 40, b: 50 }, 90, ['total']],
  poolTallies: [[{ scale: 'four', counts: [1, 2, 3, 4], invalid: 1 }, { scale: 'four', counts: [4, 3, 2, 1], invalid: 0 }]],
  assertClosedAfterReceived: ['2025-03-01', '2025-03-05', ['closedOn']],
  resolveScoreValue: [v2, { criterionCode: firstCode, tierId: firstTier.id }],
  isErrorCode: ['NOT_FOUND'],
  defaultDueDate: ['2026-12-07', 90],
  urgencyRank: [item, '2025-07-01', 14],
  compareByUrgency: [{ ...item, id: 1 }, { ...item, id: 2 }, '2025-07-01', 14],
  auditActionLabel: ['remediation.create', 'remediation_item', 'zh-TW'],
  auditEntityLabel: ['remediation_item', 'zh-TW'],
  auditFieldLabel: ['dueDate', 'en'],
  phoneCourtesySummary: [[85, 90], domain.DEFAULT_PHONE_COURTESY_BANDS],
  checkPublished: [88.97, 88.97, 2],
  checkPublishedTotal: [[50, 50], 100, 2],
  sharesFitDenominator: [[50, 50], 2, 2],
  fittingDenominators: [[50, 50], 1, 10, 2],
  noonCollectionShare: [10, 100],
  responseRate: [90, 100],
  countShare: [1, 3],
  surveySatisfaction: [{ scale: 'five', counts: [10, 5, 3, 1, 1], invalid: 1, returned: 21 }],
  waitingTimeSummary: [{ buckets: [10, 5, 3, 1, 1], invalid: 0 }, { mode: 'published' }],
}

const hostile: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 53),
  '',
  'x',
  '２０２５-０３-０５',
  '\u0000',
  true,
  [],
  {},
  [null],
  [[[[[]]]]],
  { rocYear: 'a' },
  () => 1,
  Symbol('s'),
  10n,
  new Date(Number.NaN),
  Object.create(null) as unknown,
]

/** Every path inside `value` (objects and arrays, to a bounded depth and breadth). */
function pathsOf(value: unknown, depth = 0): (string | number)[][] {
  if (depth > 4 || value === null || typeof value !== 'object' || value instanceof Date) return []
  const entries = Array.isArray(value) ? value.slice(0, 3).map((v, i) => [i, v] as const) : Object.entries(value).slice(0, 12)
  return entries.flatMap(([k, v]) => [[k], ...pathsOf(v, depth + 1).map((p) => [k, ...p])])
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v))
  const obj = value as Record<string, unknown>
  return { ...obj, [head!]: replaceAt(obj[head!], rest, replacement) }
}

function describeCall(name: string, args: unknown[]): string {
  const show = (a: unknown) => {
    try {
      return typeof a === 'symbol' || typeof a === 'function' ? String(a) : JSON.stringify(a, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))?.slice(0, 80)
    } catch {
      return Object.prototype.toString.call(a)
    }
  }
  return `${name}(${args.map(show).join(', ')})`
}

/** Calls `fn` and returns a description of the failure if it threw anything but a DomainError naming a field. */
function misbehaviour(name: string, fn: (...a: unknown[]) => unknown, args: unknown[]): string | null {
  try {
    fn(...args)
    return null
  } catch (error) {
    if (!domain.isDomainError(error)) return `${describeCall(name, args)} threw ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`
    if (!error.message) return `${describeCall(name, args)} threw a DomainError without a message`
    return null
  }
}

const functions = Object.entries(domain).filter(([name, v]) => typeof v === 'function' && /^[a-z]/.test(name)) as [string, (...a: unknown[]) => unknown][]

describe('every exported domain function refuses bad input with a DomainError', () => {
  it('has a valid example for every exported function (so a new export is fuzzed too)', () => {
    expect(functions.map(([n]) => n).filter((n) => !(n in examples))).toEqual([])
  })

  it.each(functions.map(([n, f]) => [n, f] as const))('%s', (name, fn) => {
    const example = examples[name]!
    expect(misbehaviour(name, fn, example), 'the valid example itself is accepted').toBeNull()
    const problems: string[] = []
    const check = (args: unknown[]) => {
      const p = misbehaviour(name, fn, args)
      if (p && problems.length < 5) problems.push(p)
    }
    // Missing arguments: none, and each trailing one dropped (a missing options object included).
    for (let n = 0; n < example.length; n++) check(example.slice(0, n))
    // Every argument and every value inside one replaced by each hostile value.
    for (let i = 0; i < example.length; i++) {
      for (const bad of hostile) check(example.map((a, j) => (j === i ? bad : a)))
      for (const path of pathsOf(example[i])) {
        for (const bad of hostile) check(example.map((a, j) => (j === i ? replaceAt(a, path, bad) : a)))
      }
    }
    expect(problems).toEqual([])
  })
})
