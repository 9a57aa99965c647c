import { ratioPercent, roundRational, toRational } from '../rounding.js'
import { invalidIndicator, requireAmount, requireCount, resolveSample } from './validate.js'

/** The five answer buckets of 申辦案件所花費的時間 (seed 002, item K), with the minutes each stands for. */
export const WAITING_TIME_BUCKETS = [
  { label: '5分鐘以內', fromMinutes: 0, toMinutes: 5, midpoint: 2.5 },
  { label: '5至15分鐘', fromMinutes: 5, toMinutes: 15, midpoint: 10 },
  { label: '15至30分鐘', fromMinutes: 15, toMinutes: 30, midpoint: 22.5 },
  { label: '30至60分鐘', fromMinutes: 30, toMinutes: 60, midpoint: 45 },
  { label: '60分鐘以上', fromMinutes: 60, toMinutes: null, midpoint: null },
] as const

/**
 * How the open "≥60" bucket is averaged: `published` counts it as 30 minutes — the formula printed
 * in seed 002 ((60 × n) ÷ 2), a quirk kept so the seeds' figures reproduce; `corrected` counts it as
 * `openBucketMinutes` (default 60).
 */
export type WaitingTimeMode = 'published' | 'corrected'

/** Answers to the waiting-time question. */
export interface WaitingTimeTally {
  /** Answers per bucket, shortest first: ≤5, 5–15, 15–30, 30–60, ≥60 minutes. */
  buckets: readonly number[]
  /** Forms with no answer or two boxes ticked; default 0. */
  invalid?: number
  /** Forms returned; if given, it must equal the answers plus `invalid`. */
  returned?: number
}

/** Options of {@link waitingTimeSummary}. */
export interface WaitingTimeOptions {
  mode: WaitingTimeMode
  /** Minutes the ≥60 bucket stands for in `corrected` mode; default 60; ignored in `published` mode. */
  openBucketMinutes?: number
}

/** Result of {@link waitingTimeSummary}. Shares are percentages of valid answers, half up to 2 decimals. */
export interface WaitingTimeSummary {
  returned: number
  invalid: number
  valid: number
  /** Share per bucket; `null` entries when valid is 0. */
  shares: (number | null)[]
  /** (≤5 + 5–15) / valid × 100 — the "served within 15 minutes" indicator. */
  within15Share: number | null
  /** (≤5 + 5–15 + 15–30) / valid × 100. */
  within30Share: number | null
  /** Weighted mean in minutes, half up to 2 decimals; `null` when valid is 0. */
  averageMinutes: number | null
  mode: WaitingTimeMode
  /** Minutes used for the ≥60 bucket (30 in published mode). */
  openBucketMinutes: number
}

/**
 * Summarises the waiting-time question (DOMAIN.md §4): within-15 share = (b1 + b2) / valid;
 * average = (2.5·b1 + 10·b2 + 22.5·b3 + 45·b4 + w·b5) / valid with w = 30 (`published`) or
 * `openBucketMinutes` (`corrected`, default 60). All half up to 2 decimals, computed exactly.
 * @throws DomainError `INVALID_INDICATOR` naming the field: not five buckets, a negative count,
 *   invalid > returned, returned ≠ answers + invalid, an unknown mode, a negative openBucketMinutes.
 * @example waitingTimeSummary({ buckets: [69, 52, 13, 2, 0], invalid: 30, returned: 166 }, { mode: 'published' }).averageMinutes // 7.9
 */
export function waitingTimeSummary(tally: WaitingTimeTally, options: WaitingTimeOptions): WaitingTimeSummary {
  if (tally === null || typeof tally !== 'object' || Array.isArray(tally)) throw invalidIndicator('tally', 'must be an object with buckets')
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw invalidIndicator('options', 'must be an object with mode (published or corrected)')
  if (!Array.isArray(tally.buckets) || tally.buckets.length !== WAITING_TIME_BUCKETS.length) {
    throw invalidIndicator('buckets', 'needs 5 counts: ≤5, 5–15, 15–30, 30–60, ≥60 minutes')
  }
  if (options.mode !== 'published' && options.mode !== 'corrected') throw invalidIndicator('mode', 'must be published or corrected')
  const open = options.mode === 'published' ? 30 : requireAmount(options.openBucketMinutes ?? 60, 'openBucketMinutes')
  const b = tally.buckets.map((c, i) => requireCount(c, ['buckets', i]))
  const answered = b.reduce((x, y) => x + y, 0)
  const { returned, invalid, valid } = resolveSample(answered, tally.invalid, tally.returned)
  const share = (n: number): number | null => (valid === 0 ? null : ratioPercent(n, valid))
  const weights = [...WAITING_TIME_BUCKETS.slice(0, 4).map((x) => x.midpoint as number), open].map((w) => toRational(w, 'openBucketMinutes'))
  // Σ wᵢ·bᵢ over a common denominator, exactly; then divide by valid.
  const den = weights.reduce((d, w) => d * w.den, 1n)
  const num = weights.reduce((s, w, i) => s + (w.num * (den / w.den)) * BigInt(b[i]!), 0n)
  return {
    returned,
    invalid,
    valid,
    shares: b.map(share),
    within15Share: share(b[0]! + b[1]!),
    within30Share: share(b[0]! + b[1]! + b[2]!),
    averageMinutes: valid === 0 ? null : roundRational({ num, den: den * BigInt(valid) }),
    mode: options.mode,
    openBucketMinutes: open,
  }
}
