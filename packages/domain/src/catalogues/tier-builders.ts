// Internal helpers that keep the catalogue data files readable: tiers are data, these only spell them.
import type { IndicatorOp, IndicatorRule, RubricTier } from '../catalogue.js'
import type { IndicatorKey } from '../indicator-keys.js'

const IDS = ['A', 'B', 'C', 'D', 'E', 'F']

const LADDERS: Record<number, [string, string][]> = {
  4: [
    ['優良', 'excellent'],
    ['良好', 'good'],
    ['待加強', 'needs improvement'],
    ['未辦理', 'not done'],
  ],
  5: [
    ['優良', 'excellent'],
    ['良好', 'good'],
    ['尚可', 'fair'],
    ['待加強', 'needs improvement'],
    ['未辦理', 'not done'],
  ],
}

/** Tiers the committee judges without a measured indicator, highest first. */
export function judged(...points: number[]): RubricTier[] {
  const ladder = LADDERS[points.length]
  if (!ladder) throw new Error(`no label ladder for ${points.length} tiers`)
  return points.map((p, i) => {
    const [zh, en] = ladder[i] as [string, string]
    return { id: IDS[i] as string, label: { zh, en }, points: p }
  })
}

/** One measured step: points, comparison, threshold, and the label (zh, en). */
export type Step = [points: number, op: IndicatorOp, value: number, zh: string, en: string]

/** Tiers decided by one indicator, highest first; every tier, the lowest included, carries its rule. */
export function measured(indicator: IndicatorKey, ...steps: Step[]): RubricTier[] {
  return steps.map(([points, op, value, zh, en], i) => {
    const rule: IndicatorRule = { indicator, op, value }
    return { id: IDS[i] as string, label: { zh, en }, points, rule }
  })
}
